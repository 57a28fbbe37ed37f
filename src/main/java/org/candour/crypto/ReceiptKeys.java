package org.candour.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What a whistleblowing receipt opens: a lookup value, stored beside the report to find it, and a key
 * that unwraps the report's key ({@link ReportKey#wrapForReceipt}). Each is a separate Argon2id (RFC 9106)
 * derivation over the receipt's canonical form ({@link ReceiptWords#canonical}) in UTF-8, 32 bytes long,
 * under its own salt:
 * <pre>
 *   lookup    = Argon2id(receipt, salt = SHA-256(pepper ‖ "candour/wb-lookup/v1"))
 *   unwrapKey = Argon2id(receipt, salt = SHA-256(pepper ‖ "candour/wb-unwrap/v1"))
 * </pre>
 * The two salts differ, so the two outputs are independent: the stored lookup value tells nothing about
 * the unwrap key, which is never stored. Finding the receipt from a lookup value needs the pepper and
 * then one Argon2id per guess among 2^90 receipts.
 *
 * <p>The pepper is a 32-byte server secret (for example {@code MasterKey.derive("wb-receipt-pepper")}),
 * fixed for the life of the deployment: another pepper gives other values, so existing receipts would no
 * longer find or open their reports. Argon2id parameters are fixed likewise, for the same reason.
 *
 * <p>Production parameters are {@value #DEFAULT_MEMORY_KIB} KiB (64 MiB) of memory,
 * {@value #DEFAULT_ITERATIONS} iterations and {@value #DEFAULT_PARALLELISM} lane, as for passwords and
 * trustee key files; tests use 1024 KiB and 1 iteration. Each call costs one derivation (about 0.4 s
 * and 64 MiB on a server core), so the caller should rate-limit receipt attempts and bound how many run at
 * once. The range accepted is {@link PassphraseSeal}'s: 8 KiB per lane to 1 GiB, 1 to 20 iterations, 1 to
 * 16 lanes. Immutable and thread-safe; {@link #toString()} prints only the parameters.
 */
public final class ReceiptKeys {

    /** Production memory: 64 MiB. */
    public static final int DEFAULT_MEMORY_KIB = 65536;
    /** Production passes over memory. */
    public static final int DEFAULT_ITERATIONS = 3;
    /** Production lanes. */
    public static final int DEFAULT_PARALLELISM = 1;
    /** Length of the pepper and of both outputs. */
    public static final int BYTES = 32;

    private static final byte[] LOOKUP = "candour/wb-lookup/v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] UNWRAP = "candour/wb-unwrap/v1".getBytes(StandardCharsets.UTF_8);

    private final byte[] lookupSalt;
    private final byte[] unwrapSalt;
    private final int memoryKib;
    private final int iterations;
    private final int parallelism;

    /** The pepper is not kept (only the two salts made from it), so the caller may wipe it. */
    public ReceiptKeys(byte[] pepper32, int memoryKib, int iterations, int parallelism) {
        if (pepper32 == null || pepper32.length != BYTES) {
            throw new IllegalArgumentException("the receipt pepper must be 32 bytes");
        }
        if (!PassphraseSeal.acceptable(memoryKib, iterations, parallelism)) {
            throw new IllegalArgumentException("Argon2id parameters out of range: memory 8 KiB per lane to "
                    + PassphraseSeal.MAX_MEMORY_KIB + " KiB, iterations 1 to " + PassphraseSeal.MAX_ITERATIONS
                    + ", parallelism 1 to " + PassphraseSeal.MAX_PARALLELISM);
        }
        this.lookupSalt = salt(pepper32, LOOKUP);
        this.unwrapSalt = salt(pepper32, UNWRAP);
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        this.parallelism = parallelism;
    }

    /**
     * The 32-byte value to store with a report and find it by. IllegalArgumentException unless
     * {@code canonicalReceipt} is a receipt in canonical form.
     */
    public byte[] lookup(String canonicalReceipt) {
        return derive(canonicalReceipt, lookupSalt);
    }

    /**
     * The 32-byte key for {@link ReportKey#wrapForReceipt} / {@link ReportKey#unwrapForReceipt}: never to be
     * stored. IllegalArgumentException unless {@code canonicalReceipt} is a receipt in canonical form.
     */
    public byte[] unwrapKey(String canonicalReceipt) {
        return derive(canonicalReceipt, unwrapSalt);
    }

    private byte[] derive(String canonicalReceipt, byte[] salt) {
        char[] receipt = ReceiptWords.requireCanonical(canonicalReceipt).toCharArray();
        try {
            return Argon2idPasswordHasher.derive(receipt, salt, memoryKib, iterations, parallelism, BYTES);
        } finally {
            Arrays.fill(receipt, '\0');
        }
    }

    private static byte[] salt(byte[] pepper, byte[] label) {
        byte[] input = new byte[pepper.length + label.length];
        System.arraycopy(pepper, 0, input, 0, pepper.length);
        System.arraycopy(label, 0, input, pepper.length, label.length);
        try {
            return KeyedHash.sha256(input);
        } finally {
            Arrays.fill(input, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "ReceiptKeys[argon2id m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + ", pepper=[REDACTED]]";
    }
}
