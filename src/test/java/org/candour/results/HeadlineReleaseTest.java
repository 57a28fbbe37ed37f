package org.candour.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.candour.results.Adversary.Figure;
import org.candour.results.Adversary.Leak;
import org.candour.results.LaminarRelease.Block;
import org.candour.results.LaminarRelease.Result;
import org.candour.results.LaminarRelease.Unit;
import org.candour.results.LaminarRelease.UnitFigures;
import org.candour.results.ReleaseAttackTest.World;
import org.junit.jupiter.api.Test;

/**
 * {@link HeadlineRelease} on hand-made cases: the leak of simply adding the organisation's figures to
 * {@link LaminarRelease}'s, the headline figures of a demo-sized organisation, the edges of the
 * organisation's partition, and regions' own categories.
 */
class HeadlineReleaseTest {

    static final List<String> ABC = List.of("A", "B", "C");

    /**
     * k = 10. T1 and T2 (11 each: A 0, B 5, C 6) show A = 0 and the other 11; T3 (12: A 10, B 2) shows
     * C = 0 and the other 12 (B is 2, so A joins it). The organisation has A 10, B 12, C 12, each at
     * least k. Shown beside the teams' blocks, A = 10 must all be in T3 (T1 and T2 have none), so B in
     * T3 is 12 − 10 = 2.
     */
    @Test
    void addingTheOrganisationsFiguresToTheTeamsLeaksAndTheHeadlineReleaseDoesNot() {
        int k = 10;
        World w = new World(List.of(new Unit("T1", null, "T1"), new Unit("T2", null, "T2"), new Unit("T3", null, "T3")),
                List.of("all"), ABC);
        w.add("T1", "all", "B", 5).add("T1", "all", "C", 6).add("T2", "all", "B", 5).add("T2", "all", "C", 6);
        w.add("T3", "all", "A", 10).add("T3", "all", "B", 2);
        Result headline = HeadlineRelease.release(w.tree, ABC, counts(w), k);
        assertEquals(Map.of("A", 10, "B", 12, "C", 12), headline.unit(LaminarRelease.ORGANISATION).categories());

        Adversary.Group bInT3 = new Adversary.Group("T3×B", w.cells(Set.of("T3"), w.bands, Set.of("B")));
        List<Figure> naive = naive(w, k);
        List<Leak> leaks = new Adversary(w.cellNames(), naive, k).attack(List.of(bInT3));
        assertEquals(1, leaks.size(), "the naive union pins B in T3");
        assertEquals(2, leaks.get(0).lo());
        assertEquals(2, leaks.get(0).hi());

        List<Figure> released = figures(w, headline);
        Adversary attacker = new Adversary(w.cellNames(), released, k);
        assertFalse(attacker.bounds(bInT3.cells()).leaks(k), attacker.bounds(bInT3.cells()).toString());
        assertEquals(List.of(), attacker.attack(w.groups(new Random(3), 400)));
        // T1's A = 0 joins its other 11, so A can sit in T1; T2 and T3 keep their blocks.
        assertEquals(List.of(new Block(Set.of("T1"), Set.copyOf(ABC), 11), new Block(Set.of("T2"), Set.of("A"), 0),
                new Block(Set.of("T2"), Set.of("B", "C"), 11), new Block(Set.of("T3"), Set.of("C"), 0),
                new Block(Set.of("T3"), Set.of("A", "B"), 12)), headline.blocks());
        assertEquals(Map.of(), headline.unit("T1").categories());
        assertEquals(11, headline.unit("T1").respondents());
        assertEquals(Map.of("C", 0), headline.unit("T3").categories());
        assertEquals(Map.of("A", 0), headline.unit("T2").categories());
    }

    /**
     * The demo's shape: 8 teams of 11, k = 10, five answers chosen by 10 to 26 people each across the
     * organisation. LaminarRelease shows no answer for the organisation; the headline release shows all.
     */
    @Test
    void aDemoSizedOrganisationShowsEveryAnswerAtOrganisationLevel() {
        int k = 10;
        List<String> categories = List.of("c0", "c1", "c2", "c3", "c4");
        int[] totals = {10, 14, 18, 20, 26};
        List<Unit> tree = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            tree.add(new Unit("t" + t, null, "Team " + t));
        }
        World w = new World(tree, List.of("all"), categories);
        List<Integer> people = new ArrayList<>();
        for (int j = 0; j < totals.length; j++) {
            for (int i = 0; i < totals[j]; i++) {
                people.add(j);
            }
        }
        java.util.Collections.shuffle(people, new Random(5));
        for (int p = 0; p < people.size(); p++) {
            w.add("t" + p / 11, "all", categories.get(people.get(p)), 1);
        }
        Map<String, int[]> counts = counts(w);
        UnitFigures before = LaminarRelease.releaseCounts(tree, categories, counts, k).unit(LaminarRelease.ORGANISATION);
        assertEquals(Map.of(), before.categories(), "today nothing is shown for the organisation");
        Result r = HeadlineRelease.release(tree, categories, counts, k);
        UnitFigures org = r.unit(LaminarRelease.ORGANISATION);
        Map<String, Integer> expected = new LinkedHashMap<>();
        for (int j = 0; j < totals.length; j++) {
            expected.put(categories.get(j), totals[j]);
        }
        assertEquals(expected, org.categories());
        assertEquals(0, org.other());
        assertEquals(List.of(), org.merged());
        assertEquals(88, org.respondents());
        assertEquals(List.of(), new Adversary(w.cellNames(), figures(w, r), k).attack(w.groups(new Random(4), 300)));
    }

    /** A category of exactly k org-wide is shown on its own. */
    @Test
    void aCategoryOfExactlyKIsShown() {
        Result r = threeTeams(new int[][] {{5, 6, 0}, {5, 6, 0}, {0, 0, 11}});
        assertEquals(Map.of("A", 10, "B", 12, "C", 11), r.unit(LaminarRelease.ORGANISATION).categories());
    }

    /** k − 1 is merged, and a rest of exactly k (9 + 1) stays as it is. */
    @Test
    void kMinusOneIsMergedAndARestOfExactlyKStays() {
        UnitFigures org = threeTeams(new int[][] {{4, 1, 6}, {5, 0, 6}, {0, 0, 11}}).unit(LaminarRelease.ORGANISATION);
        assertEquals(Map.of("C", 23), org.categories());
        assertEquals(10, org.other());
        assertEquals(List.of("A", "B"), org.merged());
    }

    /** A rest of k − 1 takes the smallest shown category with it. */
    @Test
    void aRestOfKMinusOnePullsInTheSmallestShownCategory() {
        UnitFigures org = threeTeams(new int[][] {{9, 2, 0}, {0, 8, 3}, {0, 0, 11}}).unit(LaminarRelease.ORGANISATION);
        assertEquals(Map.of("C", 14), org.categories(), "A 9 merged, and B 10 joins it");
        assertEquals(19, org.other());
        assertEquals(List.of("A", "B"), org.merged());
    }

    /** Three top-level teams with these counts of A, B, C, k = 10; checked against the attacker. */
    static Result threeTeams(int[][] counts) {
        int k = 10;
        World w = new World(List.of(new Unit("T1", null, "T1"), new Unit("T2", null, "T2"), new Unit("T3", null, "T3")),
                List.of("all"), ABC);
        for (int t = 0; t < 3; t++) {
            for (int j = 0; j < 3; j++) {
                w.add("T" + (t + 1), "all", ABC.get(j), counts[t][j]);
            }
        }
        Result r = HeadlineRelease.release(w.tree, ABC, counts(w), k);
        List<Figure> figures = figures(w, r);
        for (Figure f : figures) {
            assertEquals(w.count(f.cells()), f.value(), "misstates " + f);
        }
        assertEquals(List.of(), new Adversary(w.cellNames(), figures, k).attack(w.groups(new Random(1), 200)));
        return r;
    }

    @Test
    void withoutHeadlineFiguresToAddTheReleaseIsLaminarReleases() {
        // Every team large and one-sided: the organisation's partition adds nothing the blocks hide.
        World w = new World(List.of(new Unit("T1", null, "T1"), new Unit("T2", "T1", "T2")), List.of("all"), ABC);
        w.add("T1", "all", "A", 12).add("T2", "all", "B", 15);
        Result laminar = LaminarRelease.releaseCounts(w.tree, ABC, counts(w), 10);
        Result headline = HeadlineRelease.release(w.tree, ABC, counts(w), 10);
        assertEquals(laminar.blocks(), headline.blocks());
        assertEquals(laminar.units(), headline.units());
        assertEquals(List.of(new Block(Set.of("T1", "T2"), Set.of("A"), 12), new Block(Set.of("T1", "T2"), Set.of("B"), 15),
                new Block(Set.of("T1", "T2"), Set.of("C"), 0)), headline.headline());
        Result small = HeadlineRelease.release(w.tree, ABC, Map.of("T1", new int[] {3, 0, 0}), 10);
        assertFalse(small.unit(LaminarRelease.ORGANISATION).released());
        assertTrue(small.headline().isEmpty());
    }

    /**
     * k = 10, two regions of two teams each, no team showing A or B on its own. North: N1 (12: A 7, B 5),
     * N2 (13: A 6, B 7); South: S1 (11: A 5, B 2, C 4), S2 (14: A 6, B 3, C 5). Before, North's row showed
     * only C = 0 (the one category both its teams show) and South's nothing; now each region shows what
     * rule 4 shows on its own totals: North A 13, B 12, C 0; South A 11 (B 5 and C 9 together, 14). The teams
     * keep their blocks, and the attacker pins nothing.
     */
    @Test
    void aRegionsRowShowsItsOwnCategories() {
        World w = twoRegions(new int[][] {{7, 5, 0}, {6, 7, 0}, {5, 2, 4}, {6, 3, 5}});
        Result before = HeadlineRelease.release(w.tree, ABC, counts(w), 10, false);
        assertEquals(Map.of("C", 0), before.unit("North").categories());
        assertEquals(Map.of(), before.unit("South").categories());
        Result r = HeadlineRelease.release(w.tree, ABC, counts(w), 10);
        assertEquals(Map.of("A", 24), r.unit(LaminarRelease.ORGANISATION).categories(), "B 17, C 9: B joins the rest");
        assertEquals(Map.of("A", 13, "B", 12, "C", 0), r.unit("North").categories());
        assertEquals(0, r.unit("North").other());
        assertEquals(Map.of("A", 11), r.unit("South").categories());
        assertEquals(14, r.unit("South").other());
        assertEquals(List.of("B", "C"), r.unit("South").merged());
        assertEquals(before.blocks(), r.blocks(), "the teams keep what they showed");
        assertEquals(Map.of("C", 0), r.unit("N1").categories());
        assertEquals(Map.of(), r.unit("S2").categories());
        assertEquals(List.of(), new Adversary(w.cellNames(), figures(w, r), 10).attack(w.groups(new Random(6), 400)));
    }

    /**
     * The same, but South has 9 people choosing A (S1: A 4, B 3, C 4; S2: A 5, B 4, C 5). The organisation
     * shows A 22 and B and C together 28. North's A 13 would pin South's A at 22 − 13 = 9; North's B 12 would
     * too, as South's 25 less the 28 − 12 = 16 of South who chose B or C. So North shows neither (C = 0 is
     * all its row shows, as before), and nothing is pinned; North's A simply added would leak.
     */
    @Test
    void aRegionGivesUpACategoryThatWouldPinAnotherRegions() {
        World w = twoRegions(new int[][] {{7, 5, 0}, {6, 7, 0}, {4, 3, 4}, {5, 4, 5}});
        Result r = HeadlineRelease.release(w.tree, ABC, counts(w), 10);
        assertEquals(Map.of("A", 22), r.unit(LaminarRelease.ORGANISATION).categories());
        assertEquals(Map.of("C", 0), r.unit("North").categories());
        assertEquals(25, r.unit("North").other());
        assertEquals(Map.of(), r.unit("South").categories());
        assertEquals(HeadlineRelease.release(w.tree, ABC, counts(w), 10, false).blocks(), r.blocks(),
                "the teams keep their blocks: joining one would not free South's A");
        Adversary.Group aInSouth = new Adversary.Group("South×A", w.cells(w.subtree("South"), w.bands, Set.of("A")));
        assertEquals(List.of(), new Adversary(w.cellNames(), figures(w, r), 10).attack(w.groups(new Random(7), 400)));

        List<Figure> naive = figures(w, HeadlineRelease.release(w.tree, ABC, counts(w), 10, false));
        naive.add(new Figure("North×A", w.cells(w.subtree("North"), w.bands, Set.of("A")), 13));
        List<Leak> leaks = new Adversary(w.cellNames(), naive, 10).attack(List.of(aInSouth));
        assertEquals(1, leaks.size(), "North's A beside the organisation's pins South's");
        assertEquals(9, leaks.get(0).lo());
        assertEquals(9, leaks.get(0).hi());
    }

    /**
     * The audit ends, without running out of repairs, on 3,000 random organisations of one to four regions
     * (k = 3, 5 and 10), and every figure it shows is true: each released unit's categories and rest are
     * its respondents' counts, and the organisation's row is rule 4 on its totals.
     */
    @Test
    void theAuditEndsAndEveryFigureIsTrueOnRandomOrganisations() {
        int[] ks = {3, 5, 10};
        for (int seed = 0; seed < 3_000; seed++) {
            World w = HeadlineAttackTest.randomWorld(10_000L + seed, 1, 4);
            int k = ks[seed % ks.length];
            Map<String, int[]> counts = counts(w);
            Result r = HeadlineRelease.release(w.tree, w.categories, counts, k);
            for (UnitFigures u : r.units()) {
                if (!u.released()) {
                    continue;
                }
                Set<String> under = w.subtree(u.unitId());
                for (Map.Entry<String, Integer> e : u.categories().entrySet()) {
                    assertEquals(w.count(w.cells(under, w.bands, Set.of(e.getKey()))), (long) e.getValue(), "seed " + seed);
                }
                assertEquals(w.count(w.cells(under, w.bands, u.merged())), (long) u.other(), "seed " + seed);
                assertEquals(w.count(w.cells(under, w.bands, w.categories)), (long) u.respondents(), "seed " + seed);
                assertTrue(u.other() == 0 || u.other() >= k, "seed " + seed);
            }
            int[] total = new int[w.categories.size()];
            counts.values().forEach(v -> {
                for (int j = 0; j < total.length; j++) {
                    total[j] += v[j];
                }
            });
            if (r.unit(LaminarRelease.ORGANISATION).released()) {
                boolean[] exact = LaminarRelease.exactly(total, k);
                for (int j = 0; j < total.length; j++) {
                    assertEquals(exact[j], r.unit(LaminarRelease.ORGANISATION).categories().containsKey(w.categories.get(j)));
                }
            }
        }
    }

    /** Regions North (teams N1, N2) and South (S1, S2), the teams' counts of A, B and C in that order. */
    static World twoRegions(int[][] teams) {
        List<Unit> tree = List.of(new Unit("North", null, "North"), new Unit("N1", "North", "N1"),
                new Unit("N2", "North", "N2"), new Unit("South", null, "South"), new Unit("S1", "South", "S1"),
                new Unit("S2", "South", "S2"));
        World w = new World(tree, List.of("all"), ABC);
        String[] names = {"N1", "N2", "S1", "S2"};
        for (int t = 0; t < names.length; t++) {
            for (int j = 0; j < ABC.size(); j++) {
                w.add(names[t], "all", ABC.get(j), teams[t][j]);
            }
        }
        return w;
    }

    /** Many parts at organisation level (65: more than the audit once held in a 64-bit set) are all shown. */
    @Test
    void aQuestionWithSixtyFivePartsShowsThemAll() {
        List<String> categories = new ArrayList<>();
        int[] counts = new int[65];
        for (int j = 0; j < 65; j++) {
            categories.add("c" + j);
            counts[j] = 10;
        }
        List<Unit> tree = List.of(new Unit("T", null, "T"));
        Result r = HeadlineRelease.release(tree, categories, Map.of("T", counts), 10);
        assertEquals(LaminarRelease.releaseCounts(tree, categories, Map.of("T", counts), 10).blocks(), r.blocks());
        assertEquals(65, r.headline().size());
        assertEquals(65, r.unit(LaminarRelease.ORGANISATION).categories().size());
        counts[64] = 3; // c64 and c0 together: 63 parts of one category and one of two
        List<Block> headline = HeadlineRelease.release(tree, categories, Map.of("T", counts), 10).headline();
        assertEquals(64, headline.size());
        assertEquals(new Block(Set.of("T"), Set.of("c0", "c64"), 13), headline.get(63));
    }

    // ---- shared with HeadlineAttackTest -------------------------------------------------------------

    /** The world's own respondents per unit and category (bands summed). */
    static Map<String, int[]> counts(World w) {
        Map<String, int[]> out = new HashMap<>();
        for (String u : w.units) {
            int[] v = new int[w.categories.size()];
            for (int j = 0; j < v.length; j++) {
                v[j] = (int) w.count(w.cells(Set.of(u), w.bands, Set.of(w.categories.get(j))));
            }
            out.put(u, v);
        }
        return out;
    }

    /** Everything a headline release shows: its blocks, its headline partition and every unit's figures. */
    static List<Figure> figures(World w, Result r) {
        List<Figure> out = new ArrayList<>(w.blockFigures(r));
        for (Block b : r.headline()) {
            out.add(new Figure("headline " + b.categories(), w.cells(b.units(), w.bands, b.categories()), b.count()));
        }
        out.addAll(w.dashboardFigures(r));
        return out;
    }

    /** The naive union: LaminarRelease's blocks and figures, and the organisation's partition beside them. */
    static List<Figure> naive(World w, int k) {
        Result laminar = LaminarRelease.releaseCounts(w.tree, w.categories, counts(w), k);
        List<Figure> out = new ArrayList<>(w.blockFigures(laminar));
        out.addAll(w.dashboardFigures(laminar));
        for (Block b : HeadlineRelease.release(w.tree, w.categories, counts(w), k).headline()) {
            out.add(new Figure("org " + b.categories(), w.cells(b.units(), w.bands, b.categories()), b.count()));
        }
        return out;
    }
}
