package io.patchcast.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** RFC 6238 appendix B vectors (SHA-1) and the rules around them: drift, replay, format. */
class TotpTest {

    /** The RFC's SHA-1 key, "12345678901234567890", in base32. */
    private static final String RFC_KEY = Totp.base32("12345678901234567890".getBytes(StandardCharsets.US_ASCII));

    @Test
    void matchesTheRfcVectors() {
        // 8-digit values from RFC 6238 appendix B; HOTP truncation makes the 6-digit code their last six digits
        long[][] vectors = { { 59, 94287082 }, { 1111111109, 7081804 }, { 1111111111, 14050471 },
                { 1234567890, 89005924 }, { 2000000000, 69279037 } };
        for (long[] v : vectors) {
            assertEquals(String.format("%08d", v[1]), Totp.hotp("12345678901234567890".getBytes(
                    StandardCharsets.US_ASCII), v[0] / 30, 8));
            assertEquals(String.format("%08d", v[1]).substring(2), Totp.code(RFC_KEY, v[0] / 30));
        }
    }

    @Test
    void acceptsOneStepOfDriftAndNeverTheSameStepTwice() {
        Instant now = Instant.ofEpochSecond(1234567890);
        long step = Totp.step(now);
        assertEquals(step - 1, Totp.verify(RFC_KEY, Totp.code(RFC_KEY, step - 1), now, null).getAsLong());
        assertEquals(step + 1, Totp.verify(RFC_KEY, Totp.code(RFC_KEY, step + 1), now, null).getAsLong());
        assertFalse(Totp.verify(RFC_KEY, Totp.code(RFC_KEY, step + 2), now, null).isPresent());
        assertFalse(Totp.verify(RFC_KEY, Totp.code(RFC_KEY, step), now, step).isPresent(), "a replayed code");
        assertTrue(Totp.verify(RFC_KEY, Totp.code(RFC_KEY, step + 1), now, step).isPresent());
        assertFalse(Totp.verify(RFC_KEY, "12345", now, null).isPresent());
        assertFalse(Totp.verify(RFC_KEY, "abcdef", now, null).isPresent());
    }

    @Test
    void base32RoundTripsAndTheUriNamesIssuerAndAccount() {
        String secret = Totp.newSecret();
        assertEquals(32, secret.length(), "160 bits");
        assertEquals(secret, Totp.base32(Totp.base32Decode(secret)));
        assertEquals("otpauth://totp/Patchcast:ada%20admin?secret=" + secret
                + "&issuer=Patchcast&algorithm=SHA1&digits=6&period=30", Totp.uri("Patchcast", "ada admin", secret));
    }
}
