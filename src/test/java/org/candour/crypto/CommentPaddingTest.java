package org.candour.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Bucket padding of comment plaintexts (ISO/IEC 7816-4 style). Plain JUnit, no Quarkus. */
class CommentPaddingTest {

    @Test
    void padsEveryBoundaryToTheSmallestBucketThatHoldsDataAndMarker() {
        int[][] cases = {
            {0, 256}, {1, 256}, {255, 256}, {256, 512}, {511, 512}, {512, 1024}, {1023, 1024}, {1024, 2048},
            {2000, 2048}, {2047, 2048}, {2048, 4096}, {4095, 4096}, {4096, 8192}, {8191, 8192}, {8192, 16384},
            {16383, 16384}, {16384, 32768}, {32767, 32768}, {32768, 65536}, {65535, 65536},
        };
        Random random = new Random(7);
        for (int[] c : cases) {
            byte[] data = new byte[c[0]];
            random.nextBytes(data);
            byte[] padded = CommentPadding.pad(data);
            assertEquals(c[1], padded.length, "length for " + c[0]);
            assertEquals(c[1], CommentPadding.paddedLength(c[0]));
            assertArrayEquals(data, Arrays.copyOf(padded, data.length));
            assertEquals((byte) 0x80, padded[data.length]);
            for (int i = data.length + 1; i < padded.length; i++) {
                assertEquals(0, padded[i], "zero fill at " + i);
            }
            assertArrayEquals(data, CommentPadding.unpad(padded), "round trip of " + c[0]);
        }
    }

    @Test
    void keepsTrailingZerosAndMarkerBytesInTheData() {
        for (byte[] data : List.of(new byte[] {0}, new byte[] {0, 0, 0}, new byte[] {(byte) 0x80},
                new byte[] {(byte) 0x80, 0}, new byte[255], filled(1023, (byte) 0x80), new byte[65535])) {
            assertArrayEquals(data, CommentPadding.unpad(CommentPadding.pad(data)), "length " + data.length);
        }
        byte[] text = "Ça va — 👍".getBytes(StandardCharsets.UTF_8);
        assertEquals("Ça va — 👍", new String(CommentPadding.unpad(CommentPadding.pad(text)), StandardCharsets.UTF_8));
    }

    @Test
    void padReturnsANewArray() {
        byte[] data = {1, 2, 3};
        byte[] padded = CommentPadding.pad(data);
        padded[0] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, data);
    }

    @Test
    void refusesDataTooLongToPad() {
        assertThrows(IllegalArgumentException.class, () -> CommentPadding.pad(new byte[65536]));
        assertThrows(IllegalArgumentException.class, () -> CommentPadding.pad(new byte[100_000]));
        assertThrows(IllegalArgumentException.class, () -> CommentPadding.paddedLength(-1));
        assertThrows(NullPointerException.class, () -> CommentPadding.pad(null));
    }

    @Test
    void refusesLengthsThatAreNotBuckets() {
        for (int length : new int[] {0, 1, 255, 257, 512, 1025, 2048, 65535, 65537, 131072}) {
            byte[] bytes = new byte[length];
            if (length > 0) {
                bytes[0] = (byte) 0x80;
            }
            assertThrows(IllegalArgumentException.class, () -> CommentPadding.unpad(bytes), "length " + length);
        }
        assertThrows(IllegalArgumentException.class, () -> CommentPadding.unpad(null));
    }

    @Test
    void refusesMalformedPadding() {
        // all zeros: no marker
        assertThrows(IllegalArgumentException.class, () -> CommentPadding.unpad(new byte[256]));
        // last non-zero byte is not the marker
        byte[] noMarker = CommentPadding.pad(new byte[10]);
        noMarker[10] = 0x01;
        assertThrows(IllegalArgumentException.class, () -> CommentPadding.unpad(noMarker));
        // a non-zero byte after the marker
        byte[] dirtyTail = CommentPadding.pad(new byte[10]);
        dirtyTail[255] = 0x01;
        assertThrows(IllegalArgumentException.class, () -> CommentPadding.unpad(dirtyTail));
        byte[] dirtyMiddle = CommentPadding.pad(new byte[10]);
        dirtyMiddle[100] = (byte) 0x80;
        assertArrayEquals(Arrays.copyOf(dirtyMiddle, 100), CommentPadding.unpad(dirtyMiddle),
                "a later marker is the marker; the earlier one is data");
        // marker with the wrong value
        byte[] wrongMarker = CommentPadding.pad(new byte[10]);
        wrongMarker[10] = (byte) 0x81;
        assertThrows(IllegalArgumentException.class, () -> CommentPadding.unpad(wrongMarker));
        // all 0xff
        assertThrows(IllegalArgumentException.class, () -> CommentPadding.unpad(filled(1024, (byte) 0xff)));
    }

    @Test
    void refusesPaddingToALargerBucketThanNeeded() {
        // 10 bytes of data padded to 1024: pad never makes this, so unpad refuses it.
        byte[] oversized = new byte[1024];
        oversized[10] = (byte) 0x80;
        assertThrows(IllegalArgumentException.class, () -> CommentPadding.unpad(oversized));
        // 511 bytes padded to 1024 is also oversized; 512 bytes padded to 1024 is right.
        byte[] justOver = new byte[1024];
        justOver[511] = (byte) 0x80;
        assertThrows(IllegalArgumentException.class, () -> CommentPadding.unpad(justOver));
        byte[] right = new byte[1024];
        right[512] = (byte) 0x80;
        assertEquals(512, CommentPadding.unpad(right).length);
        // Format v1's buckets were powers of four: 256 bytes padded to 1024 was right there, not now.
        byte[] v1 = new byte[1024];
        v1[256] = (byte) 0x80;
        assertEquals(256, CommentPadding.unpad(v1, CommentPadding.V1_BUCKETS).length);
        assertThrows(IllegalArgumentException.class, () -> CommentPadding.unpad(v1));
        assertArrayEquals(v1, CommentPadding.pad(new byte[256], CommentPadding.V1_BUCKETS));
        assertThrows(IllegalArgumentException.class, () -> CommentPadding.unpad(new byte[512], CommentPadding.V1_BUCKETS));
        // the marker alone at offset 0 of a 256 bucket is the empty comment
        byte[] empty = new byte[256];
        empty[0] = (byte) 0x80;
        assertEquals(0, CommentPadding.unpad(empty).length);
    }

    private static byte[] filled(int length, byte value) {
        byte[] out = new byte[length];
        Arrays.fill(out, value);
        return out;
    }
}
