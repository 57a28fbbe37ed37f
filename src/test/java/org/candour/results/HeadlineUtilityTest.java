package org.candour.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.candour.results.LaminarRelease.Block;
import org.candour.results.LaminarRelease.Result;
import org.candour.results.LaminarRelease.Unit;
import org.junit.jupiter.api.Test;

/**
 * What the headline release shows, against LaminarRelease, on generated organisations (printed; the
 * figures are in docs/performance.md, "Results utility"). Per organisation, k and question: the share of
 * respondents whose answer the organisation's row shows in its own category, before and after; the same
 * for the regions' rows (the second level), against what rule 4 on each region's own totals would show;
 * and the share whose answer their atom's blocks show on its own (the finest level), before and after.
 * "Before" is LaminarRelease, and for the second level and the atoms also HeadlineRelease without the
 * regions' own categories.
 */
class HeadlineUtilityTest {

    /** An organisation's shape: regions × middle units × teams per middle unit (at least 1 each). */
    record Shape(String name, int regions, int middles, int minTeams, int maxTeams) {
    }

    static final List<Shape> SHAPES = List.of(new Shape("demo-like (8 teams)", 1, 1, 8, 8),
            new Shape("40 teams", 2, 4, 4, 6), new Shape("~180 teams", 4, 8, 4, 7), new Shape("~440 teams", 5, 10, 8, 10));

    @Test
    void headlineFiguresShowTheOrganisationOptimumOnEveryQuestion() {
        System.out.println("organisation | k | respondents | org level before → after (optimum; fewest on one question)"
                + " | second level LaminarRelease → HeadlineRelease without regions' own → with (optimum) | atoms' own"
                + " categories, the same three | atoms with blocks joined | non-zero figures before → after"
                + " | ms LaminarRelease, HeadlineRelease (one run)");
        for (Shape shape : SHAPES) {
            for (int k : new int[] {5, 10}) {
                Random random = new Random(shape.name().hashCode() * 31L + k);
                List<Unit> tree = tree(shape, random);
                List<String> teams = tree.stream().map(Unit::id).filter(id -> id.contains("t")).toList();
                int[] size = new int[teams.size()];
                for (int t = 0; t < size.length; t++) {
                    int invited = shape.regions() == 1 && shape.middles() == 1 ? 12
                            : random.nextInt(10) < 7 ? 3 + random.nextInt(10) : 13 + random.nextInt(28);
                    size[t] = (int) Math.round(invited * (0.5 + 0.4 * random.nextDouble()));
                }
                double[] before = new double[3];
                double[] after = new double[3];
                double[] previous = new double[3]; // HeadlineRelease without regions' figures of their own
                double regionOptimum = 0;
                double worst = 100;
                int people = 0;
                int joined = 0;
                long[] nanos = new long[2];
                int atoms = 0;
                int[] figures = new int[2];
                for (int q = 0; q < 6; q++) {
                    int c = 3 + random.nextInt(3);
                    List<String> categories = new ArrayList<>();
                    for (int j = 0; j < c; j++) {
                        categories.add("c" + j);
                    }
                    categories.add("no answer");
                    Map<String, int[]> counts = answers(random, teams, size, c);
                    long started = System.nanoTime();
                    Result laminar = LaminarRelease.releaseCounts(tree, categories, counts, k);
                    long between = System.nanoTime();
                    Result headline = HeadlineRelease.release(tree, categories, counts, k);
                    nanos[0] += between - started;
                    nanos[1] += System.nanoTime() - between;
                    Result old = HeadlineRelease.release(tree, categories, counts, k, false);
                    previous[1] += alone(old.blocks());
                    previous[2] += secondLevel(old, tree);
                    regionOptimum += secondLevelOptimum(laminar, tree, counts, c + 1, k);
                    assertTrue(secondLevel(headline, tree) <= secondLevelOptimum(laminar, tree, counts, c + 1, k));
                    int n = headline.unit(LaminarRelease.ORGANISATION).respondents();
                    people += n;
                    before[0] += shown(laminar.unit(LaminarRelease.ORGANISATION).categories());
                    after[0] += shown(headline.unit(LaminarRelease.ORGANISATION).categories());
                    figures[0] += nonZero(laminar);
                    figures[1] += nonZero(headline);
                    before[1] += alone(laminar.blocks());
                    after[1] += alone(headline.blocks());
                    before[2] += secondLevel(laminar, tree);
                    after[2] += secondLevel(headline, tree);
                    worst = Math.min(worst, 100.0 * shown(headline.unit(LaminarRelease.ORGANISATION).categories()) / n);
                    assertEquals(optimum(counts, c + 1, k), shown(headline.unit(LaminarRelease.ORGANISATION).categories()));
                    assertTrue(shown(headline.unit(LaminarRelease.ORGANISATION).categories())
                            >= shown(laminar.unit(LaminarRelease.ORGANISATION).categories()));
                    List<java.util.Set<String>> regions = laminar.blocks().stream().map(Block::units).distinct().toList();
                    atoms += regions.size();
                    joined += (int) regions.stream().filter(r -> laminar.blocks().stream().filter(b -> b.units().equals(r))
                            .count() > headline.blocks().stream().filter(b -> b.units().equals(r)).count()).count();
                }
                System.out.printf("%s (%d units) | %d | %d over 6 questions | %.0f%% → %.0f%% (fewest: %.0f%%)"
                        + " | %.0f%% → %.0f%% → %.0f%% (optimum %.0f%%) | %.0f%% → %.0f%% → %.0f%% | %d of %d | %d → %d | %d, %d%n",
                        shape.name(), tree.size(), k, people, 100 * before[0] / people, 100 * after[0] / people, worst,
                        100 * before[2] / people, 100 * previous[2] / people, 100 * after[2] / people,
                        100 * regionOptimum / people, 100 * before[1] / people, 100 * previous[1] / people,
                        100 * after[1] / people, joined, atoms,
                        figures[0], figures[1], nanos[0] / 1_000_000, nanos[1] / 1_000_000);
            }
        }
    }

    /** Non-zero figures a release shows: each released unit's respondents, categories shown and merged rest. */
    static int nonZero(Result r) {
        int n = 0;
        for (LaminarRelease.UnitFigures u : r.units()) {
            if (u.released()) {
                n += (u.respondents() > 0 ? 1 : 0) + (u.other() > 0 ? 1 : 0)
                        + (int) u.categories().values().stream().filter(v -> v > 0).count();
            }
        }
        return n;
    }

    /** Respondents whose answer the top-level units below the organisation (the regions) show on its own. */
    static int secondLevel(Result r, List<Unit> tree) {
        return tree.stream().filter(u -> u.parentId() == null).map(u -> r.unit(u.id()))
                .filter(LaminarRelease.UnitFigures::released).mapToInt(f -> shown(f.categories())).sum();
    }

    /** What rule 4 on each released region's own totals would show (the most its row can show). */
    static int secondLevelOptimum(Result r, List<Unit> tree, Map<String, int[]> counts, int c, int k) {
        int n = 0;
        for (Unit region : tree.stream().filter(u -> u.parentId() == null).toList()) {
            if (!r.unit(region.id()).released()) {
                continue;
            }
            Map<String, int[]> inside = new HashMap<>();
            counts.forEach((unit, v) -> {
                if (unit.startsWith(region.id() + "m")) {
                    inside.put(unit, v);
                }
            });
            n += optimum(inside, c, k);
        }
        return n;
    }

    /** Respondents shown in a category of their own. */
    static int shown(Map<String, Integer> categories) {
        return categories.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Respondents in blocks of one category. */
    static int alone(List<Block> blocks) {
        return blocks.stream().filter(b -> b.categories().size() == 1).mapToInt(Block::count).sum();
    }

    /** What rule 4 on the organisation's totals alone shows. */
    static int optimum(Map<String, int[]> counts, int c, int k) {
        int[] total = new int[c];
        counts.values().forEach(v -> {
            for (int j = 0; j < c; j++) {
                total[j] += v[j];
            }
        });
        boolean[] exact = LaminarRelease.exactly(total, k);
        int n = 0;
        for (int j = 0; j < c; j++) {
            n += exact[j] ? total[j] : 0;
        }
        return n;
    }

    static List<Unit> tree(Shape shape, Random random) {
        List<Unit> tree = new ArrayList<>();
        for (int r = 0; r < shape.regions(); r++) {
            String region = "r" + r;
            tree.add(new Unit(region, null, region));
            for (int m = 0; m < shape.middles(); m++) {
                String middle = region + "m" + m;
                tree.add(new Unit(middle, region, middle));
                int teams = shape.minTeams() + random.nextInt(shape.maxTeams() - shape.minTeams() + 1);
                for (int t = 0; t < teams; t++) {
                    tree.add(new Unit(middle + "t" + t, middle, middle + "t" + t));
                }
            }
        }
        return tree;
    }

    /**
     * Each team's respondents: 10–25% skip the question (the last category), the rest answer by the
     * question's organisation-wide lean, each team leaning its own way from it.
     */
    static Map<String, int[]> answers(Random random, List<String> teams, int[] size, int c) {
        double[] lean = HeadlineAttackTest.lean(random, null, c);
        double skip = 0.10 + 0.15 * random.nextDouble();
        Map<String, int[]> out = new HashMap<>();
        for (int t = 0; t < teams.size(); t++) {
            double[] own = HeadlineAttackTest.lean(random, lean, c);
            int[] v = new int[c + 1];
            for (int p = 0; p < size[t]; p++) {
                v[random.nextDouble() < skip ? c : HeadlineAttackTest.draw(random, own)]++;
            }
            out.put(teams.get(t), v);
        }
        return out;
    }
}
