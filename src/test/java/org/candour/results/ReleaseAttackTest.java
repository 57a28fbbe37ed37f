package org.candour.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.candour.results.Adversary.Bounds;
import org.candour.results.Adversary.Figure;
import org.candour.results.Adversary.Group;
import org.candour.results.Adversary.Kind;
import org.candour.results.Adversary.Leak;
import org.candour.results.LaminarRelease.Answer;
import org.candour.results.LaminarRelease.Block;
import org.candour.results.LaminarRelease.Result;
import org.candour.results.LaminarRelease.Unit;
import org.candour.results.LaminarRelease.UnitFigures;
import org.junit.jupiter.api.Test;

/**
 * Attacks {@link LaminarRelease} as an adversary would ({@link Adversary}): random trees, demographics and
 * answers, then every group the release's dimensions can name (and sums, differences and intersections
 * of them) is checked for being determined in 1..k−1 or bounded inside [1, k−1] over all non-negative
 * integer tables consistent with the release. Band is a demographic dimension LaminarRelease never
 * releases, so it is free inside every block; the attacker still gets to name groups by band.
 *
 * <p>Three fixed cases reproduce the leaks of a weaker rule set (every released figure at least k, and
 * for every released parent the respondents outside its released children 0 or at least k, applied to
 * tables released independently): the attacker must find each leak there, and none in LaminarRelease's
 * release of the same data.
 */
class ReleaseAttackTest {

    // ---- property test ---------------------------------------------------------------------------

    static final int INSTANCES = 200;
    static final int PAIRS_PER_INSTANCE = 1000;
    static final int[] THRESHOLDS = {3, 5, 10};

    @Test
    void noGroupOfARandomReleaseIsPinnedInsideOneToKMinusOne() {
        long started = System.nanoTime();
        long groups = 0;
        long determined = 0;
        long solverChecks = 0;
        int instancesWithImpliedZeros = 0;
        BitSet impliedZero = new BitSet();
        List<String> failures = new ArrayList<>();
        int smallestFailure = Integer.MAX_VALUE;
        for (int seed = 0; seed < INSTANCES; seed++) {
            World w = randomWorld(seed);
            int k = THRESHOLDS[seed % THRESHOLDS.length];
            Result r = LaminarRelease.release(w.tree, w.categories, w.answers(), k);
            List<Figure> blocks = w.blockFigures(r);
            List<Figure> dashboard = w.dashboardFigures(r);
            List<Figure> release = Stream.concat(blocks.stream(), dashboard.stream()).toList();
            for (Figure f : release) {
                assertEquals(w.count(f.cells()), f.value(), "seed " + seed + ": the release misstates " + f);
            }
            // Every number on the dashboard is a sum of block counts, and the blocks cover every cell
            // (a released unit's empty remainder gets a zero block of its own).
            Adversary blocksOnly = new Adversary(w.cellNames(), blocks, k);
            BitSet covered = new BitSet();
            blocks.forEach(b -> covered.or(b.cells()));
            for (Figure f : dashboard) {
                BitSet inBlocks = (BitSet) f.cells().clone();
                inBlocks.and(covered);
                assertEquals(Optional.of(BigInteger.valueOf(f.value())), blocksOnly.determined(inBlocks),
                        "seed " + seed + ": " + f + " is not a combination of blocks");
                if (!inBlocks.equals(f.cells())) {
                    BitSet implied = (BitSet) f.cells().clone();
                    implied.andNot(covered);
                    assertEquals(0, w.count(implied));
                    impliedZero.or(implied);
                }
            }
            assertTrue(impliedZero.isEmpty(), "seed " + seed + ": the blocks do not cover cells " + impliedZero);
            if (!impliedZero.isEmpty()) {
                instancesWithImpliedZeros++;
                impliedZero.clear();
            }
            Adversary adversary = new Adversary(w.cellNames(), release, k);
            List<Group> attacked = w.groups(new Random(1_000L + seed), PAIRS_PER_INSTANCE);
            List<Leak> leaks = adversary.attack(attacked);
            groups += attacked.size();
            determined += adversary.stats().determined();
            if (!leaks.isEmpty()) {
                int size = w.units.size() * 1000 + (int) w.count(w.all());
                String report = "seed " + seed + ", k = " + k + ", " + leaks.size() + " leaks\n" + w.describe()
                        + "blocks: " + r.blocks() + "\n"
                        + leaks.stream().limit(10).map(Leak::toString).collect(Collectors.joining("\n"));
                if (size < smallestFailure) {
                    smallestFailure = size;
                    failures.add(0, report);
                } else {
                    failures.add(report);
                }
            }
            // Cross-checks of the attacker on a sample: integer solver = exact bounds, truth inside them,
            // witnesses attain them, a determined count is a single point.
            if (!release.isEmpty()) {
                Random pick = new Random(seed);
                for (int i = 0; i < 12; i++) {
                    BitSet g = attacked.get(pick.nextInt(attacked.size())).cells();
                    Bounds exact = adversary.bounds(g);
                    assertEquals(exact, adversary.solverBounds(g), "seed " + seed + ": " + adversary.describe(g));
                    long truth = w.count(g);
                    assertTrue(exact.lo() <= truth && truth <= exact.hi(), "truth outside " + exact);
                    assertEquals(exact.lo(), sum(adversary.witness(g, false), g));
                    if (exact.hi() != Adversary.UNBOUNDED) {
                        assertEquals(exact.hi(), sum(adversary.witness(g, true), g));
                    }
                    adversary.determined(g).ifPresent(v -> assertEquals(new Bounds(v.longValueExact(),
                            v.longValueExact()), exact));
                    solverChecks++;
                }
            }
        }
        System.out.printf("ReleaseAttackTest: %d random releases, %d groups attacked (%d determined linearly), "
                + "%d solver cross-checks, %d releases where the dashboard implies empty cells no block covers, "
                + "%d ms%n", INSTANCES, groups, determined, solverChecks, instancesWithImpliedZeros,
                (System.nanoTime() - started) / 1_000_000);
        if (!failures.isEmpty()) {
            fail("LaminarRelease leaks in " + failures.size() + " of " + INSTANCES + " instances; smallest first:\n"
                    + String.join("\n\n", failures));
        }
    }

    /**
     * The harness has teeth: on the same random worlds, adding what the primary rule alone would show
     * (every unit subtree's total, and its count per category, when at least k) to LaminarRelease's own
     * figures must let the attacker find leaks.
     */
    @Test
    void theSameAttackCatchesPrimarySuppressionAlone() {
        int leaking = 0;
        int instances = 60;
        Leak example = null;
        for (int seed = 0; seed < instances; seed++) {
            World w = randomWorld(seed);
            int k = THRESHOLDS[seed % THRESHOLDS.length];
            Result r = LaminarRelease.release(w.tree, w.categories, w.answers(), k);
            List<Figure> release = new ArrayList<>(w.blockFigures(r));
            release.addAll(w.dashboardFigures(r));
            for (String u : w.units) {
                Figure total = w.figure(u + "+ (primary)", w.cells(w.subtree(u), w.bands, w.categories));
                if (total.value() >= k) {
                    release.add(total);
                }
                for (String c : w.categories) {
                    Figure one = w.figure(u + "+×" + c + " (primary)", w.cells(w.subtree(u), w.bands, Set.of(c)));
                    if (one.value() >= k) {
                        release.add(one);
                    }
                }
            }
            List<Leak> leaks = new Adversary(w.cellNames(), release, k).attack(w.groups(new Random(seed), 200));
            if (!leaks.isEmpty()) {
                leaking++;
                example = example == null ? leaks.get(0) : example;
            }
        }
        System.out.printf("primary rule alone: leaks in %d of %d random releases, e.g. %s%n", leaking, instances, example);
        assertTrue(leaking >= instances / 4, "only " + leaking + " of " + instances + " leak");
    }

    static long sum(long[] table, BitSet group) {
        long s = 0;
        for (int cell = group.nextSetBit(0); cell >= 0; cell = group.nextSetBit(cell + 1)) {
            s += table[cell];
        }
        return s;
    }

    /**
     * {@code n} units "u0".."u{n-1}": each after the first hangs under a random earlier unit (when that
     * one is shallower than {@code maxDepth}) except with odds 1 in {@code topOdds}, when it is top-level.
     */
    static List<Unit> randomTree(Random random, int n, int maxDepth, int topOdds) {
        List<Unit> tree = new ArrayList<>();
        int[] depth = new int[n];
        for (int i = 0; i < n; i++) {
            String parent = null;
            depth[i] = 1;
            if (i > 0 && random.nextInt(topOdds) != 0) {
                int p = random.nextInt(i);
                if (depth[p] < maxDepth) {
                    parent = "u" + p;
                    depth[i] = depth[p] + 1;
                }
            }
            tree.add(new Unit("u" + i, parent, "Unit " + i));
        }
        return tree;
    }

    /** 4–12 units, depth at most 4, 0–20 respondents each, 3 categories (skewed per unit), 2–3 bands. */
    static World randomWorld(long seed) {
        Random random = new Random(seed);
        int n = 4 + random.nextInt(9);
        List<Unit> tree = randomTree(random, n, 4, 4);
        List<String> bands = random.nextBoolean() ? List.of("b0", "b1") : List.of("b0", "b1", "b2");
        World w = new World(tree, bands, List.of("c0", "c1", "c2"));
        for (int i = 0; i < n; i++) {
            double[] weight = new double[3];
            for (int j = 0; j < 3; j++) {
                double x = random.nextDouble();
                weight[j] = x * x + 0.02;
            }
            double total = weight[0] + weight[1] + weight[2];
            int people = random.nextInt(21);
            for (int p = 0; p < people; p++) {
                double x = random.nextDouble() * total;
                int j = x < weight[0] ? 0 : x < weight[0] + weight[1] ? 1 : 2;
                w.add("u" + i, bands.get(random.nextInt(bands.size())), "c" + j, 1);
            }
        }
        return w;
    }

    // ---- a hand-worked case with demographic bands ---------------------------------------------------

    /**
     * Bands, worked by hand (k = 10). Region R with Team A and Team B; length of service "new" or "long";
     * options o1, o2. Three people in Team A are new, all of them answering o1.
     * <pre>
     *             new∧o1  long∧o1  long∧o2 | total
     *   Team A       3       5        4    |  12
     *   Team B       0       6        5    |  11
     * </pre>
     * LaminarRelease: R 23, and A 12 and B 11 (R keeps 0 outside them). Within A, o1 (8) and o2 (4) are
     * below k, so A shows one block "not shown separately" of 12; B likewise 11. Bands are never split
     * out. So "new people in Team A" (3) lies partly inside A's block of 12: anything from 0 to 12 fits
     * the release, and neither it nor any other unit × band × option group is pinned below k.
     */
    @Test
    void aSmallBandInsideAReleasedTeamCannotBeWorkedOut() {
        int k = 10;
        World w = new World(List.of(new Unit("R", null, "Region"), new Unit("A", "R", "Team A"),
                new Unit("B", "R", "Team B")), List.of("new", "long"), List.of("o1", "o2"));
        w.add("A", "new", "o1", 3).add("A", "long", "o1", 5).add("A", "long", "o2", 4);
        w.add("B", "long", "o1", 6).add("B", "long", "o2", 5);
        Result r = LaminarRelease.release(w.tree, w.categories, w.answers(), k);
        List<Figure> release = Stream.concat(w.blockFigures(r).stream(), w.dashboardFigures(r).stream()).toList();
        for (Figure f : release) {
            assertEquals(w.count(f.cells()), f.value(), "LaminarRelease misstates " + f);
        }
        assertEquals(List.of(12L, 11L), w.blockFigures(r).stream().map(Figure::value).filter(v -> v > 0).sorted(
                java.util.Comparator.reverseOrder()).toList(), "one block per team, bands and options merged");
        Adversary attacker = new Adversary(w.cellNames(), release, k);
        Group newInA = new Group("Team A ∧ new", w.cells(Set.of("A"), Set.of("new"), w.categories));
        assertEquals(3, w.count(newInA.cells()));
        assertEquals(new Bounds(0, 12), attacker.bounds(newInA.cells()), "anything from 0 to 12 fits the release");
        List<Group> groups = new ArrayList<>(w.groups(new Random(7), 400));
        groups.add(newInA);
        assertEquals(List.of(), attacker.attack(groups), "no unit × band × option group is pinned below k");
    }

    // ---- the three leaks of the weaker rule --------------------------------------------------------

    /**
     * Leak 1, a cross-dimension difference (k = 10). Tree: U (team T below it), V. Options o1..o4.
     * <pre>
     *          o1  o2  o3  o4 | total
     *   U own   3   2   1   0 |   6
     *   T       2   1   0  12 |  15
     *   V       4   3   3   0 |  10
     * </pre>
     * Weaker rule, table by table:
     * <ul>
     * <li>unit totals: Org 31, U 21, V 10, all ≥ k. Org − (U + V) = 0. T (15) would leave 21 − 15 = 6 of U,
     *     so T's total is withheld; U − (nothing) = 21.</li>
     * <li>unit × option, column o4: Org×o4 12 ⊇ U+×o4 12 ⊇ T×o4 12, all ≥ k, remainders 0 and 0. Columns
     *     o1..o3 are below k everywhere (Org×o1 = 9), so nothing else is shown.</li>
     * </ul>
     * Yet U 21 − T×o4 12 = 9 people of U outside "T and o4": the unit-total table and the unit × option
     * table are each checked, but never against each other.
     */
    @Test
    void leak1CrossDimensionDifference() {
        int k = 10;
        World w = new World(List.of(new Unit("U", null, "U"), new Unit("T", "U", "T"), new Unit("V", null, "V")),
                List.of("all"), List.of("o1", "o2", "o3", "o4"));
        w.add("U", "all", "o1", 3).add("U", "all", "o2", 2).add("U", "all", "o3", 1);
        w.add("T", "all", "o1", 2).add("T", "all", "o2", 1).add("T", "all", "o4", 12);
        w.add("V", "all", "o1", 4).add("V", "all", "o2", 3).add("V", "all", "o3", 3);
        Figure org = w.figure("Org", w.all());
        Figure u = w.figure("U+", w.cells(w.subtree("U"), w.bands, w.categories));
        Figure v = w.figure("V", w.cells(Set.of("V"), w.bands, w.categories));
        Figure org4 = w.figure("Org×o4", w.cells(w.units, w.bands, Set.of("o4")));
        Figure u4 = w.figure("U+×o4", w.cells(w.subtree("U"), w.bands, Set.of("o4")));
        Figure t4 = w.figure("T×o4", w.cells(Set.of("T"), w.bands, Set.of("o4")));
        List<Figure> weak = List.of(org, u, v, org4, u4, t4);
        assertWeakerRuleHolds(w, weak, k, List.of(
                new Nesting("unit totals", org, List.of(u, v)),
                new Nesting("unit totals (T withheld)", u, List.of()),
                new Nesting("unit × option, o4", org4, List.of(u4)),
                new Nesting("unit × option, o4", u4, List.of(t4))));
        BitSet named = w.cells(w.subtree("U"), w.bands, w.categories);
        named.andNot(w.cells(Set.of("T"), w.bands, Set.of("o4")));
        assertFindsThenLaminarHolds(w, k, weak, new Group("U+ ∖ T×o4", named), Kind.DETERMINED, 9, 9);
    }

    /**
     * Leak 2, inclusion–exclusion (k = 10). One unit, bands b1, b2 (LaminarRelease never shows bands).
     * <pre>
     *          o1  o2  o3 | total
     *   b1      6  18   6 |  30
     *   b2      3  14   2 |  19
     *   total   9  32   8 |  49
     * </pre>
     * Weaker rule, table by table: band table 49 ⊇ b1 30 + b2 19, remainder 0; option table 49 ⊇ o2 32,
     * remainder 17 (o1 9 and o3 8 are below k); band × option: b1 30 ⊇ b1∧o2 18, remainder 12; b2∧o2 (14)
     * would leave 19 − 14 = 5 of b2, so it is withheld (remainder 19); column o2 32 ⊇ b1∧o2 18, remainder 14.
     * Yet 49 − 32 − 30 + 18 = 5 people are in neither band 1 nor option 2.
     */
    @Test
    void leak2InclusionExclusion() {
        int k = 10;
        World w = new World(List.of(new Unit("U", null, "U")), List.of("b1", "b2"), List.of("o1", "o2", "o3"));
        w.add("U", "b1", "o1", 6).add("U", "b1", "o2", 18).add("U", "b1", "o3", 6);
        w.add("U", "b2", "o1", 3).add("U", "b2", "o2", 14).add("U", "b2", "o3", 2);
        Figure total = w.figure("total", w.all());
        Figure o2 = w.figure("o2", w.cells(w.units, w.bands, Set.of("o2")));
        Figure b1 = w.figure("b1", w.cells(w.units, Set.of("b1"), w.categories));
        Figure b2 = w.figure("b2", w.cells(w.units, Set.of("b2"), w.categories));
        Figure b1o2 = w.figure("b1∧o2", w.cells(w.units, Set.of("b1"), Set.of("o2")));
        List<Figure> weak = List.of(total, o2, b1, b2, b1o2);
        assertWeakerRuleHolds(w, weak, k, List.of(
                new Nesting("band", total, List.of(b1, b2)),
                new Nesting("option", total, List.of(o2)),
                new Nesting("band × option, row b1", b1, List.of(b1o2)),
                new Nesting("band × option, row b2 (b2∧o2 withheld)", b2, List.of()),
                new Nesting("band × option, column o2", o2, List.of(b1o2))));
        BitSet named = w.all();
        named.andNot(w.cells(w.units, Set.of("b1"), w.categories));
        named.andNot(w.cells(w.units, w.bands, Set.of("o2")));
        assertFindsThenLaminarHolds(w, k, weak, new Group("¬b1 ∧ ¬o2", named), Kind.DETERMINED, 5, 5);
    }

    /**
     * Leak 3, non-negativity (k = 10). Units U1..U4 (top level), options o1..o4; the bracketed cells are
     * below k and suppressed, and they form the cycle (1,1)–(1,2)–(2,2)–(2,3)–(3,3)–(3,4)–(4,4)–(4,1).
     * <pre>
     *          o1   o2   o3   o4 | total
     *   U1    [3]  [9]  10   11 |  33
     *   U2    12   [7]  [4]  10 |  33
     *   U3    11   10   [7]  [9] |  37
     *   U4    [9]  12   10   [2] |  33
     *   total  35   38   31   32 | 136
     * </pre>
     * Weaker rule: every shown figure is at least k; Org − (U1+U2+U3+U4) = 0; in each column the option
     * total less its shown cells is 12, 16, 11, 11; in each row (a cross-dimension check the weaker rule
     * does not even make) the unit total less its shown cells is 12, 11, 16, 11. Every remainder is at
     * least k and no single hidden cell is a combination of figures (the cycle leaves one degree of
     * freedom t = U1×o1). But around the cycle U2×o3 = 7 − t and U4×o4 = t − 1, so non-negativity forces
     * 1 ≤ U1×o1 ≤ 7. (The same cycle also gives away the two-cell sum U1×o1 + U2×o3 = 12 − 16 + 11 = 7; the
     * attacker reports that too when that group is among those it tries.)
     */
    @Test
    void leak3NonNegativity() {
        int k = 10;
        List<String> units = List.of("U1", "U2", "U3", "U4");
        World w = new World(units.stream().map(id -> new Unit(id, null, id)).toList(), List.of("all"),
                List.of("o1", "o2", "o3", "o4"));
        int[][] table = {{3, 9, 10, 11}, {12, 7, 4, 10}, {11, 10, 7, 9}, {9, 12, 10, 2}};
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                w.add(units.get(i), "all", "o" + (j + 1), table[i][j]);
            }
        }
        Figure org = w.figure("Org", w.all());
        List<Figure> rows = new ArrayList<>();
        List<Figure> columns = new ArrayList<>();
        Map<String, Figure> shown = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            rows.add(w.figure(units.get(i), w.cells(Set.of(units.get(i)), w.bands, w.categories)));
            columns.add(w.figure("Org×o" + (i + 1), w.cells(w.units, w.bands, Set.of("o" + (i + 1)))));
            for (int j = 0; j < 4; j++) {
                if (table[i][j] >= k) {
                    String label = units.get(i) + "×o" + (j + 1);
                    shown.put(label, w.figure(label, w.cells(Set.of(units.get(i)), w.bands, Set.of("o" + (j + 1)))));
                }
            }
        }
        List<Figure> weak = new ArrayList<>(List.of(org));
        weak.addAll(rows);
        weak.addAll(columns);
        weak.addAll(shown.values());
        List<Nesting> nestings = new ArrayList<>(List.of(new Nesting("unit totals", org, rows)));
        for (int i = 0; i < 4; i++) {
            String column = "×o" + (i + 1);
            String unit = units.get(i) + "×";
            nestings.add(new Nesting("unit × option, column o" + (i + 1), columns.get(i), shown.values().stream()
                    .filter(f -> f.label().endsWith(column)).toList()));
            nestings.add(new Nesting("unit × option, row " + units.get(i), rows.get(i), shown.values().stream()
                    .filter(f -> f.label().startsWith(unit)).toList()));
        }
        assertWeakerRuleHolds(w, weak, k, nestings);
        Adversary adversary = new Adversary(w.cellNames(), weak, k);
        for (int cell = 0; cell < w.cellNames().size(); cell++) {
            BitSet one = new BitSet();
            one.set(cell);
            if (!shown.containsKey(w.cellNames().get(cell).replace("|all|", "×"))) {
                assertEquals(Optional.empty(), adversary.determined(one), "no hidden cell is determined");
            }
        }
        BitSet pair = w.cells(Set.of("U1"), w.bands, Set.of("o1"));
        pair.or(w.cells(Set.of("U2"), w.bands, Set.of("o3")));
        assertEquals(Optional.of(BigInteger.valueOf(7)), adversary.determined(pair), "U1×o1 + U2×o3");
        BitSet named = w.cells(Set.of("U1"), w.bands, Set.of("o1"));
        assertFindsThenLaminarHolds(w, k, weak, new Group("U1×o1", named), Kind.BOUNDED, 1, 7);
    }

    /** A figure a weaker-rule table shows and the children it shows inside it. */
    record Nesting(String table, Figure parent, List<Figure> children) {
    }

    /**
     * Checks that a hand-built weaker-rule release keeps that rule: every figure true and at least k;
     * for each declared parent, its shown children are disjoint parts of it and leave 0 or at least k.
     */
    static void assertWeakerRuleHolds(World w, List<Figure> release, int k, List<Nesting> nestings) {
        for (Figure f : release) {
            assertEquals(w.count(f.cells()), f.value(), "the weak release misstates " + f);
            assertTrue(f.value() >= k, "primary rule: " + f);
        }
        for (Nesting n : nestings) {
            assertTrue(release.contains(n.parent()) && release.containsAll(n.children()), n.toString());
            BitSet seen = new BitSet();
            long rest = n.parent().value();
            for (Figure child : n.children()) {
                BitSet outside = (BitSet) child.cells().clone();
                outside.andNot(n.parent().cells());
                assertTrue(outside.isEmpty(), child + " lies inside " + n.parent());
                assertFalse(seen.intersects(child.cells()), "children are disjoint in " + n.table());
                seen.or(child.cells());
                rest -= child.value();
            }
            assertTrue(rest == 0 || rest >= k, n.table() + ": " + n.parent() + " leaves " + rest);
        }
    }

    /**
     * The attacker finds the named leak in the weak release (exactly as stated), then LaminarRelease's
     * release of the same data leaks nothing among the same groups and the usual family.
     */
    static void assertFindsThenLaminarHolds(World w, int k, List<Figure> weak, Group named, Kind kind, long lo,
            long hi) {
        List<Group> groups = new ArrayList<>();
        groups.add(named);
        w.groups(new Random(42), 300).stream().filter(g -> !g.cells().equals(named.cells())).forEach(groups::add);
        Adversary attacker = new Adversary(w.cellNames(), weak, k);
        List<Leak> leaks = attacker.attack(groups);
        Leak found = leaks.stream().filter(l -> l.group().equals(named)).findFirst()
                .orElseThrow(() -> new AssertionError("the attacker misses " + named.label() + " in the weak release"));
        assertEquals(kind, found.kind(), found.toString());
        assertEquals(lo, found.lo(), found.toString());
        assertEquals(hi, found.hi(), found.toString());
        assertEquals(new Bounds(lo, hi), attacker.bounds(named.cells()), "the bounds agree");
        System.out.printf("weak release, %s%n  %s%n", attacker.stats(), found);
        leaks.stream().filter(l -> l != found).limit(2).forEach(l -> System.out.println("  also " + l));

        Result r = LaminarRelease.release(w.tree, w.categories, w.answers(), k);
        List<Figure> release = Stream.concat(w.blockFigures(r).stream(), w.dashboardFigures(r).stream()).toList();
        for (Figure f : release) {
            assertEquals(w.count(f.cells()), f.value(), "LaminarRelease misstates " + f);
        }
        Adversary onLaminar = new Adversary(w.cellNames(), release, k);
        List<Leak> none = onLaminar.attack(groups);
        assertEquals(List.of(), none, "LaminarRelease leaks; blocks " + r.blocks());
        Bounds safe = onLaminar.bounds(named.cells());
        assertFalse(safe.leaks(k), named.label() + " in LaminarRelease: " + safe);
        System.out.printf("LaminarRelease, %s; %s now %s%n", onLaminar.stats(), named.label(), safe);
    }

    // ---- the attacker itself -----------------------------------------------------------------------

    @Test
    void theAttackerFindsALinearDifference() {
        // Cells: A∧x∧p, A∧x∧q, A∧¬x. Figures A = 12, A∧x = 10.
        List<String> cells = List.of("A∧x∧p", "A∧x∧q", "A∧¬x");
        Figure a = new Figure("A", bits(0, 1, 2), 12);
        Figure ax = new Figure("A∧x", bits(0, 1), 10);
        Adversary adversary = new Adversary(cells, List.of(a, ax), 5);
        assertEquals(Optional.of(BigInteger.TWO), adversary.determined(bits(2)));
        assertEquals("+1·[A = 12] −1·[A∧x = 10]", adversary.derivation(bits(2)).orElseThrow());
        assertEquals(Optional.empty(), adversary.determined(bits(0)), "p and q are interchangeable");
        assertEquals(new Bounds(0, 10), adversary.bounds(bits(0)));
        Group notX = new Group("A∧¬x", bits(2));
        List<Leak> leaks = adversary.attack(List.of(notX, new Group("A∧x", bits(0, 1)), new Group("A∧x∧p", bits(0)),
                new Group("nobody", new BitSet())));
        assertEquals(1, leaks.size(), leaks.toString());
        assertEquals(notX, leaks.get(0).group());
        assertEquals(Kind.DETERMINED, leaks.get(0).kind());
        assertEquals(2, leaks.get(0).lo());
    }

    @Test
    void theAttackerFindsBoundsThatNoCombinationGives() {
        // Cells a, b, c, d (truth 9, 3, 1, 2). a+b = 12 and a+c = 10 give b = c + 2, so b ≥ 2;
        // b+c+d = 6 gives 2c + 2 ≤ 6, so c ≤ 2 and b ≤ 4. Nothing determines b linearly.
        List<String> cells = List.of("a", "b", "c", "d");
        List<Figure> figures = List.of(new Figure("a+b", bits(0, 1), 12), new Figure("a+c", bits(0, 2), 10),
                new Figure("b+c+d", bits(1, 2, 3), 6));
        Adversary adversary = new Adversary(cells, figures, 5);
        assertEquals(Optional.empty(), adversary.determined(bits(1)));
        assertEquals(new Bounds(2, 4), adversary.bounds(bits(1)));
        assertEquals(new Bounds(0, 2), adversary.bounds(bits(2)));
        assertEquals(new Bounds(0, 4), adversary.bounds(bits(3)), "d = 4 − 2c");
        assertEquals(4, sum(adversary.witness(bits(1), true), bits(1)));
        assertEquals(2, sum(adversary.witness(bits(1), false), bits(1)));
        List<Leak> leaks = adversary.attack(List.of(new Group("b", bits(1)), new Group("c", bits(2)),
                new Group("b+c", bits(1, 2)), new Group("a", bits(0))));
        assertEquals(1, leaks.size(), leaks.toString());
        assertEquals("b", leaks.get(0).group().label());
        assertEquals(Kind.BOUNDED, leaks.get(0).kind());
        assertEquals(2, leaks.get(0).lo());
        assertEquals(4, leaks.get(0).hi());
    }

    @Test
    void theAttackerUsesIntegrality() {
        // x+y = 1, y+z = 1, x+z+w = 1: the real solutions allow x = z = 1/2, whole numbers force x = z = 0,
        // y = w = 1. Nothing is determined linearly (one free direction), yet y is exactly 1.
        List<String> cells = List.of("x", "y", "z", "w");
        Adversary adversary = new Adversary(cells, List.of(new Figure("x+y", bits(0, 1), 1),
                new Figure("y+z", bits(1, 2), 1), new Figure("x+z+w", bits(0, 2, 3), 1)), 3);
        assertEquals(Optional.empty(), adversary.determined(bits(1)));
        assertEquals(new Bounds(1, 1), adversary.bounds(bits(1)));
        assertEquals(new Bounds(0, 0), adversary.bounds(bits(0)));
        List<Leak> leaks = adversary.attack(List.of(new Group("y", bits(1)), new Group("x", bits(0))));
        assertEquals(List.of("y"), leaks.stream().map(l -> l.group().label()).toList());
    }

    @Test
    void aCellNoFigureMentionsIsUnboundedAndContradictionsAreRefused() {
        List<String> cells = List.of("a", "b", "free");
        Adversary adversary = new Adversary(cells, List.of(new Figure("a+b", bits(0, 1), 12),
                new Figure("a", bits(0), 10)), 5);
        assertEquals(new Bounds(2, Adversary.UNBOUNDED), adversary.bounds(bits(1, 2)));
        assertEquals(List.of("b"), adversary.attack(List.of(new Group("b", bits(1)), new Group("b+free", bits(1, 2))))
                .stream().map(l -> l.group().label()).toList());
        assertThrows(IllegalArgumentException.class, () -> new Adversary(cells,
                List.of(new Figure("a+b", bits(0, 1), 5), new Figure("a+b again", bits(0, 1), 6)), 5));
        assertThrows(IllegalArgumentException.class, () -> new Adversary(cells,
                List.of(new Figure("a+b", bits(0, 1), 5), new Figure("a", bits(0), 7), new Figure("b+free", bits(1, 2), 3)),
                5), "b would be −2");
    }

    static BitSet bits(int... cells) {
        BitSet out = new BitSet();
        for (int c : cells) {
            out.set(c);
        }
        return out;
    }

    // ---- the world of finest cells -----------------------------------------------------------------

    /** Units (a tree) × demographic bands × answer categories, with the true number of people per cell. */
    static final class World {
        final List<Unit> tree;
        final List<String> units;
        final List<String> bands;
        final List<String> categories;
        final Map<String, List<String>> children = new LinkedHashMap<>();
        final long[] counts;

        World(List<Unit> tree, List<String> bands, List<String> categories) {
            this.tree = List.copyOf(tree);
            this.units = tree.stream().map(Unit::id).toList();
            this.bands = List.copyOf(bands);
            this.categories = List.copyOf(categories);
            for (Unit u : tree) {
                String parent = u.parentId() == null ? LaminarRelease.ORGANISATION : u.parentId();
                children.computeIfAbsent(parent, p -> new ArrayList<>()).add(u.id());
            }
            this.counts = new long[units.size() * bands.size() * categories.size()];
        }

        int cell(String unit, String band, String category) {
            int u = units.indexOf(unit);
            int b = bands.indexOf(band);
            int c = categories.indexOf(category);
            if (u < 0 || b < 0 || c < 0) {
                throw new IllegalArgumentException(unit + "|" + band + "|" + category);
            }
            return (u * bands.size() + b) * categories.size() + c;
        }

        List<String> cellNames() {
            List<String> names = new ArrayList<>();
            for (String u : units) {
                for (String b : bands) {
                    for (String c : categories) {
                        names.add(u + "|" + b + "|" + c);
                    }
                }
            }
            return names;
        }

        World add(String unit, String band, String category, int people) {
            counts[cell(unit, band, category)] += people;
            return this;
        }

        BitSet cells(Collection<String> unitSet, Collection<String> bandSet, Collection<String> categorySet) {
            BitSet out = new BitSet();
            for (String u : unitSet) {
                if (u.equals(LaminarRelease.ORGANISATION)) {
                    continue; // nobody's pass is issued at the organisation itself
                }
                for (String b : bandSet) {
                    for (String c : categorySet) {
                        out.set(cell(u, b, c));
                    }
                }
            }
            return out;
        }

        BitSet all() {
            return cells(units, bands, categories);
        }

        /** The unit and every unit below it; the organisation's is every unit. */
        Set<String> subtree(String unit) {
            Set<String> out = new LinkedHashSet<>();
            if (!unit.equals(LaminarRelease.ORGANISATION)) {
                out.add(unit);
            }
            for (String child : children.getOrDefault(unit, List.of())) {
                out.addAll(subtree(child));
            }
            return out;
        }

        long count(BitSet cells) {
            long n = 0;
            for (int cell = cells.nextSetBit(0); cell >= 0; cell = cells.nextSetBit(cell + 1)) {
                n += counts[cell];
            }
            return n;
        }

        Figure figure(String label, BitSet cells) {
            return new Figure(label, cells, count(cells));
        }

        /** One answer per person; LaminarRelease does not see bands. */
        List<Answer> answers() {
            List<Answer> out = new ArrayList<>();
            for (String u : units) {
                for (String b : bands) {
                    for (String c : categories) {
                        for (long i = counts[cell(u, b, c)]; i > 0; i--) {
                            out.add(new Answer(u, c));
                        }
                    }
                }
            }
            return out;
        }

        /** The blocks as figures over finest cells, with the values LaminarRelease published. */
        List<Figure> blockFigures(Result r) {
            List<Figure> out = new ArrayList<>();
            for (Block b : r.blocks()) {
                out.add(new Figure("block " + new java.util.TreeSet<>(b.units()) + "×" + new java.util.TreeSet<>(b.categories()),
                        cells(b.units(), bands, b.categories()), b.count()));
            }
            return out;
        }

        /** Every number the dashboard shows, as figures over finest cells (a unit's figures cover its subtree). */
        List<Figure> dashboardFigures(Result r) {
            List<Figure> out = new ArrayList<>();
            for (UnitFigures u : r.units()) {
                if (!u.released()) {
                    continue;
                }
                Set<String> under = subtree(u.unitId());
                String name = u.unitId().isEmpty() ? "Org" : u.unitId() + "+";
                out.add(new Figure(name + " respondents", cells(under, bands, categories), u.respondents()));
                for (Map.Entry<String, Integer> e : u.categories().entrySet()) {
                    out.add(new Figure(name + "×" + e.getKey(), cells(under, bands, Set.of(e.getKey())), e.getValue()));
                }
                if (!u.merged().isEmpty()) {
                    out.add(new Figure(name + " other " + u.merged(), cells(under, bands, u.merged()), u.other()));
                }
            }
            return out;
        }

        /**
         * The groups to attack: every (organisation, unit subtree or single unit) × non-empty category
         * subset × non-empty band subset (all bands included), each one's complement in the organisation,
         * and for {@code pairs} random pairs of those their difference, intersection and union. Empty and
         * repeated cell sets are dropped.
         */
        List<Group> groups(Random random, int pairs) {
            Map<String, Set<String>> unitSets = new LinkedHashMap<>();
            unitSets.put("Org", subtree(LaminarRelease.ORGANISATION));
            for (String u : units) {
                unitSets.put(u + "+", subtree(u));
                unitSets.putIfAbsent(u, Set.of(u));
            }
            Map<BitSet, Group> out = new LinkedHashMap<>();
            List<Group> base = new ArrayList<>();
            for (Map.Entry<String, Set<String>> us : unitSets.entrySet()) {
                if (us.getKey().endsWith("+") && us.getValue().size() == 1) {
                    continue; // a leaf: the same as the single unit
                }
                for (List<String> cs : subsets(categories)) {
                    for (List<String> bs : subsets(bands)) {
                        String label = us.getKey() + "×" + (cs.size() == categories.size() ? "*" : cs) + "×"
                                + (bs.size() == bands.size() ? "*" : bs);
                        BitSet cells = cells(us.getValue(), bs, cs);
                        BitSet complement = all();
                        complement.andNot(cells);
                        base.add(put(out, label, cells));
                        base.add(put(out, "Org∖(" + label + ")", complement));
                    }
                }
            }
            AttackRuns.combine(out, base, random, pairs, true);
            return List.copyOf(out.values());
        }

        static Group put(Map<BitSet, Group> out, String label, BitSet cells) {
            if (cells.isEmpty()) {
                return null;
            }
            return out.computeIfAbsent(cells, c -> new Group(label, c));
        }

        static List<List<String>> subsets(List<String> values) {
            List<List<String>> out = new ArrayList<>();
            for (int mask = 1; mask < 1 << values.size(); mask++) {
                List<String> s = new ArrayList<>();
                for (int i = 0; i < values.size(); i++) {
                    if ((mask & 1 << i) != 0) {
                        s.add(values.get(i));
                    }
                }
                out.add(s);
            }
            return out;
        }

        /** The tree and the counts, for a failure report. */
        String describe() {
            StringBuilder out = new StringBuilder();
            for (Unit u : tree) {
                out.append(u.id()).append(" (parent ").append(u.parentId() == null ? "Org" : u.parentId()).append("):");
                for (String b : bands) {
                    out.append(" ").append(b).append("[");
                    out.append(categories.stream().map(c -> Long.toString(counts[cell(u.id(), b, c)]))
                            .collect(Collectors.joining(",")));
                    out.append("]");
                }
                out.append("\n");
            }
            return out.toString();
        }
    }
}
