package org.candour.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.candour.results.Adversary.Figure;
import org.candour.results.Adversary.Group;
import org.candour.results.Adversary.Leak;
import org.candour.results.LaminarRelease.Answer;
import org.candour.results.LaminarRelease.BandFigures;
import org.candour.results.LaminarRelease.Block;
import org.candour.results.LaminarRelease.Result;
import org.candour.results.LaminarRelease.Unit;
import org.candour.results.LaminarRelease.UnitFigures;
import org.candour.results.ReleaseAttackTest.World;
import org.junit.jupiter.api.Test;

/**
 * Attacks a survey released with a breakdown demographic D ({@link LaminarRelease#releaseBanded}):
 * D's own release, and two questions Q1 and Q2 each released within D's blocks, all over the same
 * respondents, as the dashboard, the question pages, the JSON and the CSV show them (every unit's
 * figures and every unit's breakdown by band). A person's finest cell is (unit, D's band, Q1's answer,
 * Q2's answer); the world's "categories" are the pairs "q1.q2". The attacker sees everything at once.
 */
class BreakdownAttackTest {

    static final int INSTANCES = 40;
    static final int[] THRESHOLDS = {3, 5, 10};
    static final List<String> BANDS = List.of("b1", "b2", "b3", "-");
    static final List<String> Q1 = List.of("p", "n", "-");
    static final List<String> Q2 = List.of("x", "y", "-");

    @Test
    void noGroupOfARandomBreakdownIsPinnedInsideOneToKMinusOne() {
        AttackRuns.assertNoLeak("BreakdownAttackTest", INSTANCES, seed -> {
            World w = randomWorld(seed);
            int k = THRESHOLDS[seed % THRESHOLDS.length];
            return new AttackRuns.Run(w, k, release(w, k, List.of(Q1, Q2)), groups(w, new Random(3_000L + seed), 300));
        });
    }

    /**
     * Why a question's breakdown is nested in the demographic's own blocks inside each unit, and not
     * shown for the organisation beside the question's own figures per unit (k = 10). Team A (40): Q1
     * "p" 20 and "n" 20, bands b1 20 and b2 20. Team B (20): everyone "p", 10 in each band. Broken down
     * for the organisation alone, b1 shows "p" 13 and "n" 17 (both at least k). But B's 10 in b1 all
     * said "p", so A's "b1 and p" is 13 − 10 = 3. Nested in each team's blocks instead, nothing of the
     * kind is released.
     */
    @Test
    void anOrganisationWideBreakdownBesideTheUnitsWouldLeak() {
        int k = 10;
        World w = new World(List.of(new Unit("A", null, "Team A"), new Unit("B", null, "Team B")), BANDS,
                pairs(Q1, List.of("-")));
        w.add("A", "b1", "p.-", 3).add("A", "b1", "n.-", 17).add("A", "b2", "p.-", 17).add("A", "b2", "n.-", 3);
        w.add("B", "b1", "p.-", 10).add("B", "b2", "p.-", 10);
        Group cell = new Group("A, b1, p", w.cells(Set.of("A"), Set.of("b1"), Set.of("p.-")));

        List<Figure> naive = new ArrayList<>();
        naive.addAll(plain(w, k, 0));
        naive.addAll(demographic(w, k));
        // The organisation's breakdown: within each band, the atom rule on Q1's categories.
        for (String band : List.of("b1", "b2")) {
            Result r = LaminarRelease.release(List.of(new Unit("org", null, "all")), Q1,
                    answers(w, Set.of(band), 0).stream().map(a -> new Answer("org", a.category())).toList(), k);
            for (Block b : r.blocks()) {
                naive.add(w.figure("org " + band + "×" + b.categories(), w.cells(w.units, Set.of(band), project(w, b.categories(), 0))));
            }
        }
        assertTrue(naive.stream().anyMatch(f -> f.label().equals("org b1×[p]") && f.value() == 13), naive.toString());
        List<Leak> leaks = new Adversary(w.cellNames(), naive, k).attack(List.of(cell));
        assertEquals(1, leaks.size(), "the organisation-wide breakdown pins A's b1 and p");
        assertEquals(3, leaks.get(0).lo());
        assertEquals(3, leaks.get(0).hi());

        List<Figure> nested = release(w, k, List.of(Q1));
        assertEquals(List.of(), new Adversary(w.cellNames(), nested, k).attack(groups(w, new Random(1), 200)));
        Adversary.Bounds bounds = new Adversary(w.cellNames(), nested, k).bounds(cell.cells());
        assertTrue(bounds.lo() == 0 || bounds.hi() >= k, "A's b1 and p is " + bounds);
        assertFalse(nested.stream().anyMatch(f -> f.cells().equals(cell.cells())), "nothing about A's b1 and p alone is released");
    }

    /**
     * The banded release leaves the demographic's own figures as they are: its blocks inside a question
     * are exactly the demographic's blocks, so the two never cross.
     */
    @Test
    void eachQuestionsBlocksNestInTheDemographicsOwnBlocks() {
        for (int seed = 0; seed < INSTANCES; seed++) {
            World w = randomWorld(seed);
            int k = THRESHOLDS[seed % THRESHOLDS.length];
            Result d = LaminarRelease.release(w.tree, BANDS, answers(w, BANDS), k);
            Set<List<Object>> demographicBlocks = new LinkedHashSet<>();
            for (Block b : d.blocks()) {
                demographicBlocks.add(List.of(b.units(), b.categories()));
            }
            Result q = banded(w, k, Q1, 0);
            Map<List<Object>, Integer> sums = new HashMap<>();
            for (Block b : q.blocks()) {
                Set<String> bands = b.bands().isEmpty() ? Set.copyOf(BANDS) : b.bands();
                sums.merge(List.of(b.units(), bands), b.count(), Integer::sum);
            }
            for (Block b : d.blocks()) {
                if (b.count() > 0) {
                    assertEquals(b.count(), sums.get(List.of(b.units(), b.categories())), "seed " + seed + ": " + b);
                }
            }
            for (List<Object> key : sums.keySet()) {
                if (sums.get(key) > 0) {
                    assertTrue(demographicBlocks.contains(key), "seed " + seed + ": " + key + " is not one of D's blocks");
                }
            }
            for (UnitFigures u : q.units()) {
                UnitFigures du = d.unit(u.unitId());
                assertEquals(du.released(), u.released());
                for (BandFigures bf : u.bands()) {
                    if (bf.band() != null) {
                        assertEquals(du.categories().get(bf.band()), bf.respondents(), "seed " + seed);
                    }
                }
            }
        }
    }

    /**
     * A hand-worked breakdown (k = 10): one team with b1 20 (10 "p", 10 "n"), b2 25 (all "n") and 3 who
     * gave no band and no Q1 answer.
     */
    @Test
    void aTeamsBreakdownShowsEachBandItsDemographicShows() {
        int k = 10;
        World w = new World(List.of(new Unit("A", null, "Team A")), BANDS, pairs(Q1, List.of("-")));
        w.add("A", "b1", "p.-", 10).add("A", "b1", "n.-", 10);
        w.add("A", "b2", "n.-", 25);
        w.add("A", "-", "-.-", 3);
        UnitFigures a = banded(w, k, Q1, 0).unit("A");
        // D's own split: "-" (3) is below k, so b1 (20, the smallest non-zero band shown) joins it.
        assertEquals(List.of(new BandFigures(0, "b2", List.of("b2"), 25, Map.of("p", 0, "n", 25, "-", 0), 0, List.of()),
                new BandFigures(0, "b3", List.of("b3"), 0, Map.of("p", 0, "n", 0, "-", 0), 0, List.of()),
                new BandFigures(0, null, List.of("b1", "-"), 23, Map.of("n", 10), 13, List.of("p", "-"))), a.bands());
        // The team's own row is the sum of its parts: "p" and "-" are merged in one part, so not shown.
        assertEquals(48, a.respondents());
        assertEquals(Map.of("n", 35), a.categories());
        assertEquals(13, a.other());
    }

    /** Everything shown: D's release, and each question released within D's blocks, as figures. */
    static List<Figure> release(World w, int k, List<List<String>> questions) {
        List<Figure> out = new ArrayList<>(demographic(w, k));
        for (int i = 0; i < questions.size(); i++) {
            Result r = banded(w, k, questions.get(i), i);
            String name = "Q" + (i + 1) + " ";
            for (Block b : r.blocks()) {
                Set<String> bands = b.bands().isEmpty() ? Set.copyOf(BANDS) : b.bands();
                out.add(new Figure(name + "block " + b.units() + "×" + bands + "×" + b.categories(),
                        w.cells(b.units(), bands, project(w, b.categories(), i)), b.count()));
            }
            for (UnitFigures u : r.units()) {
                if (!u.released()) {
                    continue;
                }
                Set<String> under = w.subtree(u.unitId());
                String unit = name + (u.unitId().isEmpty() ? "Org" : u.unitId() + "+");
                out.addAll(shown(w, unit, under, Set.copyOf(BANDS), u.respondents(), u.categories(), u.other(), u.merged(), i));
                for (BandFigures bf : u.bands()) {
                    out.addAll(shown(w, unit + " " + bf.bands(), under, Set.copyOf(bf.bands()), bf.respondents(),
                            bf.categories(), bf.other(), bf.merged(), i));
                }
            }
        }
        return out;
    }

    /** The breakdown demographic's own release (blocks and each unit's figures), as for any question. */
    static List<Figure> demographic(World w, int k) {
        Result d = LaminarRelease.release(w.tree, BANDS, answers(w, BANDS), k);
        List<Figure> out = new ArrayList<>();
        for (Block b : d.blocks()) {
            out.add(new Figure("D block " + b.units() + "×" + b.categories(), w.cells(b.units(), b.categories(), w.categories),
                    b.count()));
        }
        for (UnitFigures u : d.units()) {
            if (u.released()) {
                Set<String> under = w.subtree(u.unitId());
                String unit = "D " + (u.unitId().isEmpty() ? "Org" : u.unitId() + "+");
                out.add(w.figure(unit + " respondents", w.cells(under, BANDS, w.categories)));
                u.categories().forEach((band, n) -> out.add(new Figure(unit + "×" + band, w.cells(under, Set.of(band), w.categories), n)));
                if (!u.merged().isEmpty()) {
                    out.add(new Figure(unit + " other", w.cells(under, u.merged(), w.categories), u.other()));
                }
            }
        }
        return out;
    }

    /** A question's own release without a breakdown (the dashboard as it is for a survey without one). */
    static List<Figure> plain(World w, int k, int question) {
        List<String> values = w.categories.stream().map(c -> c.split("\\.")[question]).distinct().toList();
        Result r = LaminarRelease.release(w.tree, values, answers(w, BANDS, question), k);
        List<Figure> out = new ArrayList<>();
        for (Block b : r.blocks()) {
            out.add(new Figure("plain block " + b.units() + "×" + b.categories(),
                    w.cells(b.units(), BANDS, project(w, b.categories(), question)), b.count()));
        }
        return out;
    }

    static List<Figure> shown(World w, String label, Set<String> under, Set<String> bands, int respondents,
            Map<String, Integer> categories, int other, List<String> merged, int question) {
        List<Figure> out = new ArrayList<>();
        out.add(new Figure(label + " respondents", w.cells(under, bands, w.categories), respondents));
        categories.forEach((c, n) -> out.add(new Figure(label + "×" + c, w.cells(under, bands, project(w, Set.of(c), question)), n)));
        if (!merged.isEmpty()) {
            out.add(new Figure(label + " other " + merged, w.cells(under, bands, project(w, Set.copyOf(merged), question)), other));
        }
        return out;
    }

    static Result banded(World w, int k, List<String> values, int question) {
        Map<String, int[][]> counts = new HashMap<>();
        for (String u : w.units) {
            int[][] v = new int[BANDS.size()][values.size()];
            for (int b = 0; b < BANDS.size(); b++) {
                for (String pair : w.categories) {
                    v[b][values.indexOf(pair.split("\\.")[question])] += (int) w.count(w.cells(Set.of(u), Set.of(BANDS.get(b)), Set.of(pair)));
                }
            }
            counts.put(u, v);
        }
        return LaminarRelease.releaseBanded(w.tree, BANDS, values, counts, k);
    }

    /** The pairs "q1.q2" whose question-th value is in {@code values}. */
    static Set<String> project(World w, Set<String> values, int question) {
        return w.categories.stream().filter(c -> values.contains(c.split("\\.")[question]))
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** One answer per person in these bands, the category being the band (for D's own release). */
    static List<Answer> answers(World w, List<String> bands) {
        List<Answer> out = new ArrayList<>();
        for (String u : w.units) {
            for (String b : bands) {
                for (long i = w.count(w.cells(Set.of(u), Set.of(b), w.categories)); i > 0; i--) {
                    out.add(new Answer(u, b));
                }
            }
        }
        return out;
    }

    /** One answer per person in these bands, the category being the question's value. */
    static List<Answer> answers(World w, Set<String> bands, int question) {
        return answers(w, List.copyOf(bands), question);
    }

    static List<Answer> answers(World w, List<String> bands, int question) {
        List<Answer> out = new ArrayList<>();
        for (String u : w.units) {
            for (String b : bands) {
                for (String pair : w.categories) {
                    for (long i = w.count(w.cells(Set.of(u), Set.of(b), Set.of(pair))); i > 0; i--) {
                        out.add(new Answer(u, pair.split("\\.")[question]));
                    }
                }
            }
        }
        return out;
    }

    static List<String> pairs(List<String> first, List<String> second) {
        List<String> out = new ArrayList<>();
        for (String a : first) {
            for (String b : second) {
                out.add(a + "." + b);
            }
        }
        return out;
    }

    /** 2–5 units, depth at most 3, 0–40 respondents each, bands and answers skewed per unit. */
    static World randomWorld(long seed) {
        Random random = new Random(seed);
        int n = 2 + random.nextInt(4);
        List<Unit> tree = ReleaseAttackTest.randomTree(random, n, 3, 2);
        World w = new World(tree, BANDS, pairs(Q1, Q2));
        for (int i = 0; i < n; i++) {
            double[] bandWeight = weights(random, BANDS.size());
            double[] pairWeight = weights(random, w.categories.size());
            int people = random.nextInt(41);
            for (int p = 0; p < people; p++) {
                w.add("u" + i, BANDS.get(pick(random, bandWeight)), w.categories.get(pick(random, pairWeight)), 1);
            }
        }
        return w;
    }

    static double[] weights(Random random, int n) {
        double[] weight = new double[n];
        for (int j = 0; j < n; j++) {
            double x = random.nextDouble();
            weight[j] = x * x * x + 0.01;
        }
        return weight;
    }

    static int pick(Random random, double[] weight) {
        double x = random.nextDouble() * java.util.Arrays.stream(weight).sum();
        int j = 0;
        while (j < weight.length - 1 && x >= weight[j]) {
            x -= weight[j++];
        }
        return j;
    }

    /**
     * The groups to attack: every (organisation, unit subtree, single unit) × band subset × (Q1 subset,
     * Q2 subset, or one Q1 value with one Q2 value), each one's complement, and for {@code pairs} random
     * pairs of those their difference, intersection and union.
     */
    static List<Group> groups(World w, Random random, int pairs) {
        List<Set<String>> answerSets = new ArrayList<>();
        for (int question = 0; question < 2; question++) {
            int q = question;
            List<String> values = w.categories.stream().map(c -> c.split("\\.")[q]).distinct().toList();
            for (List<String> s : World.subsets(values)) {
                answerSets.add(project(w, Set.copyOf(s), question));
            }
        }
        for (String pair : w.categories) {
            answerSets.add(Set.of(pair));
        }
        return AttackRuns.groups(w, World.subsets(BANDS), answerSets, random, pairs);
    }
}
