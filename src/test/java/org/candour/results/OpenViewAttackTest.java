package org.candour.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

/**
 * The view shown while a survey is open, attacked together with the release after close. Each unit's
 * respondents are split into those the mix had moved when the open view was looked at ("early") and
 * the rest ("late"); the attacker knows the final release (the participation blocks of
 * {@link LaminarRelease}), what the open view showed, and the mix's rule, and bounds every unit's early,
 * late and total count, and every pair of units together, over all non-negative integer tables (ojAlgo).
 *
 * <p>The open view per issuing unit in bands of k leaked with the survey-wide mix batches it was built
 * with (any number of a unit's responses could have moved): in the audit's example a delivery unit's
 * released total is 23 and its released teams 5 and 10, so the two other teams hold 8, and both showed
 * "fewer than 5" at close: each has exactly 4. Per-key batches (a key moves nothing until k of it are
 * held, so a unit's early count is 0 or at least k) hide that case, but the view would still rest on
 * the mix's timing. The survey-wide band that replaced it leaks nothing under either mix rule, in the
 * same example or in random organisations.
 */
class OpenViewAttackTest {

    private static final int K = 5;
    private static final int WORLDS = 20;

    /** The audit's example: one delivery unit ("du") with four teams of 5, 10, 4 and 4; k = 5. */
    private static final List<LaminarRelease.Unit> TREE = List.of(new LaminarRelease.Unit("du", null, "DU"),
            new LaminarRelease.Unit("t1", "du", "T1"), new LaminarRelease.Unit("t2", "du", "T2"),
            new LaminarRelease.Unit("t3", "du", "T3"), new LaminarRelease.Unit("t4", "du", "T4"));

    @Test
    void perUnitBandsBesideTheFinalReleasePinTwoTeamsAtFourAndTheSurveyWideBandDoesNot() {
        // The delivery unit itself invites nobody: only its teams issue passes.
        Map<String, Integer> total = Map.of("du", 0, "t1", 5, "t2", 10, "t3", 4, "t4", 4);
        // Looked at just before close, with everything moved, and nobody answering after (as the audit assumed).
        World w = new World(TREE, total, total, true);
        assertEquals(23, w.release.unit("du").respondents());
        assertTrue(!w.release.unit("t3").released() && !w.release.unit("t4").released());

        Bounds t3 = w.bounds(List.of("t3"), Part.TOTAL, View.PER_UNIT, Mix.ANY);
        assertEquals(new Bounds(4, 4), t3, "the weaker design pins team 3");
        assertTrue(t3.leaks(K));
        for (Mix mix : Mix.values()) {
            assertEquals(new Bounds(0, 8), w.bounds(List.of("t3"), Part.TOTAL, View.SURVEY_WIDE, mix));
            assertTrue(w.leaks(View.SURVEY_WIDE, mix).isEmpty(), w.leaks(View.SURVEY_WIDE, mix).toString());
        }
    }

    @Test
    void theSurveyWideBandLeaksNothingInRandomOrganisationsAndPerUnitBandsDo() {
        int worldsWithPerUnitLeaks = 0;
        int groups = 0;
        for (int seed = 0; seed < WORLDS; seed++) {
            Random r = new Random(seed);
            List<LaminarRelease.Unit> tree = new ArrayList<>();
            Map<String, Integer> total = new LinkedHashMap<>();
            Map<String, Integer> early = new HashMap<>();
            int regions = 1 + r.nextInt(2);
            for (int g = 0; g < regions; g++) {
                String region = "r" + g;
                tree.add(new LaminarRelease.Unit(region, null, region));
                total.put(region, r.nextInt(3) == 0 ? r.nextInt(K) : 0);
                for (int t = 0, teams = 2 + r.nextInt(3); t < teams; t++) {
                    String team = region + "t" + t;
                    tree.add(new LaminarRelease.Unit(team, region, team));
                    total.put(team, r.nextInt(10) < 7 ? 1 + r.nextInt(12) : 13 + r.nextInt(15));
                }
            }
            // Early: every key with at least k has moved k or more (per-key batches), or, half the time, nothing yet.
            total.forEach((u, n) -> early.put(u, n >= K && r.nextBoolean() ? K + r.nextInt(n - K + 1) : 0));
            boolean atClose = seed % 2 == 1;
            if (atClose) {
                // Or looked at once everything had moved, the attacker knowing nobody answered after.
                early.putAll(total);
            }
            World w = new World(tree, total, early, atClose);
            for (Mix mix : Mix.values()) {
                List<String> leaks = w.leaks(View.SURVEY_WIDE, mix);
                assertTrue(leaks.isEmpty(), "seed " + seed + ", " + mix + ": " + leaks);
            }
            groups += w.attacked;
            if (!w.leaks(View.PER_UNIT, Mix.ANY).isEmpty()) {
                worldsWithPerUnitLeaks++;
            }
        }
        assertTrue(worldsWithPerUnitLeaks > 0, "the weaker design should leak in some random organisation");
        System.out.printf("OpenViewAttackTest: %d worlds, %d groups attacked under the survey-wide band (both mix rules),"
                + " none pinned; per-unit bands with any-size batches leak in %d%n", WORLDS, groups, worldsWithPerUnitLeaks);
    }

    enum View { PER_UNIT, SURVEY_WIDE }

    enum Part { EARLY, LATE, TOTAL }

    /** The mix's rule as the attacker knows it: per-key batches (a unit's early count 0 or at least k), or any size. */
    enum Mix { PER_KEY, ANY }

    record Bounds(long lo, long hi) {
        boolean leaks(int k) {
            return lo >= 1 && hi <= k - 1;
        }
    }

    /** One organisation: its final release and what the open view showed at one moment. */
    private static final class World {
        final List<String> units = new ArrayList<>();
        final LaminarRelease.Result release;
        final Map<String, Integer> early;
        final Map<String, Integer> total;
        /** Whether the attacker knows that nobody answered after the open view was looked at. */
        final boolean atClose;
        int attacked;

        World(List<LaminarRelease.Unit> tree, Map<String, Integer> total, Map<String, Integer> early, boolean atClose) {
            this.atClose = atClose;
            // A top unit with nobody of its own here invites nobody: it issues no passes (public in the issuing
            // plan), so it has no respondents and no band.
            tree.stream().filter(u -> u.parentId() != null || total.get(u.id()) > 0).forEach(u -> units.add(u.id()));
            this.total = total;
            this.early = early;
            Map<String, int[]> counts = new HashMap<>();
            total.forEach((u, n) -> counts.put(u, new int[] {n}));
            release = LaminarRelease.releaseCounts(tree, List.of("responded"), counts, K);
        }

        List<String> leaks(View view, Mix mix) {
            List<String> out = new ArrayList<>();
            List<List<String>> named = new ArrayList<>();
            for (int i = 0; i < units.size(); i++) {
                named.add(List.of(units.get(i)));
                for (int j = i + 1; j < units.size(); j++) {
                    named.add(List.of(units.get(i), units.get(j)));
                }
            }
            for (List<String> group : named) {
                for (Part part : Part.values()) {
                    attacked++;
                    Bounds b = bounds(group, part, view, mix);
                    if (b.leaks(K)) {
                        out.add(part + " " + group + " in " + b);
                    }
                }
            }
            return out;
        }

        Bounds bounds(List<String> group, Part part, View view, Mix mix) {
            return new Bounds(optimise(group, part, view, mix, false), optimise(group, part, view, mix, true));
        }

        private long optimise(List<String> group, Part part, View view, Mix mix, boolean maximise) {
            ExpressionsBasedModel m = new ExpressionsBasedModel();
            Map<String, Variable> e = new HashMap<>();
            Map<String, Variable> l = new HashMap<>();
            for (String u : units) {
                Variable eu = m.addVariable("e" + u).lower(0).integer(true);
                Variable lu = m.addVariable("l" + u).lower(0).integer(true);
                if (atClose) {
                    lu.upper(0);
                }
                e.put(u, eu);
                l.put(u, lu);
                if (mix == Mix.PER_KEY) {
                    // A unit's early count is 0 or at least k (b = 1: it has moved).
                    Variable moved = m.addVariable("b" + u).binary();
                    m.addExpression("moved-at-least-k" + u).set(eu, 1).set(moved, -K).lower(0);
                    m.addExpression("moved-at-most-all" + u).set(eu, 1).set(moved, -1000).upper(0);
                }
                boolean inGroup = group.contains(u);
                eu.weight(inGroup && part != Part.LATE ? 1 : 0);
                lu.weight(inGroup && part != Part.EARLY ? 1 : 0);
            }
            for (LaminarRelease.Block b : release.blocks()) {
                Expression x = m.addExpression("block" + b.units()).level(b.count());
                for (String u : b.units()) {
                    if (e.containsKey(u)) {
                        x.set(e.get(u), 1).set(l.get(u), 1);
                    }
                }
            }
            if (view == View.PER_UNIT) {
                for (String u : units) {
                    band(m.addExpression("band" + u), early.get(u)).set(e.get(u), 1);
                }
            } else {
                Expression x = band(m.addExpression("band"), early.values().stream().mapToInt(Integer::intValue).sum());
                units.forEach(u -> x.set(e.get(u), 1));
            }
            Optimisation.Result result = maximise ? m.maximise() : m.minimise();
            assertTrue(result.getState().isFeasible(), "the true table is consistent: " + result.getState());
            return Math.round(result.getValue());
        }

        /** What the open view says of a count n: "fewer than k" (0..k−1) or its band of k. */
        private static Expression band(Expression x, int n) {
            String shown = ResultsService.band(n, K);
            long low = shown.startsWith("fewer") ? 0 : n / K * K;
            return x.lower(low).upper(low + K - 1);
        }
    }
}
