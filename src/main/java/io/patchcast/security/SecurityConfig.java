package io.patchcast.security;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Sessions, sign-in throttling and the second factor (issue 11). Every knob is documented in docs/security.md. */
@ConfigMapping(prefix = "patchcast.security")
public interface SecurityConfig {

    /** Sessions stored in the database, referenced by a random cookie. */
    Session session();

    /** Growing delay and temporary lock after failed sign-ins. */
    Throttle throttle();

    /** The second factor (TOTP, RFC 6238). */
    Mfa mfa();

    /**
     * Origins accepted for page posts besides the origin of {@code patchcast.base-url}, e.g. a second host name.
     * An entry ending in {@code :*} accepts any port of that scheme and host (dev and test, whose ports vary).
     */
    java.util.Optional<java.util.List<String>> extraOrigins();

    /** HSTS on https responses (direct or through a trusted proxy). */
    @WithDefault("P365D")
    Duration hstsMaxAge();

    interface Session {
        /** A session unused for this long ends (ASVS 3.3.2: 30 minutes at level 2). */
        @WithDefault("PT30M")
        Duration idleTimeout();

        /** A session ends this long after sign-in however busy it is (ASVS 3.3.2: 12 hours). */
        @WithDefault("PT12H")
        Duration maxAge();

        /** How long the step between a right password and the second factor may take. */
        @WithDefault("PT5M")
        Duration pendingTimeout();

        /** Last-seen is written at most this often per session, so a busy session is not a write per request. */
        @WithDefault("PT1M")
        Duration touchEvery();

        /** How often rows of ended sessions are deleted ({@code off} to never); housekeeping only. */
        @WithDefault("1h")
        String purgeEvery();
    }

    interface Throttle {
        /** Failures of one account allowed before each further attempt must wait. */
        @WithDefault("3")
        int accountFreeFailures();

        /** Failures of one account after which it is locked for {@link #lockFor()}. */
        @WithDefault("10")
        int accountLockAfter();

        /** Failures from one client address before each further attempt must wait (higher: offices share NAT). */
        @WithDefault("20")
        int addressFreeFailures();

        /** Failures from one address after which it is locked for {@link #lockFor()}. */
        @WithDefault("100")
        int addressLockAfter();

        /** The first wait; it doubles with every further failure, up to {@link #lockFor()}. */
        @WithDefault("PT1S")
        Duration initialDelay();

        /** How long a lock lasts. */
        @WithDefault("PT15M")
        Duration lockFor();

        /** Failures older than this are forgotten. */
        @WithDefault("PT1H")
        Duration forgetAfter();
    }

    interface Mfa {
        /** Staff (support, admin) must sign in with a second factor; without one they enrol at first sign-in. */
        @WithDefault("true")
        boolean requiredForStaff();

        /**
         * HTTP Basic carries no second factor. False: Basic is refused for accounts that have (or must have) a
         * second factor, so a password alone never opens them. True: Basic stays a password-only machine
         * credential for such accounts too.
         */
        @WithDefault("false")
        boolean basicWithoutSecondFactor();

        /** Issuer shown by authenticator apps. */
        @WithDefault("Patchcast")
        String issuer();

        /**
         * A fixed TOTP secret (base32) given to the demo staff logins when demo data is loaded and staff need a
         * second factor, so a demo can be tried with any authenticator app. Never used without demo data.
         */
        @WithDefault("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
        String demoStaffSecret();
    }
}
