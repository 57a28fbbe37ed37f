package org.candour.results;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The k-anonymous release of one question's answers over the reporting-unit tree, as a laminar
 * family (docs/privacy-thresholds.md has the rules and the proof). Pure Java: no CDI, no database.
 *
 * <p>From the whole organisation down, a unit is released when it has at least k respondents to the
 * question and the respondents of its parent left outside its released children are 0 or at least k
 * (smallest children are withheld until that holds). Each released unit's respondents not in a
 * released child form an <em>atom</em> (0 or at least k people). Within an atom an answer category's
 * count is released when it is 0 or at least k, and the other categories are merged into one
 * "other" count, which is itself made 0 or at least k by merging the smallest released category
 * too when needed. The release is exactly the list of {@link Block}s: disjoint sets of finest cells
 * (issuing unit × category) that together cover every cell of a released organisation, with their
 * counts, each 0 or at least k, saying nothing about how their people spread inside. Every figure shown about a unit is a sum of block counts.
 */
public final class LaminarRelease {

    /** The id used for the whole organisation, the root above every top-level unit. */
    public static final String ORGANISATION = "";

    private LaminarRelease() {
    }

    /** A reporting unit: {@code parentId} null for a top-level unit. */
    public record Unit(String id, String parentId, String name) {
        public Unit {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
        }
    }

    /** One respondent's answer to the question: the unit their pass was issued under, and the answer's category. */
    public record Answer(String unitId, String category) {
    }

    /**
     * A released count: how many respondents sit in these units (each with its whole subtree
     * excluded unless listed) and these categories. Nothing is released about how they spread inside.
     */
    public record Block(Set<String> units, Set<String> categories, int count) {
    }

    /**
     * What is shown for one unit (or the organisation, id {@link #ORGANISATION}).
     *
     * @param released whether the unit has figures at all (else "fewer than k", with no number)
     * @param respondents how many answered the question there, when released
     * @param categories the categories shown exactly, in the question's order, with their counts
     * @param other respondents in categories not shown exactly, or 0
     * @param merged the categories inside {@code other}
     */
    public record UnitFigures(String unitId, String name, String parentId, int depth, boolean released,
            int respondents, Map<String, Integer> categories, int other, List<String> merged) {
    }

    /** The release for one question. */
    public record Result(int k, List<String> categories, List<UnitFigures> units, List<Block> blocks) {

        /** The figures of one unit, or of the organisation for {@link #ORGANISATION}. */
        public UnitFigures unit(String unitId) {
            return units.stream().filter(u -> u.unitId().equals(unitId)).findFirst().orElseThrow();
        }
    }

    /**
     * Releases one question.
     *
     * @param tree every unit of the organisation (parents before or after children)
     * @param categories the question's answer categories in display order
     * @param answers one per respondent who answered the question; category among {@code categories}
     * @param k the survey's threshold, at least 1
     */
    public static Result release(List<Unit> tree, List<String> categories, List<Answer> answers, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1");
        }
        Map<String, Unit> units = byId(tree);
        int c = categories.size();
        Map<String, int[]> direct = new HashMap<>();
        for (Answer a : answers) {
            int j = categories.indexOf(a.category());
            if (j < 0 || !units.containsKey(a.unitId())) {
                throw new IllegalArgumentException("an answer names an unknown unit or category");
            }
            direct.computeIfAbsent(a.unitId(), x -> new int[c])[j]++;
        }
        return release(units, categories, direct, k);
    }

    /**
     * As {@link #release(List, List, List, int)}, from counts already made: for each unit, how many
     * of its own respondents (not its subtree's) are in each category, in {@code categories} order.
     */
    public static Result releaseCounts(List<Unit> tree, List<String> categories, Map<String, int[]> counts, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1");
        }
        Map<String, Unit> units = byId(tree);
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            if (!units.containsKey(e.getKey()) || e.getValue().length != categories.size()) {
                throw new IllegalArgumentException("counts name an unknown unit or have the wrong length");
            }
            for (int v : e.getValue()) {
                if (v < 0) {
                    throw new IllegalArgumentException("counts cannot be negative");
                }
            }
        }
        return release(units, categories, counts, k);
    }

    private static Map<String, Unit> byId(List<Unit> tree) {
        Map<String, Unit> units = new LinkedHashMap<>();
        for (Unit u : tree) {
            if (u.id().equals(ORGANISATION) || units.put(u.id(), u) != null) {
                throw new IllegalArgumentException("unit ids must be unique and non-empty");
            }
        }
        return units;
    }

    private static Result release(Map<String, Unit> units, List<String> categories, Map<String, int[]> direct, int k) {
        Map<String, List<String>> children = new HashMap<>();
        for (Unit u : units.values()) {
            String parent = u.parentId() == null || !units.containsKey(u.parentId()) ? ORGANISATION : u.parentId();
            children.computeIfAbsent(parent, p -> new ArrayList<>()).add(u.id());
        }
        children.values().forEach(l -> l.sort(Comparator.naturalOrder()));
        Builder b = new Builder(units, children, categories, direct, k);
        b.subtotal(ORGANISATION);
        b.walk(ORGANISATION, 0, b.total(ORGANISATION) >= k);
        return new Result(k, List.copyOf(categories), List.copyOf(b.figures), List.copyOf(b.blocks));
    }

    private static final class Builder {
        final Map<String, Unit> units;
        final Map<String, List<String>> children;
        final List<String> categories;
        final Map<String, int[]> direct;
        final int k;
        final Map<String, int[]> subtree = new HashMap<>();
        final List<UnitFigures> figures = new ArrayList<>();
        final List<Block> blocks = new ArrayList<>();
        /** Per released unit: the categories released exactly in every atom of its subtree, with sums. */
        final Map<String, int[]> exact = new HashMap<>();
        final Map<String, boolean[]> exactMask = new HashMap<>();

        Builder(Map<String, Unit> units, Map<String, List<String>> children, List<String> categories,
                Map<String, int[]> direct, int k) {
            this.units = units;
            this.children = children;
            this.categories = categories;
            this.direct = direct;
            this.k = k;
        }

        int[] subtotal(String id) {
            int[] sum = direct.getOrDefault(id, new int[categories.size()]).clone();
            for (String child : children.getOrDefault(id, List.of())) {
                int[] s = subtotal(child);
                for (int j = 0; j < sum.length; j++) {
                    sum[j] += s[j];
                }
            }
            subtree.put(id, sum);
            return sum;
        }

        int total(String id) {
            int n = 0;
            for (int v : subtree.get(id)) {
                n += v;
            }
            return n;
        }

        /** Records the unit's figures and, when released, its released children, its atom and its blocks. */
        void walk(String id, int depth, boolean released) {
            int index = figures.size();
            figures.add(null);
            List<String> kids = children.getOrDefault(id, List.of());
            if (!released) {
                figures.set(index, new UnitFigures(id, name(id), parent(id), depth, false, 0, Map.of(), 0, List.of()));
                for (String child : kids) {
                    walk(child, depth + 1, false);
                }
                return;
            }
            // Released children: at least k each, and what they leave of this unit 0 or at least k.
            List<String> chosen = new ArrayList<>(kids.stream().filter(ch -> total(ch) >= k).toList());
            int rest = total(id) - chosen.stream().mapToInt(this::total).sum();
            while (rest > 0 && rest < k) {
                String smallest = chosen.stream().min(Comparator.comparingInt(this::total)
                        .thenComparing(Comparator.<String>naturalOrder())).orElseThrow();
                chosen.remove(smallest);
                rest += total(smallest);
            }
            int[] sums = new int[categories.size()];
            boolean[] mask = new boolean[categories.size()];
            java.util.Arrays.fill(mask, true);
            for (String child : kids) {
                walk(child, depth + 1, chosen.contains(child));
                if (chosen.contains(child)) {
                    add(sums, mask, exact.get(child), exactMask.get(child));
                }
            }
            Set<String> region = new LinkedHashSet<>();
            if (!id.equals(LaminarRelease.ORGANISATION)) {
                region.add(id);
            }
            for (String child : kids) {
                if (!chosen.contains(child)) {
                    collect(child, region);
                }
            }
            if (rest == 0 && !region.isEmpty()) {
                // Nobody here outside the released children: say so, so the blocks cover every cell.
                for (String category : categories) {
                    blocks.add(new Block(Set.copyOf(region), Set.of(category), 0));
                }
            }
            if (rest > 0) {
                int[] atom = subtree.get(id).clone();
                for (String child : chosen) {
                    int[] s = subtree.get(child);
                    for (int j = 0; j < atom.length; j++) {
                        atom[j] -= s[j];
                    }
                }
                boolean[] atomMask = atom(region, atom);
                add(sums, mask, atom, atomMask);
            }
            exact.put(id, sums);
            exactMask.put(id, mask);
            Map<String, Integer> shown = new LinkedHashMap<>();
            List<String> merged = new ArrayList<>();
            int shownTotal = 0;
            for (int j = 0; j < categories.size(); j++) {
                if (mask[j]) {
                    shown.put(categories.get(j), sums[j]);
                    shownTotal += sums[j];
                } else {
                    merged.add(categories.get(j));
                }
            }
            figures.set(index, new UnitFigures(id, name(id), parent(id), depth, true, total(id), shown,
                    total(id) - shownTotal, merged));
        }

        /** Splits an atom by category: blocks of 0 or at least k, returning which categories are exact. */
        boolean[] atom(Set<String> region, int[] counts) {
            boolean[] exactly = new boolean[counts.length];
            int small = 0;
            for (int j = 0; j < counts.length; j++) {
                exactly[j] = counts[j] == 0 || counts[j] >= k;
                small += exactly[j] ? 0 : counts[j];
            }
            if (small > 0 && small < k) {
                int smallest = -1;
                for (int j = 0; j < counts.length; j++) {
                    if (exactly[j] && counts[j] > 0 && (smallest < 0 || counts[j] < counts[smallest])) {
                        smallest = j;
                    }
                }
                if (smallest >= 0) {
                    exactly[smallest] = false;
                    small += counts[smallest];
                }
            }
            Set<String> other = new LinkedHashSet<>();
            for (int j = 0; j < counts.length; j++) {
                if (exactly[j]) {
                    blocks.add(new Block(Set.copyOf(region), Set.of(categories.get(j)), counts[j]));
                } else {
                    other.add(categories.get(j));
                }
            }
            if (!other.isEmpty()) {
                blocks.add(new Block(Set.copyOf(region), Set.copyOf(other), small));
            }
            return exactly;
        }

        void collect(String id, Set<String> into) {
            into.add(id);
            for (String child : children.getOrDefault(id, List.of())) {
                collect(child, into);
            }
        }

        static void add(int[] sums, boolean[] mask, int[] counts, boolean[] exactly) {
            for (int j = 0; j < sums.length; j++) {
                sums[j] += counts[j];
                mask[j] &= exactly[j];
            }
        }

        String name(String id) {
            return id.equals(LaminarRelease.ORGANISATION) ? "Whole organisation" : units.get(id).name();
        }

        String parent(String id) {
            if (id.equals(LaminarRelease.ORGANISATION)) {
                return null;
            }
            String p = units.get(id).parentId();
            return p == null || !units.containsKey(p) ? LaminarRelease.ORGANISATION : p;
        }
    }
}
