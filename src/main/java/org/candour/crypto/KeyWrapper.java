package org.candour.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for private keys at rest. Format: version byte 1 ‖ 12-byte random nonce ‖ ciphertext ‖
 * 16-byte tag. The authenticated data is the version byte followed by the caller's associated data
 * (for example the key's id and purpose), so a wrapped key copied to another row does not unwrap.
 */
public final class KeyWrapper {

    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int HEADER_BYTES = 1 + NONCE_BYTES;
    private static final String DAMAGED = "wrapped key is damaged or belongs elsewhere";

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public KeyWrapper(byte[] key32) {
        if (key32 == null || key32.length != 32) {
            throw new IllegalArgumentException("the wrapping key must be 32 bytes");
        }
        this.key = new SecretKeySpec(key32, "AES");
    }

    public byte[] wrap(byte[] plaintext, byte[] associatedData) {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(associatedData, "associatedData");
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, associatedData);
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(HEADER_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /** The plaintext, or IllegalArgumentException for a wrong key, wrong data, tampering or a bad format. */
    public byte[] unwrap(byte[] wrapped, byte[] associatedData) {
        Objects.requireNonNull(associatedData, "associatedData");
        if (wrapped == null || wrapped.length < HEADER_BYTES + TAG_BITS / 8 || wrapped[0] != VERSION) {
            throw new IllegalArgumentException(DAMAGED);
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOfRange(wrapped, 1, HEADER_BYTES), associatedData);
            return cipher.doFinal(wrapped, HEADER_BYTES, wrapped.length - HEADER_BYTES);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(DAMAGED);
        }
    }

    /**
     * {@code label ‖ aad}: associated data that keeps one use of a key apart from every other. The label is a
     * fixed constant of the caller, so the concatenation is unambiguous.
     */
    static byte[] labelled(byte[] label, byte[] aad) {
        Objects.requireNonNull(aad, "aad");
        byte[] data = Arrays.copyOf(label, label.length + aad.length);
        System.arraycopy(aad, 0, data, label.length, aad.length);
        return data;
    }

    private Cipher cipher(int mode, byte[] nonce, byte[] associatedData) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(new byte[] {VERSION});
        cipher.updateAAD(associatedData);
        return cipher;
    }

    @Override
    public String toString() {
        return "KeyWrapper[REDACTED]";
    }
}
