package org.candour.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA-256 under a key derived from the master key for one purpose, so that a key used for
 * CSRF tokens can never stand in for one used elsewhere.
 */
public final class KeyedHash {

    private final SecretKeySpec key;

    private KeyedHash(byte[] key) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    /** The purpose key is HMAC-SHA-256(master, "candour/" + purpose). */
    public static KeyedHash derive(byte[] masterKey, String purpose) {
        return new KeyedHash(purposeKey(masterKey, purpose));
    }

    /** The 32-byte purpose key HMAC-SHA-256(master, "candour/" + purpose), also used by {@link MasterKey#derive}. */
    static byte[] purposeKey(byte[] masterKey, String purpose) {
        if (masterKey.length < 32) {
            throw new IllegalArgumentException("the master key must be at least 32 bytes");
        }
        return mac(new SecretKeySpec(masterKey, "HmacSHA256"), ("candour/" + purpose).getBytes(StandardCharsets.UTF_8));
    }

    public byte[] hash(byte[] data) {
        return mac(key, data);
    }

    public byte[] hash(String data) {
        return hash(data.getBytes(StandardCharsets.UTF_8));
    }

    public static boolean equal(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HMAC-SHA-256 under {@code key} itself (not a purpose key derived from it). */
    static byte[] hmacSha256(byte[] key, byte[] data) {
        return mac(new SecretKeySpec(key, "HmacSHA256"), data);
    }

    private static byte[] mac(SecretKeySpec k, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(k);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
