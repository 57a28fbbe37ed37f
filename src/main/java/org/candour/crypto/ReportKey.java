package org.candour.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A whistleblowing report's own X25519 key. The report, every message in it (the reporter's and the
 * handlers' replies) and every attachment are sealed to its public key with {@link HpkeBox} (HPKE base
 * mode, {@code info = "candour/wb-report/v1"}); the caller's {@code aad} names what is sealed (report id,
 * message id, kind), so a sealed item moved elsewhere does not open.
 *
 * <p>The private key is stored only wrapped, once per reader:
 * <ul>
 *   <li>for each handler, HPKE-sealed to the handler's X25519 public key ({@link HandlerKeys}), with
 *       {@code info = "candour/wb-report-key/v1"} ({@link #wrapForHandler});</li>
 *   <li>for the reporter, AES-256-GCM ({@link KeyWrapper}) under the receipt's
 *       {@link ReceiptKeys#unwrapKey} ({@link #wrapForReceipt}), with associated data
 *       {@code "candour/wb-report-key/receipt/v1" ‖ aad}.</li>
 * </ul>
 * The server, holding neither a handler's private key nor a receipt, cannot open a report. Each
 * {@code unwrap*} refuses (IllegalArgumentException, naming nothing secret) a wrong key, other {@code aad}
 * or any change to the wrapped bytes.
 *
 * <p>{@link #toString()} never prints the private key; {@link #wipe()} zeroes it once the caller is done,
 * after which {@link #open} and the {@code wrap*} methods throw IllegalStateException. Thread-safe apart
 * from {@link #wipe()} racing a use.
 */
public final class ReportKey {

    /** Length of either half. */
    public static final int KEY_BYTES = HpkeBox.KEY_BYTES;

    private static final HpkeBox HPKE = new HpkeBox();
    private static final byte[] SEAL_INFO = "candour/wb-report/v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] WRAP_INFO = "candour/wb-report-key/v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] RECEIPT_LABEL = "candour/wb-report-key/receipt/v1".getBytes(StandardCharsets.UTF_8);

    private final byte[] publicKey;
    private final byte[] privateKey;
    private volatile boolean wiped;

    private ReportKey(byte[] publicKey, byte[] privateKey) {
        this.publicKey = publicKey;
        this.privateKey = privateKey;
    }

    /** A fresh key pair. */
    public static ReportKey generate() {
        HpkeKeyPair pair = HpkeBox.generateKeyPair();
        return new ReportKey(pair.publicKey(), pair.privateKey());
    }

    /** A copy of the 32-byte public key, to store in the clear with the report. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /**
     * Seals {@code plaintext} to a report: what a reporter writes, and a handler's reply (a handler needs
     * only the public key to write). {@link HpkeBox#OVERHEAD} bytes longer than the plaintext.
     */
    public static byte[] sealTo(byte[] reportPublicKey32, byte[] aad, byte[] plaintext) {
        return HPKE.seal(reportPublicKey32, SEAL_INFO, aad, plaintext);
    }

    /** Opens what {@link #sealTo} sealed to this key with the same {@code aad}. */
    public byte[] open(byte[] aad, byte[] sealed) {
        return HPKE.open(privateKey(), SEAL_INFO, aad, sealed);
    }

    /** This key's private half, HPKE-sealed to a handler's X25519 public key. */
    public byte[] wrapForHandler(byte[] handlerPublicKey32, byte[] aad) {
        return HPKE.seal(handlerPublicKey32, WRAP_INFO, aad, privateKey());
    }

    /** The report key from {@link #wrapForHandler}'s output, with the handler's private key. */
    public static ReportKey unwrapForHandler(byte[] handlerPrivateKey32, byte[] aad, byte[] wrapped) {
        return fromPrivateKey(HPKE.open(handlerPrivateKey32, WRAP_INFO, aad, wrapped));
    }

    /** This key's private half under a receipt's {@link ReceiptKeys#unwrapKey} (AES-256-GCM). */
    public byte[] wrapForReceipt(byte[] unwrapKey32, byte[] aad) {
        return new KeyWrapper(unwrapKey32).wrap(privateKey(), KeyWrapper.labelled(RECEIPT_LABEL, aad));
    }

    /** The report key from {@link #wrapForReceipt}'s output, with the same unwrap key and {@code aad}. */
    public static ReportKey unwrapForReceipt(byte[] unwrapKey32, byte[] aad, byte[] wrapped) {
        return fromPrivateKey(new KeyWrapper(unwrapKey32).unwrap(wrapped, KeyWrapper.labelled(RECEIPT_LABEL, aad)));
    }

    /** Zeroes the private half; the public half stays usable. */
    public void wipe() {
        wiped = true;
        Arrays.fill(privateKey, (byte) 0);
    }

    private byte[] privateKey() {
        if (wiped) {
            throw new IllegalStateException("this report key has been wiped");
        }
        return privateKey;
    }

    private static ReportKey fromPrivateKey(byte[] privateKey32) {
        if (privateKey32.length != KEY_BYTES) {
            // Only a wrap of something else under the same key, label and aad gets here.
            Arrays.fill(privateKey32, (byte) 0);
            throw new IllegalArgumentException("the unwrapped data is not a report key");
        }
        return new ReportKey(HpkeBox.publicKeyOf(privateKey32), privateKey32);
    }

    @Override
    public String toString() {
        return "ReportKey[publicKey=" + HexFormat.of().formatHex(publicKey) + ", privateKey=[REDACTED]]";
    }
}
