package org.candour.crypto;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.crypto.threshold.ShamirSecretSplitter;
import org.bouncycastle.crypto.threshold.ShamirSplitSecret;
import org.bouncycastle.crypto.threshold.ShamirSplitSecretShare;

/**
 * Shamir secret sharing of a 32-byte secret, threshold {@code t} of {@code n} shares, with Bouncy
 * Castle's {@code threshold} package (byte-wise over GF(2^8) with the AES polynomial). Each share is
 * 32 bytes plus its index 1..n; any {@code t} distinct shares give back the secret, and fewer than
 * {@code t} say nothing about it.
 *
 * <p><b>Callers must check the result of {@link #combine}.</b> Shamir has no integrity: combining
 * fewer than {@code t} shares, or a share that is wrong or altered, silently yields a different 32
 * bytes, not an error. Check the recombined secret against something public, for example derive its
 * public key ({@link HpkeBox#publicKeyOf}) and compare it with the key on record.
 */
public final class SecretSharing {

    /** Length of the secret and of every share's value. */
    public static final int SECRET_BYTES = 32;
    /** The largest number of shares (share indexes are one byte, 1..255). */
    public static final int MAX_SHARES = 255;

    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretSharing() {
    }

    /**
     * One share: its index (1..255, the x-coordinate) and its 32-byte value. The value is held as
     * given, not copied, and never appears in {@link #toString()}.
     */
    public record Share(int index, byte[] value) {

        public Share {
            Objects.requireNonNull(value, "value");
            if (index < 1 || index > MAX_SHARES) {
                throw new IllegalArgumentException("a share index is between 1 and " + MAX_SHARES);
            }
            if (value.length != SECRET_BYTES) {
                throw new IllegalArgumentException("a share value is " + SECRET_BYTES + " bytes");
            }
        }

        /** Zeroes the value in place. */
        public void wipe() {
            Arrays.fill(value, (byte) 0);
        }

        @Override
        public String toString() {
            return "Share[index=" + index + ", value=[REDACTED]]";
        }
    }

    /**
     * Splits {@code secret32} into {@code shares} shares with indexes 1..shares, any {@code threshold}
     * of which rebuild it. Needs 2 ≤ threshold ≤ shares ≤ 255. {@code secret32} is not modified.
     */
    public static List<Share> split(byte[] secret32, int threshold, int shares) {
        if (secret32 == null || secret32.length != SECRET_BYTES) {
            throw new IllegalArgumentException("the secret must be " + SECRET_BYTES + " bytes");
        }
        if (threshold < 2) {
            throw new IllegalArgumentException("the threshold must be at least 2 (with 1, every share is the secret)");
        }
        if (shares < threshold) {
            throw new IllegalArgumentException("the number of shares must be at least the threshold");
        }
        if (shares > MAX_SHARES) {
            throw new IllegalArgumentException("at most " + MAX_SHARES + " shares");
        }
        ShamirSplitSecret split = ShamirSecretSplitter
                .getInstance(ShamirSecretSplitter.Algorithm.AES, SECRET_BYTES, RANDOM)
                .resplit(secret32, threshold, shares);
        ShamirSplitSecretShare[] parts = split.getSecretShares();
        List<Share> out = new ArrayList<>(parts.length);
        for (int i = 0; i < parts.length; i++) {
            // getEncoded() holds no index; BC numbers the shares 1..n in order.
            out.add(new Share(i + 1, encoded(parts[i])));
        }
        return List.copyOf(out);
    }

    /**
     * The secret the given shares interpolate to. Needs at least one share, all with distinct indexes.
     * With fewer than the threshold, or with a wrong share, the result is a different 32 bytes and no
     * error: see the class comment.
     */
    public static byte[] combine(List<Share> shares) {
        if (shares == null || shares.isEmpty()) {
            throw new IllegalArgumentException("combining needs at least one share");
        }
        if (shares.size() > MAX_SHARES) {
            throw new IllegalArgumentException("at most " + MAX_SHARES + " shares");
        }
        boolean[] seen = new boolean[MAX_SHARES + 1];
        ShamirSplitSecretShare[] parts = new ShamirSplitSecretShare[shares.size()];
        for (int i = 0; i < parts.length; i++) {
            Share s = Objects.requireNonNull(shares.get(i), "share");
            if (seen[s.index()]) {
                throw new IllegalArgumentException("two shares have the index " + s.index());
            }
            seen[s.index()] = true;
            parts[i] = new ShamirSplitSecretShare(s.value(), s.index()); // BC copies the value
        }
        try {
            return ShamirSplitSecret.getInstance(ShamirSecretSplitter.Algorithm.AES, parts).getSecret();
        } catch (IOException e) {
            throw new IllegalStateException("recombining the shares failed", e);
        }
    }

    private static byte[] encoded(ShamirSplitSecretShare share) {
        try {
            return share.getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("encoding a share failed", e);
        }
    }
}
