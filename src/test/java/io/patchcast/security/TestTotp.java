package io.patchcast.security;

import java.nio.ByteBuffer;
import java.time.Instant;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What an authenticator app computes, written out here on its own (RFC 4648 base32, RFC 6238 with HMAC-SHA1) so
 * the end-to-end tests do not trust the code they test.
 */
final class TestTotp {

    private TestTotp() {
    }

    /** The code for the 30-second step {@code offset} steps from now. */
    static String code(String base32, int offset) throws Exception {
        long counter = Instant.now().getEpochSecond() / 30 + offset;
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(decode(base32), "HmacSHA1"));
        byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(counter).array());
        int o = h[19] & 0xf;
        int bin = (h[o] & 0x7f) << 24 | (h[o + 1] & 0xff) << 16 | (h[o + 2] & 0xff) << 8 | h[o + 3] & 0xff;
        return String.format("%06d", bin % 1_000_000);
    }

    private static byte[] decode(String base32) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        ByteBuffer out = ByteBuffer.allocate(base32.length());
        long buffer = 0;
        int bits = 0;
        for (char c : base32.toCharArray()) {
            buffer = buffer << 5 | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.put((byte) (buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }
}
