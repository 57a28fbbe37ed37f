package org.candour.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.candour.results.Adversary.Figure;
import org.candour.results.Adversary.Group;
import org.candour.results.Adversary.Leak;
import org.candour.results.ReleaseAttackTest.World;

/** The loop the random-world attack tests share: make a world and its release, check it, attack it. */
final class AttackRuns {

    private AttackRuns() {
    }

    /** One seed's world, its threshold, everything released about it, and the groups to attack. */
    record Run(World world, int k, List<Figure> release, List<Group> groups) {
    }

    /**
     * Attacks {@code instances} runs (seeds 0, 1, …) and fails, describing the worlds, if any group is
     * pinned inside [1, k − 1]; first checks that every released figure states the world truly.
     */
    static void assertNoLeak(String name, int instances, IntFunction<Run> runs) {
        long groups = 0;
        List<String> failures = new ArrayList<>();
        for (int seed = 0; seed < instances; seed++) {
            Run run = runs.apply(seed);
            List<Leak> leaks = attack(seed, run);
            groups += run.groups().size();
            if (!leaks.isEmpty()) {
                failures.add("seed " + seed + ", k = " + run.k() + "\n" + run.world().describe()
                        + leaks.stream().limit(5).map(Leak::toString).collect(Collectors.joining("\n")));
            }
        }
        System.out.printf("%s: %d random releases, %d groups attacked%n", name, instances, groups);
        if (!failures.isEmpty()) {
            fail(name + ": leaks in " + failures.size() + " instances:\n" + String.join("\n\n", failures));
        }
    }

    /** How many of the runs leak, printing the first leak found; for the designs a test must reject. */
    static int leaking(String name, int instances, IntFunction<Run> runs) {
        int leaking = 0;
        Leak example = null;
        for (int seed = 0; seed < instances; seed++) {
            List<Leak> leaks = attack(seed, runs.apply(seed));
            if (!leaks.isEmpty()) {
                leaking++;
                example = example == null ? leaks.get(0) : example;
            }
        }
        System.out.printf("%s: leaks in %d of %d, e.g. %s%n", name, leaking, instances, example);
        return leaking;
    }

    private static List<Leak> attack(int seed, Run run) {
        for (Figure f : run.release()) {
            assertEquals(run.world().count(f.cells()), f.value(), "seed " + seed + ": the release misstates " + f);
        }
        return new Adversary(run.world().cellNames(), run.release(), run.k()).attack(run.groups());
    }

    /** The organisation, every unit's subtree and every unit alone, by label. */
    static Map<String, Set<String>> unitSets(World w) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        out.put("Org", w.subtree(LaminarRelease.ORGANISATION));
        for (String u : w.units) {
            out.put(u + "+", w.subtree(u));
            out.putIfAbsent(u, Set.of(u));
        }
        return out;
    }

    /**
     * Adds to {@code out}, for {@code pairs} random pairs of the {@code base} groups (nulls skipped), their
     * difference and intersection, and their union when {@code unions}.
     */
    static void combine(Map<BitSet, Group> out, List<Group> base, Random random, int pairs, boolean unions) {
        base.removeIf(g -> g == null);
        for (int i = 0; i < pairs && base.size() > 1; i++) {
            Group a = base.get(random.nextInt(base.size()));
            Group b = base.get(random.nextInt(base.size()));
            BitSet minus = (BitSet) a.cells().clone();
            minus.andNot(b.cells());
            BitSet and = (BitSet) a.cells().clone();
            and.and(b.cells());
            World.put(out, "(" + a.label() + ")∖(" + b.label() + ")", minus);
            World.put(out, "(" + a.label() + ")∩(" + b.label() + ")", and);
            if (unions) {
                BitSet or = (BitSet) a.cells().clone();
                or.or(b.cells());
                World.put(out, "(" + a.label() + ")∪(" + b.label() + ")", or);
            }
        }
    }

    /**
     * Every unit set × band set × answer set and each one's complement, then for {@code pairs} random
     * pairs of those their difference and intersection. Empty and repeated cell sets are dropped.
     */
    static List<Group> groups(World w, List<? extends Collection<String>> bandSets, List<Set<String>> answerSets,
            Random random, int pairs) {
        Map<BitSet, Group> out = new LinkedHashMap<>();
        List<Group> base = new ArrayList<>();
        for (Map.Entry<String, Set<String>> us : unitSets(w).entrySet()) {
            for (Collection<String> bands : bandSets) {
                for (Set<String> answers : answerSets) {
                    String label = us.getKey() + "×" + bands + "×" + answers;
                    BitSet cells = w.cells(us.getValue(), bands, answers);
                    BitSet complement = w.all();
                    complement.andNot(cells);
                    base.add(World.put(out, label, cells));
                    base.add(World.put(out, "Org∖(" + label + ")", complement));
                }
            }
        }
        combine(out, base, random, pairs, false);
        return List.copyOf(out.values());
    }
}
