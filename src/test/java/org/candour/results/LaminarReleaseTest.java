package org.candour.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.candour.results.LaminarRelease.Answer;
import org.candour.results.LaminarRelease.Block;
import org.candour.results.LaminarRelease.Result;
import org.candour.results.LaminarRelease.Unit;
import org.junit.jupiter.api.Test;

/** Hand-worked cases of the release rules, k = 10 throughout. */
class LaminarReleaseTest {

    static final List<String> LIKERT = List.of("positive", "neutral", "negative");
    static final List<Unit> REGION = List.of(new Unit("r", null, "Region"), new Unit("a", "r", "Team A"),
            new Unit("b", "r", "Team B"), new Unit("c", "r", "Team C"));

    /** {@code n} answers in unit {@code unit}, categories in turn as given (pos, neu, neg counts). */
    static List<Answer> answers(String unit, int positive, int neutral, int negative) {
        List<Answer> out = new ArrayList<>();
        for (int i = 0; i < positive; i++) {
            out.add(new Answer(unit, "positive"));
        }
        for (int i = 0; i < neutral; i++) {
            out.add(new Answer(unit, "neutral"));
        }
        for (int i = 0; i < negative; i++) {
            out.add(new Answer(unit, "negative"));
        }
        return out;
    }

    @SafeVarargs
    static List<Answer> all(List<Answer>... parts) {
        List<Answer> out = new ArrayList<>();
        for (List<Answer> p : parts) {
            out.addAll(p);
        }
        return out;
    }

    @Test
    void aParentWithExactlyOneSmallChildWithholdsTheBigChildToo() {
        // Region 15 = A 12 + B 3: releasing A would give B away as 15 - 12 = 3.
        Result r = LaminarRelease.release(REGION, LIKERT, all(answers("a", 12, 0, 0), answers("b", 3, 0, 0)), 10);
        assertTrue(r.unit("r").released());
        assertEquals(15, r.unit("r").respondents());
        assertFalse(r.unit("a").released(), "A alone would leave 3 in the region");
        assertFalse(r.unit("b").released());
        assertEquals(0, r.unit("a").respondents(), "a withheld unit carries no number at all");
    }

    @Test
    void theBigChildIsReleasedWhenTheRestOfItsParentReachesK() {
        // Region's own 8 + B's 3 = 11 outside A: A can be shown.
        Result r = LaminarRelease.release(REGION, LIKERT,
                all(answers("a", 12, 0, 0), answers("b", 3, 0, 0), answers("r", 8, 0, 0)), 10);
        assertTrue(r.unit("a").released());
        assertEquals(12, r.unit("a").respondents());
        assertFalse(r.unit("b").released());
        assertEquals(23, r.unit("r").respondents());
        assertTrue(r.blocks().contains(new Block(Set.of("r", "b", "c"), Set.of("positive"), 11)), r.blocks().toString());
    }

    @Test
    void twoSmallChildrenWhoseSumIsBelowKHoldBackTheirSibling() {
        Result below = LaminarRelease.release(REGION, LIKERT,
                all(answers("a", 12, 0, 0), answers("b", 4, 0, 0), answers("c", 4, 0, 0)), 10);
        assertFalse(below.unit("a").released(), "B + C = 8 < k");
        Result enough = LaminarRelease.release(REGION, LIKERT,
                all(answers("a", 12, 0, 0), answers("b", 5, 0, 0), answers("c", 5, 0, 0)), 10);
        assertTrue(enough.unit("a").released(), "B + C = 10 >= k");
        assertFalse(enough.unit("b").released());
        assertFalse(enough.unit("c").released());
    }

    @Test
    void aChainOfThreeLevels() {
        List<Unit> chain = List.of(new Unit("r", null, "Region"), new Unit("d", "r", "District"),
                new Unit("t", "d", "Team"));
        Result whole = LaminarRelease.release(chain, LIKERT, answers("t", 12, 0, 0), 10);
        for (String u : List.of(LaminarRelease.ORGANISATION, "r", "d", "t")) {
            assertTrue(whole.unit(u).released(), u);
            assertEquals(12, whole.unit(u).respondents(), u);
        }
        assertEquals(List.of(new Block(Set.of("t"), Set.of("positive"), 12), new Block(Set.of("t"), Set.of("neutral"), 0),
                new Block(Set.of("t"), Set.of("negative"), 0), new Block(Set.of("d"), Set.of("positive"), 0),
                new Block(Set.of("d"), Set.of("neutral"), 0), new Block(Set.of("d"), Set.of("negative"), 0),
                new Block(Set.of("r"), Set.of("positive"), 0), new Block(Set.of("r"), Set.of("neutral"), 0),
                new Block(Set.of("r"), Set.of("negative"), 0)), whole.blocks(),
                "one atom, split by category, and nobody at district or region level outside it");
        // Three more at district level: the team can no longer be told apart from its district.
        Result held = LaminarRelease.release(chain, LIKERT, all(answers("t", 12, 0, 0), answers("d", 3, 0, 0)), 10);
        assertTrue(held.unit("d").released());
        assertEquals(15, held.unit("d").respondents());
        assertFalse(held.unit("t").released());
        assertEquals(3, held.unit("t").depth());
    }

    @Test
    void nothingIsReleasedBelowKAtAll() {
        Result r = LaminarRelease.release(REGION, LIKERT, answers("a", 5, 2, 2), 10);
        assertTrue(r.units().stream().noneMatch(LaminarRelease.UnitFigures::released));
        assertTrue(r.blocks().isEmpty());
    }

    @Test
    void smallCategoriesAreMergedIntoAnOtherOfAtLeastK() {
        // 15 / 6 / 5: neutral and negative merged (11).
        Result r = LaminarRelease.release(REGION, LIKERT, answers("a", 15, 6, 5), 10);
        assertEquals(Map.of("positive", 15), r.unit("a").categories());
        assertEquals(11, r.unit("a").other());
        assertEquals(List.of("neutral", "negative"), r.unit("a").merged());
        // 12 / 5 / 3: the small ones make 8 < k, so positive is merged too and nothing is exact.
        Result all = LaminarRelease.release(REGION, LIKERT, answers("a", 12, 5, 3), 10);
        assertEquals(Map.of(), all.unit("a").categories());
        assertEquals(20, all.unit("a").other());
        // 12 / 10 / 0: zero is exact (nobody), the rest are at least k.
        Result zero = LaminarRelease.release(REGION, LIKERT, answers("a", 12, 10, 0), 10);
        assertEquals(Map.of("positive", 12, "neutral", 10, "negative", 0), zero.unit("a").categories());
        assertEquals(0, zero.unit("a").other());
    }

    @Test
    void aParentShowsACategoryOnlyWhereEveryAtomBelowShowsIt() {
        // A: 10 / 10 / 0 exact; the region's rest (r + b): 12 / 2 / 0 -> neutral merged there.
        Result r = LaminarRelease.release(REGION, LIKERT,
                all(answers("a", 10, 10, 0), answers("b", 12, 2, 0)), 10);
        assertEquals(Map.of("positive", 10, "neutral", 10, "negative", 0), r.unit("a").categories());
        assertEquals(Map.of("negative", 0), r.unit("r").categories(), "positive and neutral are not exact in B's atom");
        assertEquals(34, r.unit("r").other());
    }

    @Test
    void everyBlockIsZeroOrAtLeastKAndTheBlocksPartitionTheAnswers() {
        java.util.Random random = new java.util.Random(7);
        for (int round = 0; round < 200; round++) {
            List<Answer> answers = new ArrayList<>();
            for (Unit u : REGION) {
                int n = random.nextInt(14);
                for (int i = 0; i < n; i++) {
                    answers.add(new Answer(u.id(), LIKERT.get(random.nextInt(3))));
                }
            }
            Result r = LaminarRelease.release(REGION, LIKERT, answers, 10);
            int sum = 0;
            for (Block b : r.blocks()) {
                assertTrue(b.count() == 0 || b.count() >= 10, b.toString());
                sum += b.count();
            }
            assertEquals(answers.size() >= 10 ? answers.size() : 0, sum);
        }
    }

    @Test
    void releasingFromCountsIsTheSameAsFromAnswers() {
        List<Answer> answers = all(answers("a", 12, 10, 0), answers("b", 12, 2, 0), answers("r", 1, 1, 1));
        Map<String, int[]> counts = Map.of("a", new int[] {12, 10, 0}, "b", new int[] {12, 2, 0}, "r", new int[] {1, 1, 1});
        assertEquals(LaminarRelease.release(REGION, LIKERT, answers, 10), LaminarRelease.releaseCounts(REGION, LIKERT, counts, 10));
        assertThrows(IllegalArgumentException.class,
                () -> LaminarRelease.releaseCounts(REGION, LIKERT, Map.of("a", new int[] {1, -1, 0}), 10));
        assertThrows(IllegalArgumentException.class,
                () -> LaminarRelease.releaseCounts(REGION, LIKERT, Map.of("a", new int[] {1, 1}), 10));
    }

    @Test
    void badInputIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> LaminarRelease.release(REGION, LIKERT, List.of(new Answer("zz", "positive")), 10));
        assertThrows(IllegalArgumentException.class,
                () -> LaminarRelease.release(REGION, LIKERT, List.of(new Answer("a", "maybe")), 10));
        assertThrows(IllegalArgumentException.class, () -> LaminarRelease.release(REGION, LIKERT, List.of(), 0));
    }

    // ---- Boundaries: each rule at k - 1, k and k + 1, so ">=" and ">" cannot be swapped unnoticed ----

    @Test
    void aChildOfExactlyKIsReleasedAndOfKMinusOneIsNot() {
        // The region's own 10 keep the rest at least k, so only the child's own size decides.
        for (int n : new int[] {9, 10, 11}) {
            Result r = LaminarRelease.release(REGION, LIKERT, all(answers("a", n, 0, 0), answers("r", 10, 0, 0)), 10);
            assertEquals(n >= 10, r.unit("a").released(), "child of " + n);
            assertEquals(n >= 10 ? n : 0, r.unit("a").respondents(), "child of " + n);
            assertTrue(r.unit("r").released());
            assertEquals(n + 10, r.unit("r").respondents());
        }
    }

    @Test
    void aRemainderOfExactlyKLetsTheBigChildBeReleasedAndKMinusOneDoesNot() {
        // A 12, B n: what releasing A leaves of the region is B's n.
        for (int n : new int[] {9, 10, 11}) {
            Result r = LaminarRelease.release(REGION, LIKERT, all(answers("a", 12, 0, 0), answers("b", 0, n, 0)), 10);
            assertEquals(n >= 10, r.unit("a").released(), "remainder of " + n);
            assertEquals(n >= 10, r.unit("b").released(), "B of " + n + " is itself a child of at least k or not");
            assertEquals(12 + n, r.unit("r").respondents());
        }
        // A 12, C 12, region's own n: a remainder of n alone, with two big children that could be withheld.
        for (int n : new int[] {9, 10, 11}) {
            Result r = LaminarRelease.release(REGION, LIKERT,
                    all(answers("a", 12, 0, 0), answers("c", 13, 0, 0), answers("r", n, 0, 0)), 10);
            assertTrue(r.unit("c").released(), "remainder of " + n);
            assertEquals(n >= 10, r.unit("a").released(), "the smaller child joins a remainder of " + n + " only below k");
            // The region's atom: its own n and empty B, plus A when A is withheld.
            Block atom = n >= 10 ? new Block(Set.of("r", "b"), Set.of("positive"), n)
                    : new Block(Set.of("r", "a", "b"), Set.of("positive"), n + 12);
            assertTrue(r.blocks().contains(atom), "remainder of " + n + ": " + r.blocks());
        }
    }

    @Test
    void theOrganisationIsReleasedFromExactlyK() {
        for (int n : new int[] {9, 10, 11}) {
            Result r = LaminarRelease.release(REGION, LIKERT, answers("a", n, 0, 0), 10);
            assertEquals(n >= 10, r.unit(LaminarRelease.ORGANISATION).released(), "organisation of " + n);
            assertEquals(n >= 10 ? n : 0, r.blocks().stream().mapToInt(Block::count).sum());
        }
    }

    @Test
    void aCategoryOfExactlyKIsShownAndOfKMinusOneIsMerged() {
        // 12 / n / 0: n = 9 alone would be an "other" of 9, so positive joins it; n = 10 and 11 are exact.
        Result below = LaminarRelease.release(REGION, LIKERT, answers("a", 12, 9, 0), 10);
        assertEquals(Map.of("negative", 0), below.unit("a").categories());
        assertEquals(21, below.unit("a").other());
        assertEquals(List.of("positive", "neutral"), below.unit("a").merged());
        for (int n : new int[] {10, 11}) {
            Result r = LaminarRelease.release(REGION, LIKERT, answers("a", 12, n, 0), 10);
            assertEquals(Map.of("positive", 12, "neutral", n, "negative", 0), r.unit("a").categories(), "neutral " + n);
            assertEquals(0, r.unit("a").other());
        }
    }

    @Test
    void anOtherOfExactlyKStandsAloneAndOfKMinusOneTakesTheSmallestShownCategory() {
        // 15 / m / 4: the two small categories make an "other" of m + 4.
        Result nine = LaminarRelease.release(REGION, LIKERT, answers("a", 15, 5, 4), 10);
        assertEquals(Map.of(), nine.unit("a").categories(), "an other of 9 takes positive too");
        assertEquals(24, nine.unit("a").other());
        assertTrue(nine.blocks().contains(new Block(Set.of("a"), Set.copyOf(LIKERT), 24)), nine.blocks().toString());
        Result ten = LaminarRelease.release(REGION, LIKERT, answers("a", 15, 6, 4), 10);
        assertEquals(Map.of("positive", 15), ten.unit("a").categories(), "an other of exactly k needs nothing more");
        assertEquals(10, ten.unit("a").other());
        assertEquals(List.of("neutral", "negative"), ten.unit("a").merged());
        assertTrue(ten.blocks().contains(new Block(Set.of("a"), Set.of("neutral", "negative"), 10)), ten.blocks().toString());
        assertTrue(ten.blocks().contains(new Block(Set.of("a"), Set.of("positive"), 15)), ten.blocks().toString());
        Result eleven = LaminarRelease.release(REGION, LIKERT, answers("a", 15, 7, 4), 10);
        assertEquals(Map.of("positive", 15), eleven.unit("a").categories());
        assertEquals(11, eleven.unit("a").other());
    }

    @Test
    void kBelowOneIsRefusedOnEveryEntry() {
        Map<String, int[]> counts = Map.of("a", new int[] {12, 0, 0});
        Map<String, int[][]> banded = Map.of("a", new int[][] {{12, 0, 0}, {0, 0, 0}});
        for (int k : new int[] {0, -1, Integer.MIN_VALUE}) {
            assertThrows(IllegalArgumentException.class,
                    () -> LaminarRelease.release(REGION, LIKERT, answers("a", 12, 0, 0), k), "release, k = " + k);
            assertThrows(IllegalArgumentException.class,
                    () -> LaminarRelease.releaseCounts(REGION, LIKERT, counts, k), "releaseCounts, k = " + k);
            assertThrows(IllegalArgumentException.class,
                    () -> LaminarRelease.releaseBanded(REGION, List.of("x", "y"), LIKERT, banded, k), "releaseBanded, k = " + k);
        }
        // k = 1 is the least allowed, on every entry: every non-empty unit is released.
        assertTrue(LaminarRelease.release(REGION, LIKERT, answers("a", 1, 0, 0), 1).unit("a").released());
        assertTrue(LaminarRelease.releaseCounts(REGION, LIKERT, Map.of("a", new int[] {1, 0, 0}), 1).unit("a").released());
        assertTrue(LaminarRelease.releaseBanded(REGION, List.of("x", "y"), LIKERT,
                Map.of("a", new int[][] {{1, 0, 0}, {0, 0, 0}}), 1).unit("a").released());
    }

    @Test
    void ofTwoEqualSmallestShownCategoriesTheFirstJoinsTheOther() {
        // 12 / 12 / 5: an "other" of 5 takes one 12, the first in the question's order.
        Result r = LaminarRelease.release(REGION, LIKERT, answers("a", 12, 12, 5), 10);
        assertEquals(Map.of("neutral", 12), r.unit("a").categories());
        assertEquals(17, r.unit("a").other());
        assertEquals(List.of("positive", "negative"), r.unit("a").merged());
    }

    // ---- A unit never silently drops out of a release ----

    @Test
    void everyUnitIsListedAtItsDepthEvenWhenNothingIsReleased() {
        List<Unit> chain = List.of(new Unit("r", null, "Region"), new Unit("d", "r", "District"),
                new Unit("t", "d", "Team"));
        Result r = LaminarRelease.release(chain, LIKERT, answers("t", 5, 0, 0), 10);
        assertEquals(List.of(LaminarRelease.ORGANISATION, "r", "d", "t"),
                r.units().stream().map(LaminarRelease.UnitFigures::unitId).toList());
        assertEquals(List.of(0, 1, 2, 3), r.units().stream().map(LaminarRelease.UnitFigures::depth).toList());
        assertEquals("d", r.unit("t").parentId());
        assertEquals(LaminarRelease.ORGANISATION, r.unit("r").parentId());
        assertEquals(null, r.unit(LaminarRelease.ORGANISATION).parentId());
        assertEquals("Team", r.unit("t").name());
        assertEquals("Whole organisation", r.unit(LaminarRelease.ORGANISATION).name());
    }

    @Test
    void aUnitWhoseParentIsNotInTheTreeIsRefusedByName() {
        List<Unit> orphan = List.of(new Unit("r", null, "Region"), new Unit("a", "r", "Team A"),
                new Unit("lost", "gone", "Lost team"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LaminarRelease.release(orphan, LIKERT, all(answers("a", 12, 0, 0), answers("lost", 12, 0, 0)), 10));
        assertTrue(e.getMessage().contains("lost") && e.getMessage().contains("gone"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> LaminarRelease.releaseCounts(orphan, LIKERT, Map.of("a", new int[] {12, 0, 0}), 10));
    }

    @Test
    void unitsWhoseParentsFormACycleAreRefusedByName() {
        List<Unit> loop = List.of(new Unit("r", null, "Region"), new Unit("a", "r", "Team A"),
                new Unit("x", "y", "X"), new Unit("y", "x", "Y"), new Unit("z", "x", "Below the loop"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LaminarRelease.release(loop, LIKERT, all(answers("a", 12, 0, 0), answers("z", 12, 0, 0)), 10));
        assertTrue(e.getMessage().contains("cycle") && e.getMessage().matches(".*unit [xyz] .*"), e.getMessage());
    }
}
