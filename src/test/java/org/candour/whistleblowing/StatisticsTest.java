package org.candour.whistleblowing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Channels' statistics show nothing about fewer than k cases, by itself or by subtraction. */
class StatisticsTest {

    @Test
    void aYearBelowKShowsNothingAndShownOutcomesLeaveARestOfZeroOrAtLeastK() {
        assertNull(Statistics.row("c", 2026, new int[] {3, 2, 0, 0, 4, 0}, 10).total());
        Statistics.Row r = Statistics.row("c", 2026, new int[] {1, 0, 0, 0, 12, 0}, 10);
        assertEquals(13, r.total());
        // Concluded 12 would leave 1 new: so it is not shown on its own.
        assertTrue(r.shown().stream().noneMatch(f -> f.label().equals("concluded") || f.label().equals("new")), r.toString());
        Random random = new Random(22);
        for (int i = 0; i < 5000; i++) {
            int k = 5 + random.nextInt(6);
            int[] v = new int[Statistics.OUTCOMES.size()];
            for (int j = 0; j < v.length; j++) {
                v[j] = random.nextInt(3) == 0 ? 0 : random.nextInt(3 * k);
            }
            Statistics.Row row = Statistics.row("c", 2026, v, k);
            if (row.total() == null) {
                continue;
            }
            assertTrue(row.total() >= k);
            row.shown().forEach(f -> assertTrue(f.count() == 0 || f.count() >= k, row.toString()));
            assertTrue(row.togetherCount() == 0 || row.togetherCount() >= k, row.toString());
            assertEquals(row.total(), row.shown().stream().mapToInt(Statistics.Figure::count).sum() + row.togetherCount());
        }
    }
}
