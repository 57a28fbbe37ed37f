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
import java.util.stream.Collectors;
import org.candour.results.Adversary.Figure;
import org.candour.results.Adversary.Group;
import org.candour.results.LaminarRelease.BandFigures;
import org.candour.results.LaminarRelease.Block;
import org.candour.results.LaminarRelease.Result;
import org.candour.results.LaminarRelease.Unit;
import org.candour.results.LaminarRelease.UnitFigures;
import org.candour.results.ReleaseAttackTest.World;
import org.junit.jupiter.api.Test;

/**
 * Attacks a survey broken down by a chain of two demographics, D1 then D2
 * ({@link LaminarRelease#releaseNested}), as {@link ResultsService} releases it: D1 on its own, D2
 * within D1's blocks, and two questions Q1 and Q2 each within D1's and then D2's blocks, with every
 * unit's figures and its rows per band of D1 and of D2. A person's finest cell is (unit, D1's band, D2's
 * band, Q1's answer, Q2's answer); the world's bands are "d1/d2" and its categories "q1.q2". The
 * attacker sees everything at once.
 */
class ChainedBreakdownAttackTest {

    static final int INSTANCES = 30;
    static final int[] THRESHOLDS = {3, 5, 10};
    static final List<String> D1 = List.of("r1", "r2", "-");
    static final List<String> D2 = List.of("g1", "g2", "-");
    static final List<List<String>> CHAIN = List.of(D1, D2);
    static final List<String> BANDS = LaminarRelease.bands(CHAIN);
    static final List<String> Q1 = List.of("p", "n", "-");
    static final List<String> Q2 = List.of("x", "y", "-");

    @Test
    void noGroupOfARandomChainedBreakdownIsPinnedInsideOneToKMinusOne() {
        AttackRuns.assertNoLeak("ChainedBreakdownAttackTest", INSTANCES, seed -> {
            World w = randomWorld(seed);
            int k = THRESHOLDS[seed % THRESHOLDS.length];
            return new AttackRuns.Run(w, k, release(w, k), groups(w, new Random(5_000L + seed), 300));
        });
    }

    /**
     * Each question's blocks nest in D2's blocks, which nest in D1's: summing a question's blocks per
     * (units, D1 values, D2 values) gives exactly D2's blocks, and D2's per (units, D1 values) D1's.
     */
    @Test
    void eachLevelsBlocksNestInTheLevelBefore() {
        for (int seed = 0; seed < INSTANCES; seed++) {
            World w = randomWorld(seed);
            int k = THRESHOLDS[seed % THRESHOLDS.length];
            Map<List<Object>, Integer> d1 = new HashMap<>();
            for (Block b : first(w, k).blocks()) {
                d1.put(List.of(b.units(), cells(w, b.categories(), Set.copyOf(D2))), b.count());
            }
            Map<List<Object>, Integer> d2 = new HashMap<>();
            Map<List<Object>, Integer> d2ByD1 = new HashMap<>();
            for (Block b : second(w, k).blocks()) {
                Set<String> outer = b.bands().isEmpty() ? Set.copyOf(D1) : b.bands();
                d2.put(List.of(b.units(), cells(w, outer, b.categories())), b.count());
                d2ByD1.merge(List.of(b.units(), cells(w, outer, Set.copyOf(D2))), b.count(), Integer::sum);
            }
            assertEquals(positive(d1), positive(d2ByD1), "seed " + seed + ": D2's blocks sum to D1's");
            for (int question = 0; question < 2; question++) {
                Map<List<Object>, Integer> byD2 = new HashMap<>();
                for (Block b : question(w, k, question).blocks()) {
                    Set<String> bands = b.bands().isEmpty() ? Set.copyOf(BANDS) : b.bands();
                    byD2.merge(List.of(b.units(), Set.copyOf(bands)), b.count(), Integer::sum);
                }
                assertEquals(positive(d2), positive(byD2), "seed " + seed + ": Q" + (question + 1) + "'s blocks sum to D2's");
            }
        }
    }

    /**
     * A hand-worked chain (k = 10): one team of 60. D1: r1 30, r2 30. Within r1, D2 g1 20 and g2 10; within
     * r2, g1 25 and g2 5 (so r2's g2 joins g1, the smallest shown). Q1 within those parts: r1/g1 "p" 20;
     * r1/g2 "n" 10; r2's part 30: "p" 12, "n" 18.
     */
    @Test
    void aTeamsChainShowsEachDemographicsBandsAsTheyNest() {
        int k = 10;
        World w = new World(List.of(new Unit("A", null, "Team A")), BANDS, pairs(Q1, List.of("-")));
        w.add("A", "r1/g1", "p.-", 20).add("A", "r1/g2", "n.-", 10);
        w.add("A", "r2/g1", "p.-", 12).add("A", "r2/g1", "n.-", 13).add("A", "r2/g2", "n.-", 5);
        UnitFigures a = question(w, k, 0).unit("A");
        List<BandFigures> byD1 = a.bands().stream().filter(b -> b.level() == 0).toList();
        List<BandFigures> byD2 = a.bands().stream().filter(b -> b.level() == 1).toList();
        assertEquals(List.of(new BandFigures(0, "r1", List.of("r1"), 30, Map.of("p", 20, "n", 10, "-", 0), 0, List.of()),
                new BandFigures(0, "r2", List.of("r2"), 30, Map.of("p", 12, "n", 18, "-", 0), 0, List.of()),
                new BandFigures(0, "-", List.of("-"), 0, Map.of("p", 0, "n", 0, "-", 0), 0, List.of())), byD1);
        // g2 is its own part in r1 but merged with g1 in r2, so only "every band of D2 together" is a row.
        assertEquals(List.of(new BandFigures(1, "-", List.of("-"), 0, Map.of("p", 0, "n", 0, "-", 0), 0, List.of()),
                new BandFigures(1, null, List.of("g1", "g2"), 60, Map.of("p", 32, "n", 28, "-", 0), 0, List.of())), byD2);
        assertEquals(60, a.respondents());
        // D2's own release within D1 says the same: r1 splits into g1 20 and g2 10, r2 shows g1 and g2 together.
        UnitFigures d2 = second(w, k).unit("A");
        assertEquals(Map.of("-", 0), d2.categories(), "g1 and g2 are merged inside r2, so not shown for the team");
        assertEquals(new BandFigures(0, "r1", List.of("r1"), 30, Map.of("g1", 20, "g2", 10, "-", 0), 0, List.of()),
                d2.bands().get(0));
        assertEquals(new BandFigures(0, "r2", List.of("r2"), 30, Map.of("-", 0), 30, List.of("g1", "g2")),
                d2.bands().get(1));
        Adversary adversary = new Adversary(w.cellNames(), release(w, k), k);
        BitSet smallCell = w.cells(Set.of("A"), Set.of("r2/g2"), w.categories);
        Adversary.Bounds bounds = adversary.bounds(smallCell);
        assertTrue(bounds.lo() == 0 && bounds.hi() >= k, "r2's 5 in g2 cannot be narrowed: " + bounds);
        assertEquals(List.of(), adversary.attack(groups(w, new Random(2), 200)));
    }

    /**
     * Why the demographics are chained rather than each applied on its own: the same worlds released
     * with each question broken down by D1 and, separately, by D2 (each a safe one-level breakdown by
     * itself, as {@link BreakdownAttackTest} shows) leak, because the two splits of one unit cross.
     */
    @Test
    void twoSeparateBreakdownsOfTheSameQuestionsLeak() {
        int leaking = AttackRuns.leaking("two separate breakdowns", INSTANCES, seed -> {
            World w = randomWorld(seed);
            int k = THRESHOLDS[seed % THRESHOLDS.length];
            return new AttackRuns.Run(w, k, separate(w, k), groups(w, new Random(5_000L + seed), 300));
        });
        assertTrue(leaking > 0, "the attacker should find what crossing splits give away");
    }

    /** D1 and D2 each on its own, and each question within D1's blocks and, separately, within D2's. */
    static List<Figure> separate(World w, int k) {
        List<Figure> out = new ArrayList<>();
        for (int level = 0; level < 2; level++) {
            List<String> values = CHAIN.get(level);
            int l = level;
            Map<String, int[]> own = new HashMap<>();
            for (String u : w.units) {
                int[] v = new int[values.size()];
                for (int i = 0; i < values.size(); i++) {
                    v[i] = (int) w.count(w.cells(Set.of(u), bands(l, Set.of(values.get(i))), w.categories));
                }
                own.put(u, v);
            }
            for (Block b : LaminarRelease.releaseCounts(w.tree, values, own, k).blocks()) {
                out.add(new Figure("D" + (l + 1) + " block " + b.units() + "×" + b.categories(),
                        w.cells(b.units(), bands(l, b.categories()), w.categories), b.count()));
            }
            for (int question = 0; question < 2; question++) {
                List<String> answers = question == 0 ? Q1 : Q2;
                int q = question;
                Map<String, int[][]> counts = new HashMap<>();
                for (String u : w.units) {
                    int[][] v = new int[values.size()][answers.size()];
                    for (int i = 0; i < values.size(); i++) {
                        for (int j = 0; j < answers.size(); j++) {
                            v[i][j] = (int) w.count(w.cells(Set.of(u), bands(l, Set.of(values.get(i))),
                                    BreakdownAttackTest.project(w, Set.of(answers.get(j)), q)));
                        }
                    }
                    counts.put(u, v);
                }
                for (Block b : LaminarRelease.releaseBanded(w.tree, values, answers, counts, k).blocks()) {
                    Set<String> in = b.bands().isEmpty() ? Set.copyOf(values) : b.bands();
                    out.add(new Figure("Q" + (q + 1) + " by D" + (l + 1) + " block " + b.units() + "×" + in + "×"
                            + b.categories(), w.cells(b.units(), bands(l, in), BreakdownAttackTest.project(w, b.categories(), q)),
                            b.count()));
                }
            }
        }
        return out;
    }

    /** The bands whose value at this level is in {@code values}. */
    static List<String> bands(int level, Set<String> values) {
        return level == 0 ? cells(null, values, Set.copyOf(D2)) : cells(null, Set.copyOf(D1), values);
    }

    /** Everything shown: D1, D2 within D1, each question within D1 and D2, as figures over finest cells. */
    static List<Figure> release(World w, int k) {
        List<Figure> out = new ArrayList<>();
        Result d1 = first(w, k);
        for (Block b : d1.blocks()) {
            out.add(new Figure("D1 block " + b.units() + "×" + b.categories(),
                    w.cells(b.units(), cells(w, b.categories(), Set.copyOf(D2)), w.categories), b.count()));
        }
        out.addAll(units(w, "D1 ", d1, (scope, values) -> w.cells(scope.units(), cells(w, values, scope.d2()), w.categories)));
        Result d2 = second(w, k);
        for (Block b : d2.blocks()) {
            Set<String> outer = b.bands().isEmpty() ? Set.copyOf(D1) : b.bands();
            out.add(new Figure("D2 block " + b.units() + "×" + outer + "×" + b.categories(),
                    w.cells(b.units(), cells(w, outer, b.categories()), w.categories), b.count()));
        }
        out.addAll(units(w, "D2 ", d2, (scope, values) -> w.cells(scope.units(), cells(w, scope.d1(),
                values.stream().filter(scope.d2()::contains).collect(Collectors.toSet())), w.categories)));
        for (int question = 0; question < 2; question++) {
            Result r = question(w, k, question);
            String name = "Q" + (question + 1) + " ";
            int q = question;
            for (Block b : r.blocks()) {
                Set<String> bands = b.bands().isEmpty() ? Set.copyOf(BANDS) : b.bands();
                out.add(new Figure(name + "block " + b.units() + "×" + bands + "×" + b.categories(),
                        w.cells(b.units(), bands, BreakdownAttackTest.project(w, b.categories(), q)), b.count()));
            }
            out.addAll(units(w, name, r, (scope, values) -> w.cells(scope.units(), cells(w, scope.d1(), scope.d2()),
                    BreakdownAttackTest.project(w, values, q))));
        }
        return out;
    }

    /** Which people a shown figure is about: units, D1 values, D2 values (then the figure's own values). */
    record Scope(Set<String> units, Set<String> d1, Set<String> d2) {
    }

    interface Cells {
        BitSet of(Scope scope, Set<String> values);
    }

    /**
     * Each released unit's figures (respondents, each category shown, the rest) and its rows per band of
     * each level the release is broken down by: level 0 rows narrow D1, level 1 rows D2.
     */
    static List<Figure> units(World w, String name, Result r, Cells cells) {
        List<Figure> out = new ArrayList<>();
        Set<String> all = Set.copyOf(r.categories());
        for (UnitFigures u : r.units()) {
            if (!u.released()) {
                continue;
            }
            Scope whole = new Scope(w.subtree(u.unitId()), Set.copyOf(D1), Set.copyOf(D2));
            String unit = name + (u.unitId().isEmpty() ? "Org" : u.unitId() + "+");
            out.addAll(shown(unit, whole, all, u.respondents(), u.categories(), u.other(), u.merged(), cells));
            for (BandFigures bf : u.bands()) {
                Scope scope = bf.level() == 0 ? new Scope(whole.units(), Set.copyOf(bf.bands()), whole.d2())
                        : new Scope(whole.units(), whole.d1(), Set.copyOf(bf.bands()));
                out.addAll(shown(unit + " L" + bf.level() + bf.bands(), scope, all, bf.respondents(), bf.categories(),
                        bf.other(), bf.merged(), cells));
            }
        }
        return out;
    }

    static List<Figure> shown(String label, Scope scope, Set<String> all, int respondents, Map<String, Integer> categories,
            int other, List<String> merged, Cells cells) {
        List<Figure> out = new ArrayList<>();
        out.add(new Figure(label + " respondents", cells.of(scope, all), respondents));
        categories.forEach((c, n) -> out.add(new Figure(label + "×" + c, cells.of(scope, Set.of(c)), n)));
        if (!merged.isEmpty()) {
            out.add(new Figure(label + " other " + merged, cells.of(scope, Set.copyOf(merged)), other));
        }
        return out;
    }

    /** The bands "d1/d2" with d1 and d2 in these sets. */
    static List<String> cells(World w, Set<String> d1, Set<String> d2) {
        List<String> out = new ArrayList<>();
        for (String band : BANDS) {
            String[] v = band.split("/");
            if (d1.contains(v[0]) && d2.contains(v[1])) {
                out.add(band);
            }
        }
        return out;
    }

    /** D1's own release, as for any question without a breakdown. */
    static Result first(World w, int k) {
        Map<String, int[]> counts = new HashMap<>();
        for (String u : w.units) {
            int[] v = new int[D1.size()];
            for (int i = 0; i < D1.size(); i++) {
                v[i] = (int) w.count(w.cells(Set.of(u), cells(w, Set.of(D1.get(i)), Set.copyOf(D2)), w.categories));
            }
            counts.put(u, v);
        }
        return LaminarRelease.releaseCounts(w.tree, D1, counts, k);
    }

    /** D2's release within D1's bands. */
    static Result second(World w, int k) {
        Map<String, int[][]> counts = new HashMap<>();
        for (String u : w.units) {
            int[][] v = new int[D1.size()][D2.size()];
            for (int i = 0; i < D1.size(); i++) {
                for (int j = 0; j < D2.size(); j++) {
                    v[i][j] = (int) w.count(w.cells(Set.of(u), Set.of(D1.get(i) + "/" + D2.get(j)), w.categories));
                }
            }
            counts.put(u, v);
        }
        return LaminarRelease.releaseBanded(w.tree, D1, D2, counts, k);
    }

    /** A question's release within D1's and then D2's bands. */
    static Result question(World w, int k, int question) {
        List<String> values = question == 0 ? Q1 : Q2;
        Map<String, int[][]> counts = new HashMap<>();
        for (String u : w.units) {
            int[][] v = new int[BANDS.size()][values.size()];
            for (int b = 0; b < BANDS.size(); b++) {
                for (String pair : w.categories) {
                    v[b][values.indexOf(pair.split("\\.")[question])] += (int) w.count(
                            w.cells(Set.of(u), Set.of(BANDS.get(b)), Set.of(pair)));
                }
            }
            counts.put(u, v);
        }
        return LaminarRelease.releaseNested(w.tree, CHAIN, values, counts, k);
    }

    static Map<List<Object>, Integer> positive(Map<List<Object>, Integer> blocks) {
        Map<List<Object>, Integer> out = new HashMap<>();
        blocks.forEach((key, n) -> {
            if (n > 0) {
                out.put(List.of(key.get(0), Set.copyOf((java.util.Collection<?>) key.get(1))), n);
            }
        });
        return out;
    }

    static List<String> pairs(List<String> first, List<String> second) {
        return BreakdownAttackTest.pairs(first, second);
    }

    /** 2–4 units, depth at most 3, 0–45 respondents each, bands and answers skewed per unit. */
    static World randomWorld(long seed) {
        Random random = new Random(seed);
        int n = 2 + random.nextInt(3);
        List<Unit> tree = ReleaseAttackTest.randomTree(random, n, 3, 2);
        World w = new World(tree, BANDS, pairs(Q1, Q2));
        for (int i = 0; i < n; i++) {
            double[] bandWeight = BreakdownAttackTest.weights(random, BANDS.size());
            double[] pairWeight = BreakdownAttackTest.weights(random, w.categories.size());
            int people = random.nextInt(46);
            for (int p = 0; p < people; p++) {
                w.add("u" + i, BANDS.get(BreakdownAttackTest.pick(random, bandWeight)),
                        w.categories.get(BreakdownAttackTest.pick(random, pairWeight)), 1);
            }
        }
        return w;
    }

    /**
     * The groups to attack: every (organisation, unit subtree, single unit) × (a set of D1 values, a set of
     * D2 values, or one pair of them) × (Q1 subset, Q2 subset, or one Q1 value with one Q2 value), each
     * one's complement, and for {@code pairs} random pairs of those their difference and intersection.
     */
    static List<Group> groups(World w, Random random, int pairs) {
        List<List<String>> bandSets = new ArrayList<>();
        for (List<String> s : World.subsets(D1)) {
            bandSets.add(cells(w, Set.copyOf(s), Set.copyOf(D2)));
        }
        for (List<String> s : World.subsets(D2)) {
            bandSets.add(cells(w, Set.copyOf(D1), Set.copyOf(s)));
        }
        for (String band : BANDS) {
            bandSets.add(List.of(band));
        }
        List<Set<String>> answerSets = new ArrayList<>();
        for (int question = 0; question < 2; question++) {
            for (List<String> s : World.subsets(question == 0 ? Q1 : Q2)) {
                answerSets.add(BreakdownAttackTest.project(w, Set.copyOf(s), question));
            }
        }
        for (String pair : w.categories) {
            answerSets.add(Set.of(pair));
        }
        return AttackRuns.groups(w, bandSets, answerSets, random, pairs);
    }
}
