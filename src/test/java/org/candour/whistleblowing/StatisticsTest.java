package org.candour.whistleblowing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Channels' statistics show nothing about fewer than k cases, by itself or by subtraction. */
class StatisticsTest {

    static final List<String> CATEGORIES = List.of("Bullying", "Racism", "Unsafe caseloads", Statistics.OTHER);

    @Test
    void aYearBelowKShowsNothingAndShownOutcomesLeaveARestOfZeroOrAtLeastK() {
        assertNull(Statistics.row("c", 2026, new int[] {3, 2, 0, 0, 4, 0}, CATEGORIES, new int[] {4, 0, 0, 0}, 10)
                .total());
        Statistics.Row r = Statistics.row("c", 2026, new int[] {1, 0, 0, 0, 12, 0}, CATEGORIES, new int[] {12, 0, 0, 0},
                10);
        assertEquals(13, r.total());
        // Concluded 12 would leave 1 new: so it is not shown on its own; nor are categories (1 case is open).
        assertTrue(r.outcomes().shown().stream().noneMatch(f -> f.label().equals("concluded") || f.label().equals("new")),
                r.toString());
        assertNull(r.categories());
        Random random = new Random(22);
        for (int i = 0; i < 5000; i++) {
            int k = 5 + random.nextInt(6);
            int[] v = new int[Statistics.OUTCOMES.size()];
            for (int j = 0; j < v.length; j++) {
                v[j] = random.nextInt(3) == 0 ? 0 : random.nextInt(3 * k);
            }
            int[] c = spread(v[4] + v[5], CATEGORIES.size(), random);
            Statistics.Row row = Statistics.row("c", 2026, v, CATEGORIES, c, k);
            if (row.total() == null) {
                continue;
            }
            assertTrue(row.total() >= k);
            checkPartition(row.outcomes(), row.total(), k, row);
            if (row.categories() != null) {
                checkPartition(row.categories(), v[4] + v[5], k, row);
            }
        }
    }

    @Test
    void categoriesAreShownOnlyWhenTheClosedAndTheOpenAreEachZeroOrAtLeastKAndThenEachSideOnItsOwn() {
        // 13 open, 17 closed: categories shown; new 3 goes with acknowledged (open), concluded 7 with
        // deleted (closed), never across.
        Statistics.Row r = Statistics.row("c", 2026, new int[] {3, 10, 0, 0, 7, 10}, CATEGORIES,
                new int[] {10, 7, 0, 0}, 10);
        assertNotNull(r.categories());
        assertEquals(List.of(new Statistics.Together(List.of("new", "acknowledged"), 13),
                new Statistics.Together(List.of("concluded", "deleted"), 17)), r.outcomes().together());
        assertEquals(List.of(new Statistics.Together(List.of("Bullying", "Racism"), 17)), r.categories().together());
        // All concluded: every figure on its own.
        r = Statistics.row("c", 2026, new int[] {0, 0, 0, 0, 10, 12}, CATEGORIES, new int[] {10, 12, 0, 0}, 10);
        assertEquals(List.of(new Statistics.Figure("Bullying", 10), new Statistics.Figure("Racism", 12),
                new Statistics.Figure("Unsafe caseloads", 0), new Statistics.Figure(Statistics.OTHER, 0)),
                r.categories().shown());
        assertTrue(r.outcomes().together().isEmpty());
        // Fewer than k closed, or 1 to k − 1 open: no categories, outcomes as before.
        assertNull(Statistics.row("c", 2026, new int[] {20, 0, 0, 0, 9, 0}, CATEGORIES, new int[] {9, 0, 0, 0}, 10)
                .categories());
        assertNull(Statistics.row("c", 2026, new int[] {0, 9, 0, 0, 20, 0}, CATEGORIES, new int[] {20, 0, 0, 0}, 10)
                .categories());
        // The categories must add up to the closed cases.
        assertThrows(IllegalArgumentException.class, () -> Statistics.row("c", 2026, new int[] {0, 0, 0, 0, 10, 0},
                CATEGORIES, new int[] {9, 0, 0, 0}, 10));
    }

    /** Every figure and every group shown together is 0 or at least k, and they add up to the total. */
    private static void checkPartition(Statistics.Partition p, int total, int k, Statistics.Row row) {
        p.shown().forEach(f -> assertTrue(f.count() == 0 || f.count() >= k, row.toString()));
        p.together().forEach(t -> assertTrue(t.count() == 0 || t.count() >= k, row.toString()));
        assertEquals(total, p.shown().stream().mapToInt(Statistics.Figure::count).sum()
                + p.together().stream().mapToInt(Statistics.Together::count).sum(), row.toString());
    }

    /** {@code n} spread at random over {@code parts} entries. */
    static int[] spread(int n, int parts, Random random) {
        int[] out = new int[parts];
        List<Integer> weights = new ArrayList<>();
        for (int j = 0; j < parts; j++) {
            weights.add(random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(4));
        }
        int sum = weights.stream().mapToInt(Integer::intValue).sum();
        for (int i = 0; i < n; i++) {
            int pick = sum == 0 ? random.nextInt(parts) : -1;
            for (int j = 0, at = sum == 0 ? 0 : random.nextInt(sum); pick < 0; j++) {
                at -= weights.get(j);
                if (at < 0) {
                    pick = j;
                }
            }
            out[pick]++;
        }
        return out;
    }
}
