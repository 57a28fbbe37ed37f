package org.candour.crypto;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An X25519 key pair for {@link HpkeBox}, both halves as the 32 raw bytes RFC 9180 serializes
 * ({@code SerializePublicKey} / {@code SerializePrivateKey}; the latter clamps the private key as
 * section 7.1.2 requires, so it may differ in three bits from the raw {@code DeriveKeyPair} output
 * that the RFC's test vectors list, with the same public key). The private key never appears in
 * {@link #toString()}; {@link #wipe()} zeroes it once it has been stored or wrapped.
 *
 * <p>The arrays are held as given, not copied: {@link #privateKey()} returns the very array that
 * {@link #wipe()} zeroes.
 */
public record HpkeKeyPair(byte[] publicKey, byte[] privateKey) {

    public HpkeKeyPair {
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(privateKey, "privateKey");
        if (publicKey.length != HpkeBox.KEY_BYTES || privateKey.length != HpkeBox.KEY_BYTES) {
            throw new IllegalArgumentException("an X25519 key pair is two 32-byte keys");
        }
    }

    /** Zeroes the private key in place; the public key stays usable. */
    public void wipe() {
        Arrays.fill(privateKey, (byte) 0);
    }

    @Override
    public String toString() {
        return "HpkeKeyPair[publicKey=" + HexFormat.of().formatHex(publicKey) + ", privateKey=[REDACTED]]";
    }
}
