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
}
