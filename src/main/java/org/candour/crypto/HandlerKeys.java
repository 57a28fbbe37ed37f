package org.candour.crypto;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A whistleblowing handler's X25519 key pair ({@link HpkeBox}); report keys are wrapped to its public half
 * ({@link ReportKey#wrapForHandler}). The private half is stored only sealed, twice, and nobody else holds
 * it: there is no escrow, so a handler who loses both passphrase and recovery key loses the reports wrapped
 * only to them.
 * <ul>
 *   <li>under the handler's passphrase, with {@link PassphraseSeal} (Argon2id, then AES-256-GCM; the same
 *       seal and parameters as trustee key files), associated data
 *       {@code "candour/wb-handler/passphrase/v1" ‖ aad};</li>
 *   <li>under a printable recovery key of {@value #RECOVERY_BITS} random bits, shown to the handler once, with
 *       {@link KeyWrapper} (AES-256-GCM) under the key {@code SHA-256("candour/wb-handler/recovery/v1" ‖ the
 *       recovery key's 20 bytes)}, associated data {@code "candour/wb-handler/recovery/v1" ‖ aad}. A random
 *       160-bit key cannot be guessed, so it needs no Argon2id.</li>
 * </ul>
 * Recovery keys are Crockford base32 (digits and capital letters without I, L, O, U), 32 symbols in 8
 * groups of 4 joined by '-', such as {@code 7Q2M-4XKD-...}. They are read back whatever the case, with or
 * without spaces and dashes, and with O, I, L taken as 0, 1, 1 as Crockford specifies.
 *
 * <p>Every refusal is an IllegalArgumentException whose message names nothing secret: not the passphrase,
 * not the recovery key. Thread-safe.
 */
public final class HandlerKeys {

    /** The shortest passphrase {@link #create} and {@link #reseal} accept, in characters (code points). */
    public static final int MIN_PASSPHRASE_CHARS = 12;
    /** Random bits in a recovery key. */
    public static final int RECOVERY_BITS = 160;

    private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final int RECOVERY_BYTES = RECOVERY_BITS / 8;
    private static final int RECOVERY_SYMBOLS = RECOVERY_BITS / 5;
    private static final byte[] PASSPHRASE_LABEL = "candour/wb-handler/passphrase/v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] RECOVERY_LABEL = "candour/wb-handler/recovery/v1".getBytes(StandardCharsets.UTF_8);
    private static final String SHORT = "a handler passphrase must be at least " + MIN_PASSPHRASE_CHARS + " characters long";
    private static final String NOT_A_RECOVERY_KEY = "that is not a recovery key: it is " + RECOVERY_SYMBOLS
            + " letters and digits, in groups of 4";
    private static final String RECOVERY_REFUSED = "the recovery key does not open this, or it was altered";
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * What a new or resealed key pair gives: the public key and both sealed forms to store, and the recovery
     * key to show the handler once and never store. {@link #toString()} hides the recovery key.
     */
    public record Created(byte[] publicKey, byte[] sealedByPassphrase, byte[] sealedByRecovery, String recoveryKey) {

        @Override
        public String toString() {
            return "Created[publicKey=" + HexFormat.of().formatHex(publicKey) + ", sealedByPassphrase="
                    + sealedByPassphrase.length + " bytes, sealedByRecovery=" + sealedByRecovery.length
                    + " bytes, recoveryKey=[REDACTED]]";
        }
    }

    private final PassphraseSeal seal;

    public HandlerKeys(PassphraseSeal seal) {
        this.seal = Objects.requireNonNull(seal, "seal");
    }

    /**
     * A new key pair, sealed under {@code passphrase} and under a new recovery key. IllegalArgumentException
     * for a passphrase under {@value #MIN_PASSPHRASE_CHARS} characters.
     */
    public Created create(char[] passphrase, byte[] aad) {
        requirePassphrase(passphrase);
        HpkeKeyPair pair = HpkeBox.generateKeyPair();
        try {
            return reseal(pair.privateKey(), passphrase, aad);
        } finally {
            pair.wipe();
        }
    }

    /** The 32-byte private key, or IllegalArgumentException("the passphrase does not open this, or it was altered"). */
    public byte[] open(char[] passphrase, byte[] aad, byte[] sealed) {
        return requirePrivateKey(seal.open(passphrase, sealed, KeyWrapper.labelled(PASSPHRASE_LABEL, aad)));
    }

    /**
     * The 32-byte private key from the recovery seal. IllegalArgumentException for text that is not a
     * recovery key, and for a wrong key, other {@code aad} or an altered seal.
     */
    public byte[] openWithRecovery(String recoveryKey, byte[] aad, byte[] sealedByRecovery) {
        byte[] data = KeyWrapper.labelled(RECOVERY_LABEL, aad);
        byte[] recovery = decodeRecoveryKey(recoveryKey);
        try {
            return requirePrivateKey(recoveryWrapper(recovery).unwrap(sealedByRecovery, data));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(RECOVERY_REFUSED);
        } finally {
            Arrays.fill(recovery, (byte) 0);
        }
    }

    /**
     * After a recovery (or a change of passphrase): {@code privateKey32} sealed under {@code newPassphrase}
     * and under a NEW recovery key. Storing both new seals in place of the old ones retires the old
     * recovery key and passphrase. IllegalArgumentException for a short passphrase or a key not 32 bytes.
     */
    public Created reseal(byte[] privateKey32, char[] newPassphrase, byte[] aad) {
        requirePassphrase(newPassphrase);
        requirePrivateKey(privateKey32);
        byte[] publicKey = HpkeBox.publicKeyOf(privateKey32);
        byte[] byPassphrase = seal.seal(newPassphrase, privateKey32, KeyWrapper.labelled(PASSPHRASE_LABEL, aad));
        byte[] recovery = new byte[RECOVERY_BYTES];
        RANDOM.nextBytes(recovery);
        try {
            String recoveryKey = encodeRecoveryKey(recovery);
            byte[] byRecovery = recoveryWrapper(recovery).wrap(privateKey32, KeyWrapper.labelled(RECOVERY_LABEL, aad));
            return new Created(publicKey, byPassphrase, byRecovery, recoveryKey);
        } finally {
            Arrays.fill(recovery, (byte) 0);
        }
    }

    /** A fresh recovery key: {@value #RECOVERY_BITS} random bits, 8 groups of 4 Crockford base32 symbols. */
    public static String newRecoveryKey() {
        byte[] recovery = new byte[RECOVERY_BYTES];
        RANDOM.nextBytes(recovery);
        try {
            return encodeRecoveryKey(recovery);
        } finally {
            Arrays.fill(recovery, (byte) 0);
        }
    }

    /** Whether {@code typed} reads as a recovery key (any case, spaces and dashes anywhere); says nothing of which. */
    public static boolean isRecoveryKey(String typed) {
        try {
            Arrays.fill(decodeRecoveryKey(typed), (byte) 0);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String encodeRecoveryKey(byte[] bytes) {
        StringBuilder out = new StringBuilder(RECOVERY_SYMBOLS + RECOVERY_SYMBOLS / 4);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                if (out.length() % 5 == 4) {
                    out.append('-');
                }
                out.append(CROCKFORD.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        return out.toString();
    }

    private static byte[] decodeRecoveryKey(String typed) {
        if (typed == null || typed.length() > 200) {
            throw new IllegalArgumentException(NOT_A_RECOVERY_KEY);
        }
        byte[] out = new byte[RECOVERY_BYTES];
        int n = 0;
        int symbols = 0;
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < typed.length(); i++) {
            char c = typed.charAt(i);
            if (c == '-' || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                continue;
            }
            int v = symbol(c);
            if (v < 0 || ++symbols > RECOVERY_SYMBOLS) {
                Arrays.fill(out, (byte) 0);
                throw new IllegalArgumentException(NOT_A_RECOVERY_KEY);
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out[n++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
        }
        if (symbols != RECOVERY_SYMBOLS) {
            Arrays.fill(out, (byte) 0);
            throw new IllegalArgumentException(NOT_A_RECOVERY_KEY);
        }
        return out;
    }

    /** The value of a Crockford base32 symbol in either case, O as 0 and I, L as 1; -1 for anything else. */
    private static int symbol(char c) {
        char u = c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c;
        if (u == 'O') {
            return 0;
        }
        if (u == 'I' || u == 'L') {
            return 1;
        }
        return u < 128 ? CROCKFORD.indexOf(u) : -1;
    }

    /** The recovery seal's KeyWrapper, under SHA-256(label ‖ the recovery key's bytes). */
    private static KeyWrapper recoveryWrapper(byte[] recovery) {
        byte[] input = KeyWrapper.labelled(RECOVERY_LABEL, recovery);
        byte[] key = KeyedHash.sha256(input);
        try {
            return new KeyWrapper(key); // SecretKeySpec keeps its own copy
        } finally {
            Arrays.fill(input, (byte) 0);
            Arrays.fill(key, (byte) 0);
        }
    }

    private static void requirePassphrase(char[] passphrase) {
        if (passphrase == null || Character.codePointCount(passphrase, 0, passphrase.length) < MIN_PASSPHRASE_CHARS) {
            throw new IllegalArgumentException(SHORT);
        }
    }

    private static byte[] requirePrivateKey(byte[] privateKey32) {
        if (privateKey32 == null || privateKey32.length != HpkeBox.KEY_BYTES) {
            throw new IllegalArgumentException("a handler's private key is 32 bytes");
        }
        return privateKey32;
    }

    @Override
    public String toString() {
        return "HandlerKeys[" + seal + "]";
    }
}
