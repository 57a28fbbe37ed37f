package org.candour.crypto;

import java.util.Arrays;
import java.util.Objects;

/**
 * Pads data before it is sealed so that the sealed length says little about the original: Padmé
 * (Nikitin et al., "Reducing Metadata Leakage from Encrypted Files and Communication with PURBs",
 * PETS 2019), which leaks O(log log n) bits of a length n and costs at most about 12% more, rounded up
 * to at least {@link #MIN_LENGTH}. The padding is ISO/IEC 7816-4 as in {@link CommentPadding}:
 * {@code data ‖ 0x80 ‖ 0x00…}. {@link #unpad} takes exactly what {@link #pad} gives; it is not
 * constant-time, so use it only on plaintext an AEAD has already authenticated.
 */
public final class Padme {

    /** No padded length is below this. */
    public static final int MIN_LENGTH = 1024;

    private static final byte MARKER = (byte) 0x80;

    private Padme() {
    }

    /** The Padmé length for {@code n} bytes (n ≥ 0), at least {@link #MIN_LENGTH}. */
    public static int paddedLength(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative length");
        }
        if (n <= MIN_LENGTH) {
            return MIN_LENGTH;
        }
        int e = 31 - Integer.numberOfLeadingZeros(n); // floor(log2 n)
        int s = 32 - Integer.numberOfLeadingZeros(e); // floor(log2 e) + 1
        int lastBits = e - s;
        long mask = (1L << lastBits) - 1;
        long padded = (n + mask) & ~mask;
        if (padded > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too long to pad");
        }
        return (int) padded;
    }

    /** {@code data ‖ 0x80 ‖ 0x00…} to the Padmé length of {@code data.length + 1}; a new array. */
    public static byte[] pad(byte[] data) {
        Objects.requireNonNull(data, "data");
        byte[] padded = Arrays.copyOf(data, paddedLength(data.length + 1));
        padded[data.length] = MARKER;
        return padded;
    }

    /** The data {@link #pad} padded; IllegalArgumentException for anything {@code pad} cannot have made. */
    public static byte[] unpad(byte[] padded) {
        Objects.requireNonNull(padded, "padded");
        int i = padded.length - 1;
        while (i >= 0 && padded[i] == 0) {
            i--;
        }
        if (i < 0 || padded[i] != MARKER || paddedLength(i + 1) != padded.length) {
            throw new IllegalArgumentException("not padded data");
        }
        return Arrays.copyOf(padded, i);
    }
}
