package org.candour.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.candour.results.Adversary.Figure;
import org.candour.results.Adversary.Leak;
import org.candour.results.LaminarRelease.Answer;
import org.candour.results.LaminarRelease.Block;
import org.candour.results.LaminarRelease.Result;
import org.candour.results.LaminarRelease.Unit;
import org.candour.results.LaminarRelease.UnitFigures;
import org.candour.results.ReleaseAttackTest.World;
import org.junit.jupiter.api.Test;

/**
 * Attacks the release of a multi-choice question ({@link ResultsService}: each option released by
 * {@link LaminarRelease} as a question of its own over the same respondents, "chose it" and "did not
 * choose it, or did not answer"). A person's finest cell is their unit and their whole answer: the set of options they
 * chose, or no answer. The options' counts overlap, so this is also the case of several questions
 * released over the same people: the attacker sees every option's blocks and dashboard figures at once
 * and names any group of units × answer patterns (plus sums, differences and intersections of them).
 */
class MultiChoiceAttackTest {

    static final int INSTANCES = 40;
    static final int[] THRESHOLDS = {3, 5, 10};
    static final List<String> OPTIONS = List.of("A", "B", "C");
    static final String NO_ANSWER = "-";

    @Test
    void noGroupOfARandomMultiChoiceReleaseIsPinnedInsideOneToKMinusOne() {
        AttackRuns.assertNoLeak("MultiChoiceAttackTest", INSTANCES, seed -> {
            World w = randomWorld(seed);
            int k = THRESHOLDS[seed % THRESHOLDS.length];
            return new AttackRuns.Run(w, k, release(w, k), w.groups(new Random(2_000L + seed), 300));
        });
    }

    /**
     * The harness has teeth: showing, beside the same release, each option's count in every unit subtree
     * where at least k chose it (the primary rule alone) lets the attacker find leaks.
     */
    @Test
    void theSameAttackCatchesPerOptionCountsUnderThePrimaryRuleAlone() {
        int leaking = 0;
        for (int seed = 0; seed < INSTANCES; seed++) {
            World w = randomWorld(seed);
            int k = THRESHOLDS[seed % THRESHOLDS.length];
            List<Figure> release = new ArrayList<>(release(w, k));
            for (String u : w.units) {
                for (String option : OPTIONS) {
                    Figure f = w.figure(u + "+ chose " + option + " (primary)", w.cells(w.subtree(u), w.bands, patterns(option)));
                    if (f.value() >= k) {
                        release.add(f);
                    }
                }
            }
            if (!new Adversary(w.cellNames(), release, k).attack(w.groups(new Random(seed), 100)).isEmpty()) {
                leaking++;
            }
        }
        assertTrue(leaking >= INSTANCES / 4, "only " + leaking + " of " + INSTANCES + " leak");
    }

    /**
     * Why who answered is not released for a multi-choice question: every option's "no answer" is the
     * same set of people, so one option's exact "no answer" unlocks another's merged "did not choose
     * it" (e.g. answered 17, chose A 16: one person answered without choosing A). The attacker finds
     * such leaks in random worlds released that way.
     */
    @Test
    void releasingWhoAnsweredWithEachOptionWouldLeak() {
        int leaking = AttackRuns.leaking("multi-choice with 'no answer' per option", INSTANCES, seed -> {
            World w = randomWorld(seed);
            int k = THRESHOLDS[seed % THRESHOLDS.length];
            return new AttackRuns.Run(w, k, release(w, k, true), w.groups(new Random(2_000L + seed), 300));
        });
        assertTrue(leaking >= 3, "only " + leaking + " of " + INSTANCES + " leak");
    }

    /**
     * Why a required multi-choice question is not released (k = 10): in Team U, 11 chose only A, 10 only
     * B and 1 both. Each option's split is 0 or at least k (A 12 of 22, B 11 of 22, C 0), and the
     * release alone leaves "both A and B" anywhere from 1 to 11. But a required question has nobody
     * in "no answer", which anyone reading the definition knows, and then A + B − 22 pins it at 1. The
     * same happens when the definition limits how many options one person may choose.
     */
    @Test
    void aRequiredQuestionWouldPinACombination() {
        int k = 10;
        World w = new World(List.of(new Unit("U", null, "Team U")), List.of("all"), allPatterns());
        w.add("U", "all", "A", 11).add("U", "all", "B", 10).add("U", "all", "AB", 1);
        List<Figure> release = release(w, k);
        Adversary.Group both = new Adversary.Group("U chose A and B", w.cells(Set.of("U"), w.bands, Set.of("AB", "ABC")));
        assertEquals(new Adversary.Bounds(1, 11), new Adversary(w.cellNames(), release, k).bounds(both.cells()));
        assertEquals(List.of(), new Adversary(w.cellNames(), release, k).attack(List.of(both)));
        List<Figure> required = new ArrayList<>(release);
        required.add(w.figure("required: nobody left it out", w.cells(Set.of("U"), w.bands, Set.of(NO_ANSWER))));
        List<Leak> leaks = new Adversary(w.cellNames(), required, k).attack(List.of(both));
        assertEquals(1, leaks.size(), "the definition's 'required' pins it");
        assertEquals(new Adversary.Bounds(1, 1), new Adversary.Bounds(leaks.get(0).lo(), leaks.get(0).hi()));
    }

    /** Every option's blocks and dashboard figures, as figures over the world's cells. */
    static List<Figure> release(World w, int k) {
        return release(w, k, false);
    }

    /**
     * As {@link #release(World, int)}; with {@code noAnswer}, each option is released with "no answer"
     * as a third category, as for other questions (a design Candour rejected: see the test below).
     */
    static List<Figure> release(World w, int k, boolean noAnswer) {
        return release(w, k, noAnswer, false);
    }

    /**
     * As {@link #release(World, int, boolean)}; with {@code headline}, each option by {@link HeadlineRelease}
     * (as ResultsService would release it in a survey without a breakdown), its headline blocks shown too.
     */
    static List<Figure> release(World w, int k, boolean noAnswer, boolean headline) {
        List<String> categories = noAnswer ? List.of(ResultsService.CHOSEN, ResultsService.NOT_CHOSEN, ResultsService.NO_ANSWER)
                : ResultsService.OPTION_CATEGORIES.stream().map(ResultsService.Category::id).toList();
        List<Figure> out = new ArrayList<>();
        for (String option : OPTIONS) {
            List<Answer> answers = new ArrayList<>();
            for (String u : w.units) {
                for (String b : w.bands) {
                    for (String pattern : w.categories) {
                        for (long i = w.count(w.cells(Set.of(u), Set.of(b), Set.of(pattern))); i > 0; i--) {
                            answers.add(new Answer(u, noAnswer && pattern.equals(NO_ANSWER) ? ResultsService.NO_ANSWER
                                    : category(option, pattern)));
                        }
                    }
                }
            }
            Result r = LaminarRelease.release(w.tree, categories, answers, k);
            if (headline) {
                Map<String, int[]> counts = new java.util.HashMap<>();
                for (Answer a : answers) {
                    counts.computeIfAbsent(a.unitId(), u -> new int[categories.size()])[categories.indexOf(a.category())]++;
                }
                r = HeadlineRelease.release(w.tree, categories, counts, k);
            }
            for (Block b : r.headline()) {
                out.add(new Figure(option + " headline " + b.categories(),
                        w.cells(b.units(), w.bands, patterns(option, b.categories(), noAnswer)), b.count()));
            }
            for (Block b : r.blocks()) {
                out.add(new Figure(option + " block " + b.units() + "×" + b.categories(),
                        w.cells(b.units(), w.bands, patterns(option, b.categories(), noAnswer)), b.count()));
            }
            for (UnitFigures u : r.units()) {
                if (!u.released()) {
                    continue;
                }
                Set<String> under = w.subtree(u.unitId());
                String name = option + " " + (u.unitId().isEmpty() ? "Org" : u.unitId() + "+");
                out.add(new Figure(name + " respondents", w.cells(under, w.bands, w.categories), u.respondents()));
                for (Map.Entry<String, Integer> e : u.categories().entrySet()) {
                    out.add(new Figure(name + "×" + e.getKey(), w.cells(under, w.bands,
                            patterns(option, Set.of(e.getKey()), noAnswer)), e.getValue()));
                }
                if (!u.merged().isEmpty()) {
                    out.add(new Figure(name + " other", w.cells(under, w.bands,
                            patterns(option, Set.copyOf(u.merged()), noAnswer)), u.other()));
                }
            }
        }
        return out;
    }

    /** Where a person with this answer pattern falls in one option's release. */
    static String category(String option, String pattern) {
        return pattern.contains(option) ? ResultsService.CHOSEN : ResultsService.NOT_CHOSEN;
    }

    /** The answer patterns in which this option was chosen. */
    static Set<String> patterns(String option) {
        return patterns(option, Set.of(ResultsService.CHOSEN));
    }

    static Set<String> patterns(String option, Set<String> categories) {
        return patterns(option, categories, false);
    }

    static Set<String> patterns(String option, Set<String> categories, boolean noAnswer) {
        Set<String> out = new LinkedHashSet<>();
        for (String pattern : allPatterns()) {
            String category = noAnswer && pattern.equals(NO_ANSWER) ? ResultsService.NO_ANSWER : category(option, pattern);
            if (categories.contains(category)) {
                out.add(pattern);
            }
        }
        return out;
    }

    /** Every non-empty set of options ("A", "AB", ...) and no answer. */
    static List<String> allPatterns() {
        List<String> out = new ArrayList<>();
        for (int mask = 1; mask < 1 << OPTIONS.size(); mask++) {
            StringBuilder p = new StringBuilder();
            for (int i = 0; i < OPTIONS.size(); i++) {
                if ((mask & 1 << i) != 0) {
                    p.append(OPTIONS.get(i));
                }
            }
            out.add(p.toString());
        }
        out.add(NO_ANSWER);
        return out;
    }

    /** 3–7 units, depth at most 3, 0–20 respondents each, patterns skewed per unit. */
    static World randomWorld(long seed) {
        Random random = new Random(seed);
        int n = 3 + random.nextInt(5);
        List<Unit> tree = ReleaseAttackTest.randomTree(random, n, 3, 3);
        List<String> patterns = allPatterns();
        World w = new World(tree, List.of("all"), patterns);
        for (int i = 0; i < n; i++) {
            double[] weight = new double[patterns.size()];
            double total = 0;
            for (int j = 0; j < weight.length; j++) {
                double x = random.nextDouble();
                weight[j] = x * x * x + 0.01;
                total += weight[j];
            }
            int people = random.nextInt(21);
            for (int p = 0; p < people; p++) {
                double x = random.nextDouble() * total;
                int j = 0;
                while (j < weight.length - 1 && x >= weight[j]) {
                    x -= weight[j++];
                }
                w.add("u" + i, "all", patterns.get(j), 1);
            }
        }
        return w;
    }

    @Test
    void patternsSplitEachOptionIntoItsThreeCategories() {
        assertEquals(List.of("A", "B", "AB", "C", "AC", "BC", "ABC", "-"), allPatterns());
        assertEquals(Set.of("A", "AB", "AC", "ABC"), patterns("A"));
        assertEquals(Set.of("B", "C", "BC", "-"), patterns("A", Set.of(ResultsService.NOT_CHOSEN)));
    }
}
