package org.candour.whistleblowing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.candour.results.Adversary;
import org.candour.results.LaminarRelease;
import org.junit.jupiter.api.Test;

/**
 * The statistics of a channel's year release two partitions of the same cases, by outcome and by
 * category, and only closed cases (concluded or deleted) have a category. An attacker who sees both
 * tables and knows that structure (the finest cells are an open outcome, or a closed outcome and a
 * category) tries every group: none is pinned below k, and every cell not forced empty can hold k or
 * more. Rule 4 applied to each partition on its own leaks: the categories' sum gives the open cases.
 */
class StatisticsAttackTest {

    static final List<String> CATEGORIES = StatisticsTest.CATEGORIES;
    static final List<String> OPEN = Statistics.OUTCOMES.subList(0, Statistics.OPEN);
    static final List<String> CLOSED = Statistics.OUTCOMES.subList(Statistics.OPEN, Statistics.OUTCOMES.size());

    @Test
    void ruleFourOnEachPartitionAloneLeaksAndTheReleaseDoesNot() {
        int k = 10;
        int[] outcomes = {3, 10, 0, 0, 7, 10};
        int[] byCategory = {10, 7, 0, 0};
        // Alone: acknowledged 10, assessing 0, investigating 0, deleted 10, new and concluded together 10;
        // the categories Bullying and Racism together 17, the others 0. The 30 less those 17 closed are the
        // 13 open, of which 10 acknowledged: 3 new.
        Adversary weak = new Adversary(cells(), independent(outcomes, byCategory, k), k);
        List<Adversary.Leak> leaks = weak.attack(groups(new Random(1), 0));
        assertTrue(leaks.stream().anyMatch(l -> l.group().label().equals("new") && l.lo() == 3 && l.hi() == 3),
                leaks.toString());
        assertTrue(leaks.stream().anyMatch(l -> l.group().label().equals("concluded") && l.lo() == 7), leaks.toString());

        Statistics.Row row = Statistics.row("c", 2026, outcomes, CATEGORIES, byCategory, k);
        assertNotNull(row.categories());
        Adversary strong = new Adversary(cells(), figures(row), k);
        assertEquals(List.of(), strong.attack(groups(new Random(1), 200)));
        assertEveryCellHoldsZeroOrK(strong, k, row);
    }

    @Test
    void noGroupOfCasesIsPinnedBelowKInRandomChannelYears() {
        Random random = new Random(2026);
        int worlds = 0;
        int withCategories = 0;
        int weakLeaks = 0;
        int groups = 0;
        for (int w = 0; w < 240; w++) {
            int k = List.of(3, 5, 10).get(w % 3);
            int[] outcomes = new int[Statistics.OUTCOMES.size()];
            for (int j = 0; j < outcomes.length; j++) {
                outcomes[j] = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(2 * k);
            }
            int[] byCategory = StatisticsTest.spread(outcomes[4] + outcomes[5], CATEGORIES.size(), random);
            Statistics.Row row = Statistics.row("c", 2026, outcomes, CATEGORIES, byCategory, k);
            if (row.total() == null) {
                continue;
            }
            worlds++;
            withCategories += row.categories() == null ? 0 : 1;
            List<Adversary.Group> attacked = groups(new Random(w), 120);
            groups += attacked.size();
            Adversary adversary = new Adversary(cells(), figures(row), k);
            List<Adversary.Leak> leaks = adversary.attack(attacked);
            assertEquals(List.of(), leaks, row + " " + Arrays.toString(outcomes) + " "
                    + Arrays.toString(byCategory));
            assertEveryCellHoldsZeroOrK(adversary, k, row);
            if (!new Adversary(cells(), independent(outcomes, byCategory, k), k).attack(attacked).isEmpty()) {
                weakLeaks++;
            }
        }
        System.out.printf("Statistics attack: %d groups in %d channel years, none pinned (categories shown in %d);"
                + " rule 4 on each partition alone leaks in %d%n", groups, worlds, withCategories, weakLeaks);
        assertTrue(worlds > 150 && withCategories > 40, worlds + " " + withCategories);
        assertTrue(weakLeaks > 0, "the weaker release should leak somewhere, or the attack has lost its teeth");
    }

    /** P: every cell can hold 0 (forced empty) or at least k people in some table fitting the figures. */
    private static void assertEveryCellHoldsZeroOrK(Adversary adversary, int k, Statistics.Row row) {
        List<String> cells = cells();
        for (int c = 0; c < cells.size(); c++) {
            BitSet one = new BitSet();
            one.set(c);
            long hi = adversary.bounds(one).hi();
            assertTrue(hi == 0 || hi >= k, cells.get(c) + " holds at most " + hi + " in " + row);
        }
    }

    /** The finest cells: an open outcome (no category yet), or a closed outcome with a category. */
    static List<String> cells() {
        List<String> out = new ArrayList<>(OPEN);
        for (String o : CLOSED) {
            for (String c : CATEGORIES) {
                out.add(o + " / " + c);
            }
        }
        return out;
    }

    static BitSet outcome(String outcome) {
        BitSet out = new BitSet();
        List<String> cells = cells();
        for (int c = 0; c < cells.size(); c++) {
            if (cells.get(c).equals(outcome) || cells.get(c).startsWith(outcome + " / ")) {
                out.set(c);
            }
        }
        return out;
    }

    static BitSet category(String category) {
        BitSet out = new BitSet();
        List<String> cells = cells();
        for (int c = 0; c < cells.size(); c++) {
            if (cells.get(c).endsWith(" / " + category)) {
                out.set(c);
            }
        }
        return out;
    }

    /** What the statistics page shows of a channel's year, as figures over the cells. */
    static List<Adversary.Figure> figures(Statistics.Row row) {
        List<Adversary.Figure> out = new ArrayList<>();
        BitSet all = new BitSet();
        all.set(0, cells().size());
        out.add(new Adversary.Figure("cases", all, row.total()));
        add(out, row.outcomes(), true);
        if (row.categories() != null) {
            add(out, row.categories(), false);
        }
        return out;
    }

    private static void add(List<Adversary.Figure> out, Statistics.Partition p, boolean outcomes) {
        for (Statistics.Figure f : p.shown()) {
            out.add(new Adversary.Figure(f.label(), outcomes ? outcome(f.label()) : category(f.label()), f.count()));
        }
        for (Statistics.Together t : p.together()) {
            BitSet cells = new BitSet();
            t.labels().forEach(l -> cells.or(outcomes ? outcome(l) : category(l)));
            out.add(new Adversary.Figure(String.join(" + ", t.labels()), cells, t.count()));
        }
    }

    /** The weaker release: rule 4 on the six outcomes, and beside it on the closed cases' categories. */
    static List<Adversary.Figure> independent(int[] outcomes, int[] byCategory, int k) {
        List<Adversary.Figure> out = new ArrayList<>();
        BitSet all = new BitSet();
        all.set(0, cells().size());
        out.add(new Adversary.Figure("cases", all, Arrays.stream(outcomes).sum()));
        ruleFour(out, Statistics.OUTCOMES, outcomes, k, true);
        if (outcomes[4] + outcomes[5] >= k) {
            ruleFour(out, CATEGORIES, byCategory, k, false);
        }
        return out;
    }

    private static void ruleFour(List<Adversary.Figure> out, List<String> labels, int[] v, int k, boolean outcomes) {
        boolean[] exact = LaminarRelease.exactly(v, k);
        BitSet rest = new BitSet();
        long restCount = 0;
        for (int j = 0; j < v.length; j++) {
            BitSet cells = outcomes ? outcome(labels.get(j)) : category(labels.get(j));
            if (exact[j]) {
                out.add(new Adversary.Figure(labels.get(j), cells, v[j]));
            } else {
                rest.or(cells);
                restCount += v[j];
            }
        }
        if (!rest.isEmpty()) {
            out.add(new Adversary.Figure("rest", rest, restCount));
        }
    }

    /**
     * The groups tried: every cell, outcome and category, the open and the closed, every pair of cells,
     * and {@code randomCount} random sets of cells.
     */
    static List<Adversary.Group> groups(Random random, int randomCount) {
        List<String> cells = cells();
        List<Adversary.Group> out = new ArrayList<>();
        for (String o : Statistics.OUTCOMES) {
            out.add(new Adversary.Group(o, outcome(o)));
        }
        for (String c : CATEGORIES) {
            out.add(new Adversary.Group(c, category(c)));
        }
        BitSet open = new BitSet();
        OPEN.forEach(o -> open.or(outcome(o)));
        out.add(new Adversary.Group("open", open));
        BitSet closed = new BitSet();
        CLOSED.forEach(o -> closed.or(outcome(o)));
        out.add(new Adversary.Group("closed", closed));
        for (int a = 0; a < cells.size(); a++) {
            for (int b = a; b < cells.size(); b++) {
                BitSet g = new BitSet();
                g.set(a);
                g.set(b);
                out.add(new Adversary.Group(a == b ? cells.get(a) : cells.get(a) + " and " + cells.get(b), g));
            }
        }
        for (int i = 0; i < randomCount; i++) {
            BitSet g = new BitSet();
            for (int c = 0; c < cells.size(); c++) {
                if (random.nextBoolean()) {
                    g.set(c);
                }
            }
            if (!g.isEmpty()) {
                out.add(new Adversary.Group("random " + g, g));
                BitSet complement = new BitSet();
                complement.set(0, cells.size());
                complement.andNot(g);
                out.add(new Adversary.Group("all but " + g, complement));
            }
        }
        return out;
    }
}
