package org.candour.crypto;

import java.util.Objects;

/**
 * An issuer key pair as DER: {@code spki} (SubjectPublicKeyInfo) and {@code pkcs8} (PKCS#8
 * PrivateKeyInfo). The private key never appears in {@link #toString()}.
 */
public record IssuerKeyPair(byte[] spki, byte[] pkcs8) {

    public IssuerKeyPair {
        Objects.requireNonNull(spki, "spki");
        Objects.requireNonNull(pkcs8, "pkcs8");
    }

    @Override
    public String toString() {
        return "IssuerKeyPair[keyId=" + BlindSigner.keyId(spki) + ", pkcs8=[REDACTED]]";
    }
}
