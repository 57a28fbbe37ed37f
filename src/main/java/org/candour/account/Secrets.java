package org.candour.account;

import java.security.SecureRandom;
import java.util.Base64;
import org.candour.crypto.KeyedHash;

/** Bearer secrets (session cookies, API tokens): 32 random bytes, base64url; only their SHA-256 is stored. */
final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private Secrets() {
    }

    /** A fresh secret: 43 characters of base64url. */
    static String random() {
        byte[] token = new byte[32];
        RANDOM.nextBytes(token);
        return B64.encodeToString(token);
    }

    /** The SHA-256 of the secret's bytes, or null when it does not have the shape of one. */
    static byte[] hashOf(String secret) {
        if (secret == null || secret.length() != 43) {
            return null;
        }
        try {
            return KeyedHash.sha256(Base64.getUrlDecoder().decode(secret));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
