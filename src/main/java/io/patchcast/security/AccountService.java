package io.patchcast.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

import io.patchcast.common.Hashes;
import io.patchcast.common.Problem;
import io.patchcast.common.ProblemException;
import io.patchcast.common.Text;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Signing in (password, then the second factor where one applies), changing one's password and managing one's
 * second factor. Every password check goes through here, form and HTTP Basic alike, so all of them are throttled
 * and refuse disabled users.
 */
@ApplicationScoped
@Transactional
public class AccountService {

    static final int RECOVERY_CODES = 10;
    static final int MAX_SECOND_FACTOR_FAILURES = 5;

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Checked when the login does not exist, so that the answer takes as long as for a wrong password. */
    private static final String ABSENT_USER_HASH = BcryptUtil.bcryptHash("no such user: equal timing");

    @Inject
    SecurityConfig config;

    @Inject
    ThrottleService throttle;

    @Inject
    SessionService sessions;

    @Inject
    PasswordPolicy policy;

    @Inject
    Clock clock;

    public enum Outcome {
        /** Signed in. */
        SIGNED_IN,
        /** Right password; the second factor (or its enrolment) comes next. */
        SECOND_FACTOR,
        /** Wrong login or password, or a disabled user: one answer for all, so logins cannot be probed. */
        FAILED,
        /** Too many failures: not checked at all. */
        THROTTLED
    }

    /** The result of a password check; {@code user} for the first two outcomes. */
    public record SignIn(Outcome outcome, AppUser user, Instant retryAfter) {
    }

    /** The identity a password check yields, as HTTP Basic needs it. */
    public record Principal(String username, String role, String displayName, Long customerId) {
    }

    public SignIn checkPassword(String username, String password, String address) {
        if (username == null || username.isBlank() || password == null || username.length() > 100
                || password.length() > 1024 || Text.problem(username) != null) {
            // no such login can exist, so nothing is checked or counted (and nothing unstorable is stored)
            return new SignIn(Outcome.FAILED, null, null);
        }
        String login = username.strip();
        Optional<Instant> blocked = throttle.blockedUntil(login, address);
        if (blocked.isPresent()) {
            Log.warnf("Sign-in of '%s' from %s refused unchecked: throttled until %s", Text.forLog(login), address,
                    blocked.get());
            return new SignIn(Outcome.THROTTLED, null, blocked.get());
        }
        Optional<AppUser> user = AppUser.findByUsername(login);
        boolean right = BcryptUtil.matches(password, user.map(u -> u.passwordHash).orElse(ABSENT_USER_HASH));
        if (!right || user.isEmpty() || user.get().disabled) {
            throttle.failed(login, address);
            Log.warnf("Failed sign-in of '%s' from %s%s", Text.forLog(login), address,
                    right && user.isPresent() ? " (user is disabled)" : "");
            return new SignIn(Outcome.FAILED, null, null);
        }
        throttle.succeeded(login);
        AppUser u = user.get();
        return new SignIn(needsSecondFactor(u) ? Outcome.SECOND_FACTOR : Outcome.SIGNED_IN, u, null);
    }

    /** HTTP Basic: the password, and no second factor, so refused where one applies unless configured otherwise. */
    public Optional<Principal> basic(String username, String password, String address) {
        SignIn result = checkPassword(username, password, address);
        boolean ok = result.outcome() == Outcome.SIGNED_IN
                || result.outcome() == Outcome.SECOND_FACTOR && config.mfa().basicWithoutSecondFactor();
        if (result.outcome() == Outcome.SECOND_FACTOR && !ok) {
            Log.infof("HTTP Basic refused for '%s': the account signs in with a second factor", Text.forLog(username));
        }
        return ok ? Optional.of(principal(result.user())) : Optional.empty();
    }

    /** Form login: a session, or the second-factor step; returns the outcome and the cookie secret. */
    public record FormSignIn(Outcome outcome, String secret, Instant retryAfter) {
    }

    public FormSignIn formSignIn(String username, String password, String address, String previousSecret) {
        SignIn result = checkPassword(username, password, address);
        if (result.user() == null) {
            return new FormSignIn(result.outcome(), null, result.retryAfter());
        }
        // a new secret at every sign-in: a session planted before it (fixation) is worth nothing
        sessions.end(previousSecret);
        boolean pending = result.outcome() == Outcome.SECOND_FACTOR;
        Log.infof("'%s' signed in from %s%s", result.user().username, address, pending ? ", second factor next" : "");
        return new FormSignIn(result.outcome(), sessions.start(result.user(), pending, address), null);
    }

    public boolean needsSecondFactor(AppUser user) {
        return user.totpEnabled || user.isStaff() && config.mfa().requiredForStaff();
    }

    /** What the second-factor page shows for a pending step. */
    public record SecondFactorStep(String username, boolean enrol, String secret, String uri) {
    }

    /** The pending step of this cookie; for an account without a second factor yet, a secret to enrol. */
    public Optional<SecondFactorStep> secondFactorStep(String pendingSecret) {
        return sessions.pending(pendingSecret).map(s -> {
            AppUser u = s.user;
            if (u.totpEnabled) {
                return new SecondFactorStep(u.username, false, null, null);
            }
            if (u.totpSecret == null) {
                u.totpSecret = Totp.newSecret();
            }
            return new SecondFactorStep(u.username, true, u.totpSecret,
                    Totp.uri(config.mfa().issuer(), u.username, u.totpSecret));
        });
    }

    /** The result of the second factor: the new session's secret and, after an enrolment, the recovery codes. */
    public record SecondFactorResult(String sessionSecret, List<String> recoveryCodes, String error,
            boolean startOver) {
    }

    public SecondFactorResult completeSecondFactor(String pendingSecret, String code, String address) {
        Optional<UserSession> step = sessions.pending(pendingSecret);
        if (step.isEmpty()) {
            return new SecondFactorResult(null, List.of(), "The sign-in took too long. Sign in again.", true);
        }
        UserSession s = step.get();
        AppUser u = s.user;
        Optional<Instant> blocked = throttle.blockedUntil(u.username, address);
        if (blocked.isPresent()) {
            s.delete();
            return new SecondFactorResult(null, List.of(), "Too many failed attempts. Wait a few minutes and sign"
                    + " in again.", true);
        }
        boolean enrolling = !u.totpEnabled;
        boolean ok = acceptCode(u, code) || !enrolling && useRecoveryCode(u, code);
        if (!ok) {
            throttle.failed(u.username, address);
            s.mfaFailures++;
            Log.warnf("Wrong second factor for '%s' from %s (%d in this sign-in)", u.username, address,
                    s.mfaFailures);
            if (s.mfaFailures >= MAX_SECOND_FACTOR_FAILURES) {
                s.delete();
                return new SecondFactorResult(null, List.of(), "Too many wrong codes. Sign in again.", true);
            }
            return new SecondFactorResult(null, List.of(), "That code is not right. Use the current code from"
                    + " your authenticator app" + (enrolling ? "." : ", or a recovery code."), false);
        }
        List<String> codes = List.of();
        if (enrolling) {
            u.totpEnabled = true;
            codes = newRecoveryCodes(u);
            Log.infof("'%s' enrolled a second factor", u.username);
        }
        s.delete();
        return new SecondFactorResult(sessions.start(u, false, address), codes, null, false);
    }

    /** Starts enrolling a second factor from the account page: a new secret, not in force until confirmed. */
    public SecondFactorStep beginEnrolment(Viewer viewer) {
        AppUser u = require(viewer);
        if (u.totpEnabled) {
            throw ProblemException.conflict("A second factor is already set up. Remove it first to set up another.");
        }
        u.totpSecret = Totp.newSecret();
        return new SecondFactorStep(u.username, true, u.totpSecret,
                Totp.uri(config.mfa().issuer(), u.username, u.totpSecret));
    }

    /** The enrolment started from the account page and not yet confirmed. */
    public SecondFactorStep enrolmentInProgress(Viewer viewer) {
        AppUser u = require(viewer);
        if (u.totpEnabled || u.totpSecret == null) {
            return beginEnrolment(viewer);
        }
        return new SecondFactorStep(u.username, true, u.totpSecret,
                Totp.uri(config.mfa().issuer(), u.username, u.totpSecret));
    }

    /** Confirms the enrolment with a code; returns the recovery codes, shown once. */
    public List<String> confirmEnrolment(Viewer viewer, String code) {
        AppUser u = require(viewer);
        if (u.totpEnabled || u.totpSecret == null) {
            throw ProblemException.conflict("Start setting up the second factor again.");
        }
        if (!acceptCode(u, code)) {
            throw ProblemException.badRequest("code", "is not the current code of your authenticator app");
        }
        u.totpEnabled = true;
        Log.infof("'%s' enrolled a second factor", u.username);
        return newRecoveryCodes(u);
    }

    /** Removes one's own second factor (needs the password); staff cannot where it is required. */
    public void removeSecondFactor(Viewer viewer, String password) {
        AppUser u = require(viewer);
        if (u.isStaff() && config.mfa().requiredForStaff()) {
            throw ProblemException.refused("second-factor-required", "Staff must keep a second factor.",
                    java.util.Map.of());
        }
        if (password == null || !BcryptUtil.matches(password, u.passwordHash)) {
            throw ProblemException.badRequest("password", "is not your current password");
        }
        clearSecondFactor(u);
        Log.infof("'%s' removed their second factor", u.username);
    }

    /** How many sessions of one's account are open (this one included). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long openSessions(Viewer viewer) {
        return UserSession.count("user.username = ?1 and pending = false", viewer.username());
    }

    /** Ends every session of one's account but the current one (a lost laptop, a shared computer). */
    public long endOtherSessions(Viewer viewer, String keepSecret) {
        return sessions.endAll(require(viewer), keepSecret, "signed out elsewhere by the user");
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean hasSecondFactor(Viewer viewer) {
        return AppUser.findByUsername(viewer.username()).map(u -> u.totpEnabled).orElse(false);
    }

    /** Changes one's own password and ends every other session of the account. */
    public void changePassword(Viewer viewer, String current, String next, String confirmation, String keepSecret) {
        AppUser u = require(viewer);
        List<Problem.FieldError> errors = new ArrayList<>();
        if (current == null || !BcryptUtil.matches(current, u.passwordHash)) {
            errors.add(new Problem.FieldError("currentPassword", "is not your current password"));
        }
        policy.problem(next, u.username).ifPresent(p -> errors.add(new Problem.FieldError("newPassword", p)));
        if (confirmation != null && !confirmation.equals(next)) {
            errors.add(new Problem.FieldError("confirmPassword", "does not match the new password"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        setPassword(u, next);
        sessions.endAll(u, keepSecret, "password changed");
        Log.infof("'%s' changed their password", u.username);
    }

    void setPassword(AppUser u, String password) {
        u.passwordHash = BcryptUtil.bcryptHash(password);
        u.passwordChangedAt = clock.instant();
    }

    void clearSecondFactor(AppUser u) {
        u.totpEnabled = false;
        u.totpSecret = null;
        u.totpLastStep = null;
        RecoveryCode.delete("user", u);
    }

    boolean acceptCode(AppUser u, String code) {
        OptionalLong step = Totp.verify(u.totpSecret, code, clock.instant(), u.totpLastStep);
        if (step.isPresent()) {
            u.totpLastStep = step.getAsLong();
            return true;
        }
        return false;
    }

    private boolean useRecoveryCode(AppUser u, String code) {
        if (code == null) {
            return false;
        }
        String normal = code.replace("-", "").replace(" ", "").strip().toLowerCase(Locale.ROOT);
        if (normal.length() != 10) {
            return false;
        }
        Optional<RecoveryCode> found = RecoveryCode.<RecoveryCode>find("user = ?1 and codeHash = ?2 and usedAt is null",
                u, Hashes.sha256Hex(normal)).firstResultOptional();
        found.ifPresent(rc -> {
            rc.usedAt = clock.instant();
            Log.infof("'%s' signed in with a recovery code", u.username);
        });
        return found.isPresent();
    }

    private List<String> newRecoveryCodes(AppUser u) {
        RecoveryCode.delete("user", u);
        String alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < 10; j++) {
                sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
            }
            RecoveryCode rc = new RecoveryCode();
            rc.user = u;
            rc.codeHash = Hashes.sha256Hex(sb.toString());
            rc.persist();
            codes.add(sb.substring(0, 5) + "-" + sb.substring(5));
        }
        return codes;
    }

    private static AppUser require(Viewer viewer) {
        if (viewer.username() == null || Role.AGENT.equals(viewer.role())) {
            throw new io.quarkus.security.ForbiddenException();
        }
        return AppUser.findByUsername(viewer.username()).orElseThrow(io.quarkus.security.ForbiddenException::new);
    }

    static Principal principal(AppUser u) {
        return new Principal(u.username, u.role, u.displayName, u.customer == null ? null : u.customer.id);
    }
}
