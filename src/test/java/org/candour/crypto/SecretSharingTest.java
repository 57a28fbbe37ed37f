package org.candour.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.candour.crypto.SecretSharing.Share;
import org.junit.jupiter.api.Test;

/** Shamir k-of-n over a 32-byte secret. Plain JUnit, no Quarkus. */
class SecretSharingTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void everyTwoOfThreeRebuildTheSecretAndNoOneAlone() {
        byte[] secret = secret();
        List<Share> shares = SecretSharing.split(secret, 2, 3);
        assertShape(shares, 3);
        for (List<Share> subset : subsets(shares)) {
            if (subset.size() >= 2) {
                assertArrayEquals(secret, SecretSharing.combine(subset), "subset " + indexes(subset));
            } else {
                assertFalse(Arrays.equals(secret, SecretSharing.combine(subset)), "one share alone " + indexes(subset));
            }
        }
    }

    @Test
    void everyThreeOfFiveRebuildTheSecretAndNoTwo() {
        byte[] secret = secret();
        List<Share> shares = SecretSharing.split(secret, 3, 5);
        assertShape(shares, 5);
        int rebuilt = 0;
        for (List<Share> subset : subsets(shares)) {
            byte[] combined = SecretSharing.combine(subset);
            if (subset.size() >= 3) {
                assertArrayEquals(secret, combined, "subset " + indexes(subset));
                rebuilt++;
            } else {
                assertFalse(Arrays.equals(secret, combined), "below the threshold " + indexes(subset));
            }
        }
        assertEquals(10 + 5 + 1, rebuilt);
    }

    @Test
    void orderOfTheSharesDoesNotMatter() {
        byte[] secret = secret();
        List<Share> shares = new ArrayList<>(SecretSharing.split(secret, 4, 7));
        Collections.shuffle(shares, new Random(3));
        assertArrayEquals(secret, SecretSharing.combine(shares.subList(0, 4)));
        Collections.reverse(shares);
        assertArrayEquals(secret, SecretSharing.combine(shares));
    }

    @Test
    void sharesRebuiltFromStoredIndexAndBytesStillCombine() {
        byte[] secret = secret();
        List<Share> shares = SecretSharing.split(secret, 2, 3);
        List<Share> stored = List.of(new Share(3, shares.get(2).value().clone()), new Share(1, shares.get(0).value().clone()));
        assertArrayEquals(secret, SecretSharing.combine(stored));
        // the index is part of the share: the right bytes under the wrong index give another secret
        List<Share> misnumbered = List.of(new Share(2, shares.get(2).value()), new Share(1, shares.get(0).value()));
        assertFalse(Arrays.equals(secret, SecretSharing.combine(misnumbered)));
    }

    @Test
    void anAlteredShareSilentlyGivesAnotherSecret() {
        byte[] secret = secret();
        List<Share> shares = SecretSharing.split(secret, 2, 2);
        byte[] altered = shares.get(1).value().clone();
        altered[0] ^= 1;
        assertFalse(Arrays.equals(secret, SecretSharing.combine(List.of(shares.get(0), new Share(2, altered)))));
    }

    @Test
    void thresholdEqualToShareCountAndTheMaximumOf255() {
        byte[] secret = secret();
        List<Share> all = SecretSharing.split(secret, 255, 255);
        assertShape(all, 255);
        assertArrayEquals(secret, SecretSharing.combine(all));
        assertFalse(Arrays.equals(secret, SecretSharing.combine(all.subList(0, 254))));

        List<Share> many = SecretSharing.split(secret, 200, 255);
        assertArrayEquals(secret, SecretSharing.combine(many.subList(55, 255)));
        assertArrayEquals(secret, SecretSharing.combine(many));
    }

    @Test
    void twoSplitsOfOneSecretDiffer() {
        byte[] secret = secret();
        List<Share> a = SecretSharing.split(secret, 2, 3);
        List<Share> b = SecretSharing.split(secret, 2, 3);
        for (int i = 0; i < 3; i++) {
            assertFalse(Arrays.equals(a.get(i).value(), b.get(i).value()));
            assertFalse(Arrays.equals(secret, a.get(i).value()));
        }
    }

    @Test
    void splitLeavesTheSecretAlone() {
        byte[] secret = secret();
        byte[] copy = secret.clone();
        SecretSharing.split(secret, 2, 3);
        assertArrayEquals(copy, secret);
    }

    @Test
    void refusesBadParameters() {
        byte[] secret = secret();
        assertRefused(() -> SecretSharing.split(secret, 1, 3), "at least 2");
        assertRefused(() -> SecretSharing.split(secret, 0, 3), "at least 2");
        assertRefused(() -> SecretSharing.split(secret, -1, 3), "at least 2");
        assertRefused(() -> SecretSharing.split(secret, 4, 3), "at least the threshold");
        assertRefused(() -> SecretSharing.split(secret, 2, 256), "at most 255");
        assertRefused(() -> SecretSharing.split(secret, 256, 256), "at most 255");
        assertRefused(() -> SecretSharing.split(new byte[31], 2, 3), "32 bytes");
        assertRefused(() -> SecretSharing.split(new byte[33], 2, 3), "32 bytes");
        assertRefused(() -> SecretSharing.split(null, 2, 3), "32 bytes");
    }

    @Test
    void refusesDuplicateIndexesAndEmptyInput() {
        List<Share> shares = SecretSharing.split(secret(), 2, 3);
        assertRefused(() -> SecretSharing.combine(List.of(shares.get(0), shares.get(0))), "index 1");
        assertRefused(() -> SecretSharing.combine(List.of(shares.get(1), new Share(2, shares.get(0).value()))), "index 2");
        assertRefused(() -> SecretSharing.combine(List.of()), "at least one share");
        assertRefused(() -> SecretSharing.combine(null), "at least one share");
        assertThrows(NullPointerException.class, () -> SecretSharing.combine(Arrays.asList(shares.get(0), null)));
    }

    @Test
    void sharesAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new Share(0, new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> new Share(256, new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> new Share(-1, new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> new Share(1, new byte[31]));
        assertThrows(NullPointerException.class, () -> new Share(1, null));
    }

    @Test
    void sharesRedactTheirValueAndWipe() {
        Share share = SecretSharing.split(secret(), 2, 3).get(0);
        String shown = share.toString();
        assertTrue(shown.contains("index=1"), shown);
        assertTrue(shown.contains("REDACTED"), shown);
        assertFalse(shown.contains(HexFormat.of().formatHex(share.value(), 0, 4)), shown);
        share.wipe();
        assertArrayEquals(new byte[32], share.value());
    }

    private static void assertShape(List<Share> shares, int n) {
        assertEquals(n, shares.size());
        for (int i = 0; i < n; i++) {
            assertEquals(i + 1, shares.get(i).index());
            assertEquals(32, shares.get(i).value().length);
        }
    }

    private static void assertRefused(org.junit.jupiter.api.function.Executable call, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    /** Every non-empty subset, in index order. */
    private static List<List<Share>> subsets(List<Share> shares) {
        List<List<Share>> out = new ArrayList<>();
        for (int mask = 1; mask < (1 << shares.size()); mask++) {
            List<Share> subset = new ArrayList<>();
            for (int i = 0; i < shares.size(); i++) {
                if ((mask & (1 << i)) != 0) {
                    subset.add(shares.get(i));
                }
            }
            out.add(subset);
        }
        return out;
    }

    private static List<Integer> indexes(List<Share> shares) {
        return shares.stream().map(Share::index).toList();
    }

    private static byte[] secret() {
        byte[] s = new byte[32];
        RANDOM.nextBytes(s);
        return s;
    }
}
