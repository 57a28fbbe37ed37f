package org.candour.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PadmeTest {

    @Test
    void lengthsFollowPadme() {
        assertEquals(1024, Padme.paddedLength(0));
        assertEquals(1024, Padme.paddedLength(1024));
        // 1025: E = 10, S = 4, so the last 6 bits are zero.
        assertEquals(1088, Padme.paddedLength(1025));
        // 10 MiB + 1: E = 23, S = 5, the last 18 bits are zero.
        assertEquals(10 * 1024 * 1024 + (1 << 18), Padme.paddedLength(10 * 1024 * 1024 + 1));
        Random r = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            int n = 1 + r.nextInt(30 * 1024 * 1024);
            int p = Padme.paddedLength(n);
            assertTrue(p >= n, n + " → " + p);
            assertTrue(p <= Math.max(1024, n * 1.12 + 1), n + " → " + p + " costs more than 12%");
        }
    }

    @Test
    void lengthsFromTenKilobytesToTenMegabytesFallIntoFewSizes() {
        Set<Integer> sizes = new HashSet<>();
        for (int n = 10_000; n <= 10_000_000; n += 97) {
            sizes.add(Padme.paddedLength(n));
        }
        // About 100,000 distinct lengths are told apart by at most a few hundred padded sizes.
        assertTrue(sizes.size() < 400, sizes.size() + " sizes");
    }

    @Test
    void padThenUnpadGivesTheDataBackAndAnythingElseIsRefused() {
        Random r = new Random(3);
        for (int n : new int[] {0, 1, 1022, 1023, 1024, 5000, 70_000}) {
            byte[] data = new byte[n];
            r.nextBytes(data);
            byte[] padded = Padme.pad(data);
            assertEquals(Padme.paddedLength(n + 1), padded.length);
            assertArrayEquals(data, Padme.unpad(padded));
        }
        byte[] padded = Padme.pad(new byte[] {1, 2, 3});
        padded[3] = 0; // marker gone
        assertThrows(IllegalArgumentException.class, () -> Padme.unpad(padded));
        assertThrows(IllegalArgumentException.class, () -> Padme.unpad(new byte[1024]));
        byte[] longer = new byte[2048];
        longer[3] = (byte) 0x80; // a marker, but not at Padmé's length
        assertThrows(IllegalArgumentException.class, () -> Padme.unpad(longer));
    }
}
