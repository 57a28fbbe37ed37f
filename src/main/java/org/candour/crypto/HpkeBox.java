package org.candour.crypto;

import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContext;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;

/**
 * RFC 9180 HPKE in base mode with the suite DHKEM(X25519, HKDF-SHA256) / HKDF-SHA256 / AES-128-GCM
 * (KEM 0x0020, KDF 0x0001, AEAD 0x0001), through Bouncy Castle's {@link HPKE}.
 *
 * <p>{@link #seal} and {@link #sealDeterministic} are single-shot: a fresh ephemeral key and a fresh
 * context per message, so the AEAD runs at sequence number 0. {@link #sealAllDeterministic} seals
 * several messages in one context, at sequence numbers 0, 1, 2, … {@link #seal} draws the ephemeral key at random;
 * {@link #sealDeterministic} derives it from secret input keying material the caller supplies. The
 * sealed form is one array, {@code enc (32 bytes) ‖ ciphertext ‖ tag (16 bytes)}, so it is
 * {@value #OVERHEAD} bytes longer than the plaintext.
 * {@code info} and {@code aad} are bound to the ciphertext: it opens only with the same private key,
 * the same {@code info} and the same {@code aad}. Base mode does not authenticate the sender.
 *
 * <p>Thread-safe; one instance may be shared. (Bouncy Castle's {@link HPKE} object itself is not:
 * its KEM and KDF keep per-call state in fields, so a fresh one is made for every call. That costs
 * a few object allocations, small next to the X25519 scalar multiplication.)
 *
 * <p>Opening many messages for one recipient key: {@link #opener(byte[])} parses the private key
 * and derives its public key (needed by the KEM context) once, instead of once per message.
 */
public final class HpkeBox {

    /** Length of an X25519 public or private key, and of {@code enc}. */
    public static final int KEY_BYTES = 32;
    /** What sealing adds to a plaintext: the 32-byte {@code enc} and the 16-byte AES-GCM tag. */
    public static final int OVERHEAD = KEY_BYTES + 16;

    private static final String REFUSED = "sealed data does not open with this key and context";

    /** Seals to {@code recipientPublicKey32} under a random ephemeral key; the layout is in the class comment. */
    public byte[] seal(byte[] recipientPublicKey32, byte[] info, byte[] aad, byte[] plaintext) {
        return seal(recipientPublicKey32, info, aad, plaintext, (AsymmetricCipherKeyPair) null);
    }

    /**
     * As {@link #seal(byte[], byte[], byte[], byte[])}, but the ephemeral key pair is RFC 9180
     * {@code DeriveKeyPair(ikm)} instead of random, so the same inputs always seal to the same bytes
     * (the RFC's test vectors are made this way). The result opens with {@link #open} like any other.
     *
     * <p>{@code ikm} must be secret, at least 32 bytes, with at least 32 bytes of entropy: anyone who
     * knows it can derive the ephemeral private key and open the message. And it must never seal two
     * different plaintexts (or aad) to the same recipient and {@code info}: both would share one
     * AES-GCM key and nonce, which gives away the XOR of the plaintexts and allows forgeries. Derive it
     * from a secret and the whole message, for example HMAC(secret, aad ‖ plaintext).
     */
    public byte[] sealDeterministic(byte[] recipientPublicKey32, byte[] info, byte[] aad, byte[] plaintext,
            byte[] ikm) {
        requireIkm(ikm);
        return seal(recipientPublicKey32, info, aad, plaintext, hpke().deriveKeyPair(ikm));
    }

    private byte[] seal(byte[] recipientPublicKey32, byte[] info, byte[] aad, byte[] plaintext,
            AsymmetricCipherKeyPair ephemeral) {
        requireKey(recipientPublicKey32, "public");
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(aad, "aad");
        Objects.requireNonNull(plaintext, "plaintext");
        return sealNext(setup(hpke(), recipientPublicKey32, info, ephemeral), aad, plaintext);
    }

    /** A sender context to the recipient, under {@code ephemeral} or, when null, a random ephemeral key. */
    private static HPKEContextWithEncapsulation setup(HPKE hpke, byte[] recipientPublicKey32, byte[] info,
            AsymmetricCipherKeyPair ephemeral) {
        try {
            AsymmetricKeyParameter pkR = hpke.deserializePublicKey(recipientPublicKey32);
            return ephemeral == null ? hpke.setupBaseS(pkR, info) : hpke.setupBaseS(pkR, info, ephemeral);
        } catch (IllegalStateException e) {
            // X25519 refuses a low-order point (the shared secret would be all zeros).
            throw new IllegalArgumentException("the recipient public key is not a usable X25519 key");
        }
    }

    /** Seals the context's next message: {@code enc ‖ ciphertext ‖ tag}. */
    private static byte[] sealNext(HPKEContextWithEncapsulation ctx, byte[] aad, byte[] plaintext) {
        byte[] enc = ctx.getEncapsulation();
        byte[] ciphertext;
        try {
            ciphertext = ctx.seal(aad, plaintext);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
        byte[] sealed = new byte[enc.length + ciphertext.length];
        System.arraycopy(enc, 0, sealed, 0, enc.length);
        System.arraycopy(ciphertext, 0, sealed, enc.length, ciphertext.length);
        return sealed;
    }

    /**
     * Seals several messages to one recipient under one ephemeral key and one HPKE context: message
     * {@code i} at AEAD sequence number {@code i} (RFC 9180 §5.2), so the key agreement, the costly
     * part, is done once for all of them. Each result is {@code enc ‖ ciphertext_i ‖ tag_i}, with the
     * same {@code enc} in each, and opens only with {@link Opener#openAll} at its position.
     *
     * <p>{@code ikm} as for {@link #sealDeterministic}; it must depend on every message and aad, so
     * that two different lists never share a context.
     */
    public byte[][] sealAllDeterministic(byte[] recipientPublicKey32, byte[] info, byte[][] aads, byte[][] plaintexts,
            byte[] ikm) {
        requireKey(recipientPublicKey32, "public");
        Objects.requireNonNull(info, "info");
        if (aads.length != plaintexts.length) {
            throw new IllegalArgumentException("one aad per plaintext");
        }
        requireIkm(ikm);
        HPKE hpke = hpke();
        HPKEContextWithEncapsulation ctx = setup(hpke, recipientPublicKey32, info, hpke.deriveKeyPair(ikm));
        byte[][] out = new byte[plaintexts.length][];
        for (int i = 0; i < plaintexts.length; i++) {
            out[i] = sealNext(ctx, Objects.requireNonNull(aads[i], "aad"), Objects.requireNonNull(plaintexts[i],
                    "plaintext"));
        }
        return out;
    }

    /**
     * The plaintext, or IllegalArgumentException("sealed data does not open with this key and context")
     * for a wrong key, a wrong {@code info} or {@code aad}, tampering, or input too short to be sealed.
     * For many messages to one key, {@link #opener(byte[])} is faster.
     */
    public byte[] open(byte[] privateKey32, byte[] info, byte[] aad, byte[] sealed) {
        return opener(privateKey32).open(info, aad, sealed);
    }

    /**
     * Opens messages for one private key, parsing it and deriving its public key only once. The
     * opener keeps Bouncy Castle's copy of the private key until it is garbage-collected (that copy
     * cannot be wiped); {@code privateKey32} itself is not kept and may be wiped at once.
     */
    public Opener opener(byte[] privateKey32) {
        requireKey(privateKey32, "private");
        return new Opener(hpke().deserializePrivateKey(privateKey32, null));
    }

    /** A new X25519 key pair from Bouncy Castle's default {@code SecureRandom}. */
    public static HpkeKeyPair generateKeyPair() {
        HPKE hpke = hpke();
        AsymmetricCipherKeyPair kp = hpke.generatePrivateKey();
        return new HpkeKeyPair(hpke.serializePublicKey(kp.getPublic()), hpke.serializePrivateKey(kp.getPrivate()));
    }

    /** The X25519 public key of a 32-byte private key. */
    public static byte[] publicKeyOf(byte[] privateKey32) {
        requireKey(privateKey32, "private");
        HPKE hpke = hpke();
        return hpke.serializePublicKey(hpke.deserializePrivateKey(privateKey32, null).getPublic());
    }

    /** Opens messages for one recipient key; thread-safe. See {@link HpkeBox#opener(byte[])}. */
    public static final class Opener {

        private final AsymmetricCipherKeyPair recipient;

        private Opener(AsymmetricCipherKeyPair recipient) {
            this.recipient = recipient;
        }

        /** As {@link HpkeBox#open}, with this opener's key. */
        public byte[] open(byte[] info, byte[] aad, byte[] sealed) {
            Objects.requireNonNull(info, "info");
            Objects.requireNonNull(aad, "aad");
            if (sealed == null || sealed.length < OVERHEAD) {
                throw new IllegalArgumentException(REFUSED);
            }
            byte[] enc = new byte[KEY_BYTES];
            System.arraycopy(sealed, 0, enc, 0, KEY_BYTES);
            try {
                HPKEContext ctx = hpke().setupBaseR(enc, recipient, info);
                return ctx.open(aad, sealed, KEY_BYTES, sealed.length - KEY_BYTES);
            } catch (InvalidCipherTextException | RuntimeException e) {
                // A wrong tag, or an enc that is a low-order point (X25519 agreement fails).
                throw new IllegalArgumentException(REFUSED);
            }
        }

        /**
         * Opens messages sealed together by {@link HpkeBox#sealAllDeterministic}: {@code sealed[i]} is the
         * message sealed at sequence number {@code seq[i]}, with {@code aads[i]}; sequence numbers must
         * rise. One key agreement for all of them when they share one {@code enc}. {@code result[i]} is null
         * where message {@code i} does not open (tampered, moved, or with a damaged {@code enc}); the others
         * still open.
         */
        public byte[][] openAll(byte[] info, byte[][] aads, byte[][] sealed, int[] seq) {
            Objects.requireNonNull(info, "info");
            if (aads.length != sealed.length || seq.length != sealed.length) {
                throw new IllegalArgumentException("one aad and one sequence number per message");
            }
            byte[][] out = new byte[sealed.length][];
            // Bouncy Castle's context counts sequence numbers itself, one per seal or open. To reach
            // sequence number s it seals empty messages. A context is set up again (one more key
            // agreement, only when something is wrong) after a failed open, whose effect on the count
            // is not relied on, and for a message under another enc than the one before.
            HPKEContext ctx = null;
            byte[] enc = null;
            long at = 0;
            long last = -1;
            for (int i = 0; i < sealed.length; i++) {
                if (seq[i] <= last || sealed[i] == null || sealed[i].length < OVERHEAD) {
                    continue;
                }
                last = seq[i];
                try {
                    if (ctx == null || !Arrays.equals(enc, 0, KEY_BYTES, sealed[i], 0, KEY_BYTES)) {
                        enc = Arrays.copyOf(sealed[i], KEY_BYTES);
                        ctx = null;
                        ctx = hpke().setupBaseR(enc, recipient, info);
                        at = 0;
                    }
                    for (; at < seq[i]; at++) {
                        ctx.seal(new byte[0], new byte[0]);
                    }
                    out[i] = ctx.open(Objects.requireNonNull(aads[i], "aad"), sealed[i], KEY_BYTES,
                            sealed[i].length - KEY_BYTES);
                    at++;
                } catch (InvalidCipherTextException | RuntimeException e) {
                    out[i] = null;
                    ctx = null;
                }
            }
            return out;
        }

        @Override
        public String toString() {
            return "HpkeBox.Opener[REDACTED]";
        }
    }

    @Override
    public String toString() {
        return "HpkeBox[DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM]";
    }

    private static HPKE hpke() {
        return new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM128);
    }

    private static void requireIkm(byte[] ikm) {
        if (ikm == null || ikm.length < KEY_BYTES) {
            throw new IllegalArgumentException("the ikm must be at least 32 bytes");
        }
    }

    private static void requireKey(byte[] key, String which) {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("an X25519 " + which + " key is 32 bytes");
        }
    }
}
