package org.candour.crypto;

import java.util.HexFormat;

/**
 * The issuer's side of RFC 9474 blind RSA signatures, variant RSABSSA-SHA384-PSS-Randomized
 * (SHA-384, MGF1-SHA-384, 48-byte salt, 32-byte random message prefix). Keys travel as DER:
 * SubjectPublicKeyInfo for the public key and PKCS#8 for the private key. The respondent's side is
 * {@link BlindClient}.
 */
public interface BlindSigner {

    String ALGORITHM = "RSABSSA-SHA384-PSS-Randomized";

    /** A fresh issuer key with public exponent 65537; {@code modulusBits} must be 2048 or 3072. */
    IssuerKeyPair generate(int modulusBits);

    /**
     * RSA private-key operation on a blinded message (RFC 9474 BlindSign). Deterministic: the same
     * key and blinded message always give the same bytes, so a retried request can be answered again.
     *
     * @return exactly the modulus length in bytes
     * @throws InvalidBlindedMessageException when the input is not exactly the modulus length or is not
     *         less than the modulus
     */
    byte[] blindSign(byte[] pkcs8, byte[] blindedMessage);

    /**
     * An issuer's private key parsed once, to sign many blinded messages (one per issued pass) without
     * parsing the PKCS#8 again each time. Safe to share between threads.
     */
    interface SigningKey {

        /** The modulus length in bytes (256 for RSA-2048). */
        int modulusBytes();

        /**
         * Refuses a blinded message this key cannot sign: not exactly the modulus length, or not less
         * than the modulus.
         *
         * @throws InvalidBlindedMessageException with the reason
         */
        void check(byte[] blindedMessage);
    }

    /** Parses a PKCS#8 RSA private key for {@link #blindSign(SigningKey, byte[])}. */
    SigningKey signingKey(byte[] pkcs8);

    /** As {@link #blindSign(byte[], byte[])}, with a key parsed once by {@link #signingKey}. */
    byte[] blindSign(SigningKey key, byte[] blindedMessage);

    /**
     * RSASSA-PSS (SHA-384, MGF1-SHA-384, salt 48) over the prepared message (prefix ‖ message).
     * False, never an exception, for a wrong key, wrong lengths or garbage.
     */
    boolean verify(byte[] spki, byte[] preparedMessage, byte[] signature);

    /** The length in bytes of the modulus of an RSA public key (256 for RSA-2048). */
    int modulusBytes(byte[] spki);

    /** Lowercase hex SHA-256 of the SubjectPublicKeyInfo DER: 64 characters. */
    static String keyId(byte[] spki) {
        return HexFormat.of().formatHex(KeyedHash.sha256(spki));
    }
}
