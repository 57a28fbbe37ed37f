package org.candour.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Objects;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.engines.RSAEngine;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.RSABlindSignatureParameters;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.signers.RSABlindSignatureServer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;

/**
 * RFC 9474 RSABSSA-SHA384-PSS-Randomized with Bouncy Castle's {@link RSABlindSignatureServer}
 * (CRT with base blinding, and a check of the result against the public exponent before it is
 * returned). Stateless apart from a {@link SecureRandom}, so one instance serves every thread.
 */
public final class BouncyCastleBlindSigner implements BlindSigner {

    static final RSABlindSignatureParameters PARAMETERS = RSABlindSignatureParameters.RSABSSA_SHA384_PSS_RANDOMIZED;
    private static final BigInteger PUBLIC_EXPONENT = BigInteger.valueOf(65537);
    private static final int PRIME_CERTAINTY = 128;

    private final SecureRandom random = new SecureRandom();

    public BouncyCastleBlindSigner() {
        if (!ALGORITHM.equals(PARAMETERS.getName())) {
            throw new IllegalStateException("Bouncy Castle names this variant " + PARAMETERS.getName());
        }
    }

    @Override
    public IssuerKeyPair generate(int modulusBits) {
        if (modulusBits != 2048 && modulusBits != 3072) {
            throw new IllegalArgumentException("the modulus must be 2048 or 3072 bits");
        }
        RSAKeyPairGenerator generator = new RSAKeyPairGenerator();
        generator.init(new RSAKeyGenerationParameters(PUBLIC_EXPONENT, random, modulusBits, PRIME_CERTAINTY));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        try {
            return new IssuerKeyPair(
                    SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(pair.getPublic()).getEncoded("DER"),
                    PrivateKeyInfoFactory.createPrivateKeyInfo(pair.getPrivate()).getEncoded("DER"));
        } catch (IOException e) {
            throw new IllegalStateException("could not encode a fresh RSA key", e);
        }
    }

    @Override
    public byte[] blindSign(byte[] pkcs8, byte[] blindedMessage) {
        return blindSign(signingKey(pkcs8), blindedMessage);
    }

    @Override
    public SigningKey signingKey(byte[] pkcs8) {
        return new CrtKey(privateKey(pkcs8));
    }

    @Override
    public byte[] blindSign(SigningKey key, byte[] blindedMessage) {
        if (!(key instanceof CrtKey crt)) {
            throw new IllegalArgumentException("not a key from this signer");
        }
        crt.check(blindedMessage);
        try {
            // The server object holds an engine, which is not thread-safe: one per operation.
            return new RSABlindSignatureServer(crt.key).blindSign(blindedMessage);
        } catch (CryptoException e) {
            // Inputs were checked above, so this is the fault check failing: never release the value.
            throw new IllegalStateException("blind signing failed its own check");
        }
    }

    /** A parsed RSA-CRT private key; immutable. */
    private static final class CrtKey implements SigningKey {
        private final RSAPrivateCrtKeyParameters key;
        private final int modulusBytes;

        CrtKey(RSAPrivateCrtKeyParameters key) {
            this.key = key;
            this.modulusBytes = byteLength(key.getModulus());
        }

        @Override
        public int modulusBytes() {
            return modulusBytes;
        }

        @Override
        public void check(byte[] blindedMessage) {
            if (blindedMessage == null || blindedMessage.length != modulusBytes) {
                throw new InvalidBlindedMessageException("blinded message must be exactly " + modulusBytes + " bytes");
            }
            if (new BigInteger(1, blindedMessage).compareTo(key.getModulus()) >= 0) {
                throw new InvalidBlindedMessageException("blinded message is not less than the modulus");
            }
        }
    }

    @Override
    public boolean verify(byte[] spki, byte[] preparedMessage, byte[] signature) {
        if (spki == null || preparedMessage == null || signature == null) {
            return false;
        }
        try {
            RSAKeyParameters key = publicKey(spki);
            if (signature.length != byteLength(key.getModulus())) {
                return false;
            }
            PSSSigner pss = new PSSSigner(new RSAEngine(), PARAMETERS.createDigest(), PARAMETERS.getSaltLength());
            pss.init(false, key);
            pss.update(preparedMessage, 0, preparedMessage.length);
            return pss.verifySignature(signature);
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public int modulusBytes(byte[] spki) {
        return byteLength(publicKey(spki).getModulus());
    }

    static int byteLength(BigInteger n) {
        return (n.bitLength() + 7) / 8;
    }

    /** The RSA public key in a SubjectPublicKeyInfo, or IllegalArgumentException. */
    static RSAKeyParameters publicKey(byte[] spki) {
        Objects.requireNonNull(spki, "spki");
        AsymmetricKeyParameter key;
        try {
            key = PublicKeyFactory.createKey(spki);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not an RSA public key");
        }
        if (!(key instanceof RSAKeyParameters rsa) || rsa.isPrivate()) {
            throw new IllegalArgumentException("not an RSA public key");
        }
        return rsa;
    }

    private static RSAPrivateCrtKeyParameters privateKey(byte[] pkcs8) {
        Objects.requireNonNull(pkcs8, "pkcs8");
        AsymmetricKeyParameter key;
        try {
            key = PrivateKeyFactory.createKey(pkcs8);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not an RSA private key");
        }
        if (!(key instanceof RSAPrivateCrtKeyParameters rsa)) {
            throw new IllegalArgumentException("not an RSA private key with CRT parameters");
        }
        return rsa;
    }
}
