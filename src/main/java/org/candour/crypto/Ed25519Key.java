package org.candour.crypto;

import java.security.SecureRandom;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An Ed25519 signing key (RFC 8032, pure Ed25519: no prehash, no context) with Bouncy Castle. The
 * private key is its 32-byte seed, which {@link #seed()} hands out so that a caller can wrap it at rest
 * (for example with a {@link KeyWrapper} under a {@link MasterKey#derive} key) and rebuild the key with
 * {@link #fromSeed}. Signatures are deterministic: one key and one message always give the same 64
 * bytes. Immutable and thread-safe.
 */
public final class Ed25519Key {

    /** Length of a seed (the private key) and of a public key. */
    public static final int KEY_BYTES = 32;
    /** Length of a signature. */
    public static final int SIGNATURE_BYTES = 64;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Ed25519PrivateKeyParameters privateKey;
    private final byte[] publicKey;

    private Ed25519Key(Ed25519PrivateKeyParameters privateKey) {
        this.privateKey = privateKey;
        this.publicKey = privateKey.generatePublicKey().getEncoded();
    }

    /** A fresh key from {@link SecureRandom}. */
    public static Ed25519Key generate() {
        return new Ed25519Key(new Ed25519PrivateKeyParameters(RANDOM));
    }

    /** The key whose private key is {@code seed32}; the array is copied, so the caller may wipe it. */
    public static Ed25519Key fromSeed(byte[] seed32) {
        if (seed32 == null || seed32.length != KEY_BYTES) {
            throw new IllegalArgumentException("an Ed25519 seed is 32 bytes");
        }
        return new Ed25519Key(new Ed25519PrivateKeyParameters(seed32, 0));
    }

    /** A copy of the 32-byte seed: secret, to be wrapped before it is stored. */
    public byte[] seed() {
        return privateKey.getEncoded();
    }

    /** A copy of the 32-byte public key (RFC 8032 encoding). */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The 64-byte Ed25519 signature of {@code message}. */
    public byte[] sign(byte[] message) {
        if (message == null) {
            throw new IllegalArgumentException("no message to sign");
        }
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    /**
     * Whether {@code signature} is {@code publicKey32}'s Ed25519 signature of {@code message}. False, never
     * an exception, for wrong lengths, a public key that is not a curve point, or null.
     */
    public static boolean verify(byte[] publicKey32, byte[] message, byte[] signature) {
        if (publicKey32 == null || publicKey32.length != KEY_BYTES || message == null || signature == null
                || signature.length != SIGNATURE_BYTES) {
            return false;
        }
        try {
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, new Ed25519PublicKeyParameters(publicKey32, 0));
            verifier.update(message, 0, message.length);
            return verifier.verifySignature(signature);
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "Ed25519Key[REDACTED]";
    }
}
