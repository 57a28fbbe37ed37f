package org.candour.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.signers.RSABlindSignatureClient;

/**
 * The respondent's side of RFC 9474 RSABSSA-SHA384-PSS-Randomized in Java, for tests and the load
 * generator (browsers do the same in JavaScript): prepare (32 random bytes ‖ msg) and blind, then
 * unblind the issuer's answer and check it. Thread-safe.
 */
public final class BlindClient {

    private final RSABlindSignatureClient client;

    private BlindClient(byte[] spki, SecureRandom random) {
        this.client = new RSABlindSignatureClient(BouncyCastleBlindSigner.PARAMETERS,
                BouncyCastleBlindSigner.publicKey(spki), random);
    }

    /** A client for the issuer key in {@code spki} (DER SubjectPublicKeyInfo). */
    public static BlindClient forKey(byte[] spki) {
        return new BlindClient(spki, new SecureRandom());
    }

    /** With a chosen source of randomness, so that tests can replay published vectors. */
    static BlindClient forKey(byte[] spki, SecureRandom random) {
        return new BlindClient(spki, Objects.requireNonNull(random, "random"));
    }

    /**
     * Prepares and blinds {@code msg}. Send {@link Blinded#blindedMessage()} to the issuer; keep the
     * rest on the device until {@link #finish}.
     */
    public Blinded blind(byte[] msg) {
        Objects.requireNonNull(msg, "msg");
        try {
            RSABlindSignatureClient.Blinded b = client.blind(msg);
            return new Blinded(b.getPreparedMessage(), b.getBlindedMessage(), b);
        } catch (CryptoException e) {
            throw new IllegalStateException("could not blind the message");
        }
    }

    /**
     * Unblinds the issuer's blind signature and verifies the result over the prepared message.
     *
     * @return the RSASSA-PSS signature over {@link Blinded#preparedMessage()}
     * @throws IllegalStateException when the signature does not verify under this client's key
     */
    public byte[] finish(Blinded blinded, byte[] blindSignature) {
        Objects.requireNonNull(blinded, "blinded");
        Objects.requireNonNull(blindSignature, "blindSignature");
        if (!(blinded.state() instanceof RSABlindSignatureClient.Blinded state)
                || !Arrays.equals(state.getPreparedMessage(), blinded.preparedMessage())) {
            throw new IllegalArgumentException("not a value returned by blind()");
        }
        try {
            return client.finalize(state, blindSignature);
        } catch (CryptoException e) {
            throw new IllegalStateException("the blind signature does not verify");
        }
    }

    /**
     * The outcome of {@link #blind}: the prepared message (random prefix ‖ msg), which the final
     * signature covers; the blinded message for the issuer; and opaque state (the blinding inverse)
     * for {@link #finish}. The state is secret: it links the blinded message to the signature.
     */
    public record Blinded(byte[] preparedMessage, byte[] blindedMessage, Object state) {

        @Override
        public String toString() {
            return "Blinded[preparedMessage=" + preparedMessage.length + " bytes, blindedMessage="
                    + blindedMessage.length + " bytes, state=[REDACTED]]";
        }
    }
}
