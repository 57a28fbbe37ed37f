package org.candour.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;
import org.candour.results.Adversary.Figure;
import org.candour.results.LaminarRelease.Block;
import org.candour.results.LaminarRelease.Result;
import org.candour.results.LaminarRelease.Unit;
import org.candour.results.LaminarRelease.UnitFigures;
import org.candour.results.ReleaseAttackTest.World;
import org.junit.jupiter.api.Test;

/**
 * Attacks {@link HeadlineRelease} with two questions over the same respondents. A finest cell is a unit,
 * an answer to Q1 (the world's categories) and an answer to Q2 (the world's bands). The attacker sees both
 * questions' releases (blocks, headline partition, every released unit's figures) and the participation
 * release, and names every unit set × Q1 answers × Q2 answers, their complements, and sums, differences
 * and intersections of random pairs. Trees have three levels; 70% of teams have 3 to 12 people. Regions (the
 * top-level units) show their own categories beside the organisation's ({@link HeadlineRelease}).
 */
class HeadlineAttackTest {

    static final int INSTANCES = 60;
    static final int[] THRESHOLDS = {5, 10};
    static final List<String> Q1 = List.of("a0", "a1", "a2");
    static final List<String> Q2 = List.of("b0", "b1", "b2");

    @Test
    void noGroupOfTwoQuestionsHeadlineReleasesIsPinnedInsideOneToKMinusOne() {
        attack("HeadlineAttackTest", 1, 2, 3_000L);
    }

    /**
     * Two or three regions, so that regions' own categories cross each other and the organisation's: the
     * region with few people in a category the organisation shows is where a small group would hide.
     */
    @Test
    void noGroupIsPinnedWhereSeveralRegionsShowTheirOwnCategories() {
        attack("HeadlineAttackTest, two or three regions", 2, 3, 4_000L);
    }

    /**
     * Attacks {@link #INSTANCES} worlds of {@code minRegions} to {@code maxRegions} regions; checks that the
     * worlds exercise what is attacked: the audit joined blocks somewhere, and some region's row shows a
     * category of its own that its atoms do not all show.
     */
    private static void attack(String name, int minRegions, int maxRegions, long groupSeed) {
        int[] joined = new int[1];
        int[] regions = new int[1];
        AttackRuns.assertNoLeak(name, INSTANCES, seed -> {
            World w = randomWorld(seed, minRegions, maxRegions);
            int k = THRESHOLDS[seed % THRESHOLDS.length];
            Map<String, int[]> counts = HeadlineReleaseTest.counts(w);
            Result r = HeadlineRelease.release(w.tree, Q1, counts, k);
            if (!r.blocks().equals(LaminarRelease.releaseCounts(w.tree, Q1, counts, k).blocks())) {
                joined[0]++;
            }
            Result without = HeadlineRelease.release(w.tree, Q1, counts, k, false);
            if (w.tree.stream().filter(u -> u.parentId() == null && r.unit(u.id()).released())
                    .anyMatch(u -> r.unit(u.id()).categories().size() > without.unit(u.id()).categories().size())) {
                regions[0]++;
            }
            return new AttackRuns.Run(w, k, release(w, k, Design.HEADLINE), w.groups(new Random(groupSeed + seed), 300));
        });
        System.out.printf("%s: the audit joined some atom's Q1 blocks in %d of %d worlds; a region shows Q1 categories"
                + " of its own in %d%n", name, joined[0], INSTANCES, regions[0]);
        assertTrue(joined[0] >= 1, "the audit never had to act: the worlds do not test it");
        assertTrue(regions[0] >= INSTANCES / 4, "regions rarely show categories of their own: the worlds do not test them");
    }

    /**
     * One question over ReleaseAttackTest's random worlds (trees up to four deep, bands the release never
     * splits out, k = 3, 5 and 10): its HeadlineRelease attacked with every unit × answers × bands group.
     */
    @Test
    void noGroupOfASingleQuestionWithBandsIsPinned() {
        AttackRuns.assertNoLeak("HeadlineAttackTest, one question with bands", 100, seed -> {
            World w = ReleaseAttackTest.randomWorld(seed);
            int k = ReleaseAttackTest.THRESHOLDS[seed % ReleaseAttackTest.THRESHOLDS.length];
            Result r = HeadlineRelease.release(w.tree, w.categories, HeadlineReleaseTest.counts(w), k);
            return new AttackRuns.Run(w, k, HeadlineReleaseTest.figures(w, r), w.groups(new Random(1_000L + seed), 300));
        });
    }

    /**
     * A multi-choice question, each option released by HeadlineRelease over the same respondents (every
     * answer pattern of three options a cell): the options are several questions of two categories each.
     */
    @Test
    void noGroupOfAMultiChoiceQuestionWithHeadlineFiguresIsPinned() {
        AttackRuns.assertNoLeak("HeadlineAttackTest, multi-choice", MultiChoiceAttackTest.INSTANCES, seed -> {
            World w = MultiChoiceAttackTest.randomWorld(seed);
            int k = MultiChoiceAttackTest.THRESHOLDS[seed % MultiChoiceAttackTest.THRESHOLDS.length];
            return new AttackRuns.Run(w, k, MultiChoiceAttackTest.release(w, k, false, true),
                    w.groups(new Random(2_000L + seed), 300));
        });
    }

    /** The harness has teeth: LaminarRelease's figures with the organisation's partitions beside them leak. */
    @Test
    void theNaiveUnionLeaksInTheSameWorlds() {
        int leaking = AttackRuns.leaking("naive union of atom blocks and organisation partitions", INSTANCES, seed -> {
            World w = randomWorld(seed);
            int k = THRESHOLDS[seed % THRESHOLDS.length];
            return new AttackRuns.Run(w, k, release(w, k, Design.NAIVE_ORGANISATION), w.groups(new Random(3_000L + seed), 300));
        });
        assertTrue(leaking >= 1, "the naive union never leaks: the attack has no teeth");
    }

    /**
     * And for the regions: the release without regions' own categories (audited), with each region's rule 4
     * categories simply added, leaks in the worlds of two or three regions.
     */
    @Test
    void regionsCategoriesAddedWithoutTheirAuditLeak() {
        int leaking = AttackRuns.leaking("regions' categories added to the audited organisation release", INSTANCES, seed -> {
            World w = randomWorld(seed, 2, 3);
            int k = THRESHOLDS[seed % THRESHOLDS.length];
            return new AttackRuns.Run(w, k, release(w, k, Design.NAIVE_REGIONS), w.groups(new Random(4_000L + seed), 300));
        });
        assertTrue(leaking >= 1, "regions' unaudited categories never leak: the attack has no teeth for them");
    }

    /** What is released for each question. */
    enum Design {
        /** {@link HeadlineRelease}. */
        HEADLINE,
        /** LaminarRelease's release with the organisation's partition beside it, unaudited. */
        NAIVE_ORGANISATION,
        /** HeadlineRelease without regions' own categories, and each region's rule 4 categories beside it, unaudited. */
        NAIVE_REGIONS
    }

    /** Everything shown for both questions and for participation, each question released by {@code design}. */
    static List<Figure> release(World w, int k, Design design) {
        List<Figure> out = new ArrayList<>();
        out.addAll(question(w, "Q1", Q1, k, design, (units, cats) -> w.cells(units, w.bands, cats)));
        out.addAll(question(w, "Q2", Q2, k, design, (units, cats) -> w.cells(units, cats, w.categories)));
        Map<String, int[]> responded = new HashMap<>();
        for (String u : w.units) {
            responded.put(u, new int[] {(int) w.count(w.cells(Set.of(u), w.bands, w.categories))});
        }
        for (UnitFigures u : LaminarRelease.releaseCounts(w.tree, List.of("responded"), responded, k).units()) {
            if (u.released()) {
                out.add(new Figure("participation " + u.unitId(), w.cells(w.subtree(u.unitId()), w.bands, w.categories),
                        u.respondents()));
            }
        }
        return out;
    }

    private static List<Figure> question(World w, String name, List<String> categories, int k, Design design,
            BiFunction<Set<String>, Set<String>, BitSet> cells) {
        Map<String, int[]> counts = counts(w, categories, cells);
        Result r = switch (design) {
            case HEADLINE -> HeadlineRelease.release(w.tree, categories, counts, k);
            case NAIVE_ORGANISATION -> LaminarRelease.releaseCounts(w.tree, categories, counts, k);
            case NAIVE_REGIONS -> HeadlineRelease.release(w.tree, categories, counts, k, false);
        };
        List<Block> org = HeadlineRelease.release(w.tree, categories, counts, k).headline();
        List<Figure> out = new ArrayList<>();
        for (Block b : r.blocks()) {
            out.add(new Figure(name + " block " + b.units() + "×" + b.categories(), cells.apply(b.units(), b.categories()),
                    b.count()));
        }
        for (Block b : org) {
            out.add(new Figure(name + " org " + b.categories(), cells.apply(b.units(), b.categories()), b.count()));
        }
        for (UnitFigures u : r.units()) {
            if (!u.released()) {
                continue;
            }
            Set<String> under = w.subtree(u.unitId());
            String label = name + " " + (u.unitId().isEmpty() ? "Org" : u.unitId() + "+");
            out.add(new Figure(label + " respondents", cells.apply(under, Set.copyOf(categories)), u.respondents()));
            for (Map.Entry<String, Integer> e : u.categories().entrySet()) {
                out.add(new Figure(label + "×" + e.getKey(), cells.apply(under, Set.of(e.getKey())), e.getValue()));
            }
            if (!u.merged().isEmpty()) {
                out.add(new Figure(label + " other", cells.apply(under, Set.copyOf(u.merged())), u.other()));
            }
            if (design == Design.NAIVE_REGIONS && w.tree.stream().anyMatch(t -> t.id().equals(u.unitId()) && t.parentId() == null)) {
                int[] total = new int[categories.size()];
                under.forEach(unit -> {
                    for (int j = 0; j < total.length; j++) {
                        total[j] += counts.get(unit)[j];
                    }
                });
                boolean[] exact = LaminarRelease.exactly(total, k);
                for (int j = 0; j < total.length; j++) {
                    if (exact[j]) {
                        out.add(new Figure(label + " own×" + categories.get(j), cells.apply(under, Set.of(categories.get(j))),
                                total[j]));
                    }
                }
            }
        }
        return out;
    }

    static Map<String, int[]> counts(World w, List<String> categories, BiFunction<Set<String>, Set<String>, BitSet> cells) {
        Map<String, int[]> out = new HashMap<>();
        for (String u : w.units) {
            int[] v = new int[categories.size()];
            for (int j = 0; j < v.length; j++) {
                v[j] = (int) w.count(cells.apply(Set.of(u), Set.of(categories.get(j))));
            }
            out.put(u, v);
        }
        return out;
    }

    /**
     * One or two regions, each with one or two middle units, each with two or three teams; people only
     * in teams. 70% of teams have 3 to 12 people, the others 13 to 30. Each question has an organisation-wide
     * lean, and each team leans its own way from it.
     */
    static World randomWorld(long seed) {
        return randomWorld(seed, 1, 2);
    }

    /** As {@link #randomWorld(long)}, with {@code minRegions} to {@code maxRegions} regions. */
    static World randomWorld(long seed, int minRegions, int maxRegions) {
        Random random = new Random(seed);
        List<Unit> tree = new ArrayList<>();
        List<String> teams = new ArrayList<>();
        int regions = minRegions + random.nextInt(maxRegions - minRegions + 1);
        for (int r = 0; r < regions; r++) {
            String region = "r" + r;
            tree.add(new Unit(region, null, region));
            int middles = 1 + random.nextInt(2);
            for (int m = 0; m < middles; m++) {
                String middle = region + "m" + m;
                tree.add(new Unit(middle, region, middle));
                int n = 2 + random.nextInt(2);
                for (int t = 0; t < n; t++) {
                    String team = middle + "t" + t;
                    tree.add(new Unit(team, middle, team));
                    teams.add(team);
                }
            }
        }
        World w = new World(tree, Q2, Q1);
        double[] lean1 = lean(random, null, 3);
        double[] lean2 = lean(random, null, 3);
        for (String team : teams) {
            int people = random.nextInt(10) < 7 ? 3 + random.nextInt(10) : 13 + random.nextInt(18);
            double[] own1 = lean(random, lean1, 3);
            double[] own2 = lean(random, lean2, 3);
            for (int p = 0; p < people; p++) {
                w.add(team, Q2.get(draw(random, own2)), Q1.get(draw(random, own1)), 1);
            }
        }
        return w;
    }

    /** {@code n} weights: skewed at random, or (given an organisation's) near it. */
    static double[] lean(Random random, double[] around, int n) {
        double[] out = new double[n];
        for (int j = 0; j < n; j++) {
            double x = random.nextDouble();
            out[j] = around == null ? x * x + 0.05 : around[j] * (0.3 + 1.4 * x);
        }
        return out;
    }

    static int draw(Random random, double[] weights) {
        double total = 0;
        for (double v : weights) {
            total += v;
        }
        double x = random.nextDouble() * total;
        for (int j = 0; j < weights.length - 1; j++) {
            if (x < weights[j]) {
                return j;
            }
            x -= weights[j];
        }
        return weights.length - 1;
    }

    @Test
    void headlineFiguresAreWhatTheOrganisationAloneWouldShow() {
        for (int seed = 0; seed < INSTANCES; seed++) {
            World w = randomWorld(seed);
            int k = THRESHOLDS[seed % THRESHOLDS.length];
            Map<String, int[]> counts = HeadlineReleaseTest.counts(w);
            Result r = HeadlineRelease.release(w.tree, w.categories, counts, k);
            UnitFigures org = r.unit(LaminarRelease.ORGANISATION);
            if (!org.released()) {
                continue;
            }
            int[] total = new int[w.categories.size()];
            counts.values().forEach(v -> {
                for (int j = 0; j < total.length; j++) {
                    total[j] += v[j];
                }
            });
            boolean[] exact = LaminarRelease.exactly(total, k);
            for (int j = 0; j < total.length; j++) {
                assertEquals(exact[j] ? total[j] : null, org.categories().get(w.categories.get(j)), "seed " + seed);
            }
        }
    }
}
