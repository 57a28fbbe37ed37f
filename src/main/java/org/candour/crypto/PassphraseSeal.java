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
 * Seals data under a passphrase: a 32-byte key from Argon2id (RFC 9106, Bouncy Castle) over the
 * passphrase's UTF-8 bytes and a fresh 16-byte salt, then AES-256-GCM with a fresh 12-byte nonce.
 *
 * <p>Format (big-endian), {@value #HEADER_BYTES}-byte header then ciphertext:
 * <pre>
 *   format 0x01 (1) ‖ memory KiB (4) ‖ iterations (1) ‖ parallelism (1) ‖ salt (16) ‖ nonce (12)
 *   ‖ ciphertext ‖ tag (16)
 * </pre>
 * The GCM associated data is the whole header followed by the caller's associated data, so neither
 * the Argon2 parameters nor the salt can be changed, and a sealed blob moved to another context
 * (other {@code aad}) does not open.
 *
 * <p>{@link #open} reads the Argon2 parameters from the header, and since they are only
 * authenticated after the expensive derivation, it first refuses any above {@value #MAX_MEMORY_KIB}
 * KiB (1 GiB) of memory, {@value #MAX_ITERATIONS} iterations or {@value #MAX_PARALLELISM} lanes, so a
 * hostile file cannot make the server allocate or compute without bound. Every failure of
 * {@code open} is the one IllegalArgumentException "the passphrase does not open this, or it was
 * altered".
 *
 * <p>The derived key and the passphrase's UTF-8 bytes are zeroed after use (the copies inside the
 * JCA key spec and cipher live until garbage collection); the caller's passphrase array is neither
 * kept nor cleared. Thread-safe.
 */
public final class PassphraseSeal {

    /** The largest Argon2 memory {@link #open} accepts: 1 GiB. */
    public static final int MAX_MEMORY_KIB = 1024 * 1024;
    /** The most Argon2 passes {@link #open} accepts. */
    public static final int MAX_ITERATIONS = 20;
    /** The most Argon2 lanes {@link #open} accepts (Bouncy Castle computes them on one thread). */
    public static final int MAX_PARALLELISM = 16;
    /** Bytes before the ciphertext. */
    public static final int HEADER_BYTES = 1 + 4 + 1 + 1 + 16 + 12;

    private static final byte FORMAT = 1;
    private static final int SALT_BYTES = 16;
    private static final int NONCE_BYTES = 12;
    private static final int KEY_BYTES = 32;
    private static final int TAG_BITS = 128;
    private static final String REFUSED = "the passphrase does not open this, or it was altered";

    private final int memoryKib;
    private final int iterations;
    private final int parallelism;
    private final SecureRandom random = new SecureRandom();

    /**
     * Seals with these Argon2id parameters: memory in KiB (at least 8 per lane, at most 1 GiB),
     * iterations 1..20 and parallelism 1..16, the range {@link #open} accepts.
     */
    public PassphraseSeal(int memoryKib, int iterations, int parallelism) {
        if (!acceptable(memoryKib, iterations, parallelism)) {
            throw new IllegalArgumentException("Argon2id parameters out of range: memory 8 KiB per lane to "
                    + MAX_MEMORY_KIB + " KiB, iterations 1 to " + MAX_ITERATIONS
                    + ", parallelism 1 to " + MAX_PARALLELISM);
        }
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        this.parallelism = parallelism;
    }

    /** The sealed form described in the class comment. */
    public byte[] seal(char[] passphrase, byte[] plaintext, byte[] aad) {
        Objects.requireNonNull(passphrase, "passphrase");
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(aad, "aad");
        byte[] salt = new byte[SALT_BYTES];
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(salt);
        random.nextBytes(nonce);
        byte[] header = ByteBuffer.allocate(HEADER_BYTES).put(FORMAT).putInt(memoryKib)
                .put((byte) iterations).put((byte) parallelism).put(salt).put(nonce).array();
        byte[] key = Argon2idPasswordHasher.derive(passphrase, salt, memoryKib, iterations, parallelism, KEY_BYTES);
        try {
            byte[] ciphertext = cipher(Cipher.ENCRYPT_MODE, key, nonce, header, aad).doFinal(plaintext);
            return ByteBuffer.allocate(HEADER_BYTES + ciphertext.length).put(header).put(ciphertext).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** The plaintext, or IllegalArgumentException("the passphrase does not open this, or it was altered"). */
    public byte[] open(char[] passphrase, byte[] sealed, byte[] aad) {
        Objects.requireNonNull(passphrase, "passphrase");
        Objects.requireNonNull(aad, "aad");
        if (sealed == null || sealed.length < HEADER_BYTES + TAG_BITS / 8 || sealed[0] != FORMAT) {
            throw new IllegalArgumentException(REFUSED);
        }
        ByteBuffer in = ByteBuffer.wrap(sealed);
        in.get();
        int mem = in.getInt();
        int t = in.get() & 0xff;
        int p = in.get() & 0xff;
        if (!acceptable(mem, t, p)) {
            throw new IllegalArgumentException(REFUSED);
        }
        byte[] salt = new byte[SALT_BYTES];
        byte[] nonce = new byte[NONCE_BYTES];
        in.get(salt).get(nonce);
        byte[] header = Arrays.copyOf(sealed, HEADER_BYTES);
        byte[] key = Argon2idPasswordHasher.derive(passphrase, salt, mem, t, p, KEY_BYTES);
        try {
            return cipher(Cipher.DECRYPT_MODE, key, nonce, header, aad)
                    .doFinal(sealed, HEADER_BYTES, sealed.length - HEADER_BYTES);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException(REFUSED);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** Whether {@link #open} accepts these Argon2id parameters; also the range {@link ReceiptKeys} takes. */
    static boolean acceptable(int memoryKib, int iterations, int parallelism) {
        return parallelism >= 1 && parallelism <= MAX_PARALLELISM
                && iterations >= 1 && iterations <= MAX_ITERATIONS
                && memoryKib >= 8 * parallelism && memoryKib <= MAX_MEMORY_KIB;
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce, byte[] header, byte[] aad)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(header);
        cipher.updateAAD(aad);
        return cipher;
    }

    @Override
    public String toString() {
        return "PassphraseSeal[argon2id m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "]";
    }
}
