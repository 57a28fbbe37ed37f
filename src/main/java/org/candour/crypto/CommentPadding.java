package org.candour.crypto;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Pads a comment's UTF-8 bytes before encryption so that the ciphertext's length only tells which
 * power-of-two bucket it falls in, from 256 to 65536 bytes: its length to within a factor of two.
 * (Comments sealed before November 2026, format v1, used the powers of four, {@link #V1_BUCKETS};
 * {@link #unpad(byte[], List)} still reads them.) The padding is the ISO/IEC 7816-4
 * method: {@code data ‖ 0x80 ‖ 0x00…}, to the smallest bucket that holds the data and the 0x80 byte,
 * so data of up to 65535 bytes fits.
 *
 * <p>{@link #unpad} accepts exactly what {@link #pad} produces: a bucket length, a 0x80 marker after
 * the data, zeros after it, and no smaller bucket that would have held the data (so there is one
 * padded form per plaintext). It is not constant-time: use it on plaintext that an AEAD has already
 * authenticated, never as a check on untrusted ciphertext.
 */
public final class CommentPadding {

    /** The padded lengths, smallest first. */
    public static final List<Integer> BUCKETS = List.of(256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536);
    /** The buckets of format v1: powers of four. */
    public static final List<Integer> V1_BUCKETS = List.of(256, 1024, 4096, 16384, 65536);
    /** The longest data that pads (the largest bucket less the 0x80 marker). */
    public static final int MAX_DATA_BYTES = 65535;

    private static final byte MARKER = (byte) 0x80;

    private CommentPadding() {
    }

    /** The padded length for data of {@code dataLength} bytes; IllegalArgumentException if it is too long. */
    public static int paddedLength(int dataLength) {
        return paddedLength(dataLength, BUCKETS);
    }

    private static int paddedLength(int dataLength, List<Integer> buckets) {
        if (dataLength < 0) {
            throw new IllegalArgumentException("negative length");
        }
        for (int bucket : buckets) {
            if (dataLength < bucket) {
                return bucket;
            }
        }
        throw new IllegalArgumentException("data longer than " + MAX_DATA_BYTES + " bytes cannot be padded");
    }

    /** {@code data ‖ 0x80 ‖ 0x00…} to the smallest bucket that holds it; a new array. */
    public static byte[] pad(byte[] data) {
        return pad(data, BUCKETS);
    }

    /** As {@link #pad(byte[])}, to {@code buckets} ({@link #BUCKETS} or {@link #V1_BUCKETS}). */
    public static byte[] pad(byte[] data, List<Integer> buckets) {
        Objects.requireNonNull(data, "data");
        byte[] padded = Arrays.copyOf(data, paddedLength(data.length, buckets));
        padded[data.length] = MARKER;
        return padded;
    }

    /** The data before the padding, or IllegalArgumentException if the input is not what {@link #pad} makes. */
    public static byte[] unpad(byte[] padded) {
        return unpad(padded, BUCKETS);
    }

    /** As {@link #unpad(byte[])}, for data padded to {@code buckets} ({@link #BUCKETS} or {@link #V1_BUCKETS}). */
    public static byte[] unpad(byte[] padded, List<Integer> buckets) {
        if (padded == null || !buckets.contains(padded.length)) {
            throw new IllegalArgumentException("padded data must be one of the bucket lengths " + buckets);
        }
        int i = padded.length - 1;
        while (i >= 0 && padded[i] == 0) {
            i--;
        }
        if (i < 0 || padded[i] != MARKER) {
            throw new IllegalArgumentException("malformed padding");
        }
        if (paddedLength(i, buckets) != padded.length) {
            throw new IllegalArgumentException("padded to a larger bucket than needed");
        }
        return Arrays.copyOf(padded, i);
    }
}
