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
     * excluded unless listed), these bands of the breakdown demographics (empty: every band, as in a
     * release without one; with several demographics a band is their values joined by "/", as
     * {@link #band(List)} makes it) and these categories. Nothing is released about how they spread inside.
     */
    public record Block(Set<String> units, Set<String> bands, Set<String> categories, int count) {

        /** A block of a release without a breakdown: every band. */
        public Block(Set<String> units, Set<String> categories, int count) {
            this(units, Set.of(), categories, count);
        }
    }

    /**
     * One row of a unit's breakdown by one of the demographics it is broken down by ({@code level}, its
     * place in the chain): a band shown on its own ({@code band} its id), or every other band of that
     * demographic together ({@code band} null, {@code bands} listing them). The counts follow the same
     * rules as {@link UnitFigures}.
     */
    public record BandFigures(int level, String band, List<String> bands, int respondents,
            Map<String, Integer> categories, int other, List<String> merged) {
    }

    /**
     * What is shown for one unit (or the organisation, id {@link #ORGANISATION}).
     *
     * @param released whether the unit has figures at all (else "fewer than k", with no number)
     * @param respondents how many answered the question there, when released
     * @param categories the categories shown exactly, in the question's order, with their counts
     * @param other respondents in categories not shown exactly, or 0
     * @param merged the categories inside {@code other}
     * @param bands the unit's breakdown by band, demographic by demographic (empty in a release without a
     *     breakdown, or when not released)
     */
    public record UnitFigures(String unitId, String name, String parentId, int depth, boolean released,
            int respondents, Map<String, Integer> categories, int other, List<String> merged,
            List<BandFigures> bands) {
    }

    /**
     * The release for one question. {@code levels} are the categories of each demographic it is broken
     * down by, outermost first (empty without a breakdown); {@code bands} every combination of them, as
     * {@link #band(List)} names it, in the order counts are given. {@code blocks} are disjoint and cover
     * every respondent (the atoms' blocks). {@code headline} is empty from {@link LaminarRelease}; from
     * {@link HeadlineRelease} it is the organisation's partition of the categories, again disjoint and
     * covering every respondent, but crossing {@code blocks}: never add the two lists together.
     */
    public record Result(int k, List<List<String>> levels, List<String> bands, List<String> categories,
            List<UnitFigures> units, List<Block> blocks, List<Block> headline) {

        /** A release without headline figures. */
        public Result(int k, List<List<String>> levels, List<String> bands, List<String> categories,
                List<UnitFigures> units, List<Block> blocks) {
            this(k, levels, bands, categories, units, blocks, List.of());
        }

        /** The figures of one unit, or of the organisation for {@link #ORGANISATION}. */
        public UnitFigures unit(String unitId) {
            return units.stream().filter(u -> u.unitId().equals(unitId)).findFirst().orElseThrow();
        }
    }

    /**
     * Releases one question.
     *
     * @param tree every unit of the organisation (parents before or after children); a unit whose parent
     *     is not in it, or whose parents form a cycle, is refused (IllegalArgumentException naming it), never dropped
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
        Map<String, int[][]> direct = new HashMap<>();
        for (Answer a : answers) {
            int j = categories.indexOf(a.category());
            if (j < 0 || !units.containsKey(a.unitId())) {
                throw new IllegalArgumentException("an answer names an unknown unit or category");
            }
            direct.computeIfAbsent(a.unitId(), x -> new int[1][c])[0][j]++;
        }
        return release(units, List.of(), categories, direct, k);
    }

    /**
     * As {@link #release(List, List, List, int)}, from counts already made: for each unit, how many
     * of its own respondents (not its subtree's) are in each category, in {@code categories} order.
     */
    public static Result releaseCounts(List<Unit> tree, List<String> categories, Map<String, int[]> counts, int k) {
        Map<String, int[][]> banded = new HashMap<>();
        counts.forEach((unit, v) -> banded.put(unit, new int[][] {v}));
        return release(tree, List.<List<String>>of(), categories, banded, k);
    }

    /**
     * The release of one question broken down by one demographic: {@link #releaseNested} with one level.
     *
     * @param bands the breakdown demographic's categories (its options and "no answer"), at least two
     * @param counts per unit, its own respondents per band (outer, {@code bands} order) and category
     */
    public static Result releaseBanded(List<Unit> tree, List<String> bands, List<String> categories,
            Map<String, int[][]> counts, int k) {
        return releaseNested(tree, List.of(bands), categories, counts, k);
    }

    /**
     * The release of one question broken down by a chain of demographics: within each atom, first the
     * first demographic's own split (its categories, by the same rule as its own release, so the same
     * blocks), then each of those parts by the second demographic exactly as the second's release
     * (itself broken down by the first) splits it, and so on; last, each innermost part by this
     * question's categories. Every block is nested in one of the innermost demographic's blocks
     * (docs/privacy-thresholds.md, "Breakdown by demographics").
     *
     * @param levels each demographic's categories (its options and "no answer"), outermost first; each
     *     at least two, none containing "/"
     * @param counts per unit, its own respondents per band and category; bands are every combination
     *     of the levels' categories, the last level varying fastest (as {@link Result#bands()} lists them)
     */
    public static Result releaseNested(List<Unit> tree, List<List<String>> levels, List<String> categories,
            Map<String, int[][]> counts, int k) {
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("a breakdown needs at least one demographic");
        }
        for (List<String> level : levels) {
            if (level.size() < 2 || level.stream().anyMatch(b -> b.contains("/")) || Set.copyOf(level).size() != level.size()) {
                throw new IllegalArgumentException("a breakdown needs at least two distinct bands per demographic, "
                        + "none containing '/'");
            }
        }
        return release(tree, levels, categories, counts, k);
    }

    /** The band of one combination of the demographics' values, outermost first: the values joined by "/". */
    public static String band(List<String> values) {
        return String.join("/", values);
    }

    /** Every combination of the levels' values, as {@link #band(List)} names them, the last level varying fastest. */
    static List<String> bands(List<List<String>> levels) {
        List<String> out = new ArrayList<>();
        if (levels.isEmpty()) {
            return out;
        }
        out.add("");
        for (int l = 0; l < levels.size(); l++) {
            List<String> next = new ArrayList<>();
            for (String prefix : out) {
                for (String v : levels.get(l)) {
                    next.add(l == 0 ? v : prefix + "/" + v);
                }
            }
            out = next;
        }
        return out;
    }

    private static Result release(List<Unit> tree, List<List<String>> levels, List<String> categories,
            Map<String, int[][]> counts, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1");
        }
        Map<String, Unit> units = byId(tree);
        int rows = Math.max(1, bands(levels).size());
        for (Map.Entry<String, int[][]> e : counts.entrySet()) {
            if (!units.containsKey(e.getKey()) || e.getValue().length != rows) {
                throw new IllegalArgumentException("counts name an unknown unit or have the wrong length");
            }
            for (int[] row : e.getValue()) {
                if (row.length != categories.size()) {
                    throw new IllegalArgumentException("counts name an unknown unit or have the wrong length");
                }
                for (int v : row) {
                    if (v < 0) {
                        throw new IllegalArgumentException("counts cannot be negative");
                    }
                }
            }
        }
        return release(units, levels, categories, counts, k);
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

    private static Result release(Map<String, Unit> units, List<List<String>> levels, List<String> categories,
            Map<String, int[][]> direct, int k) {
        Map<String, List<String>> children = new HashMap<>();
        for (Unit u : units.values()) {
            if (u.parentId() != null && !units.containsKey(u.parentId())) {
                // Never re-parent or drop a unit quietly: its respondents would move or vanish.
                throw new IllegalArgumentException("unit " + u.id() + " names parent " + u.parentId()
                        + ", which is not in the tree");
            }
            String parent = u.parentId() == null ? ORGANISATION : u.parentId();
            children.computeIfAbsent(parent, p -> new ArrayList<>()).add(u.id());
        }
        children.values().forEach(l -> l.sort(Comparator.naturalOrder()));
        Set<String> reached = new java.util.HashSet<>();
        List<String> stack = new ArrayList<>(List.of(ORGANISATION));
        while (!stack.isEmpty()) {
            for (String child : children.getOrDefault(stack.remove(stack.size() - 1), List.of())) {
                if (reached.add(child)) {
                    stack.add(child);
                }
            }
        }
        for (String id : units.keySet()) {
            if (!reached.contains(id)) {
                throw new IllegalArgumentException("unit " + id + " is not under the organisation: its parents form a cycle");
            }
        }
        Builder b = new Builder(units, children, levels, categories, direct, k);
        b.subtotal(ORGANISATION);
        b.walk(ORGANISATION, 0, b.total(ORGANISATION) >= k);
        return new Result(k, levels.stream().map(List::copyOf).toList(), List.copyOf(b.bands), List.copyOf(categories),
                List.copyOf(b.figures), List.copyOf(b.blocks));
    }

    /**
     * The part of an atom inside one block of the innermost breakdown demographic (the whole atom
     * without one): for each demographic, the values it covers ({@code sets}); its count per category;
     * and which categories it releases exactly.
     */
    private record Part(List<Set<String>> sets, int[] counts, boolean[] exact) {
        int total() {
            return java.util.Arrays.stream(counts).sum();
        }
    }

    private static final class Builder {
        final Map<String, Unit> units;
        final Map<String, List<String>> children;
        final List<List<String>> levels;
        final List<String> bands;
        /** For each band (by index), the index of its value at each level. */
        final int[][] valueIndex;
        /** Per combination of level sets (the same few recur in every atom): which bands, and their names. */
        final Map<List<Set<String>>, boolean[]> withinCache = new HashMap<>();
        final Map<List<Set<String>>, Set<String>> bandSetCache = new HashMap<>();
        /** Each category alone, as a block names it. */
        final List<Set<String>> singletons;
        final List<String> categories;
        final Map<String, int[][]> direct;
        final int k;
        final int rows;
        final Map<String, int[][]> subtree = new HashMap<>();
        final List<UnitFigures> figures = new ArrayList<>();
        final List<Block> blocks = new ArrayList<>();
        /** Per released unit: the parts of every atom in its subtree. */
        final Map<String, List<Part>> parts = new HashMap<>();

        Builder(Map<String, Unit> units, Map<String, List<String>> children, List<List<String>> levels,
                List<String> categories, Map<String, int[][]> direct, int k) {
            this.units = units;
            this.children = children;
            this.levels = levels;
            this.bands = bands(levels);
            this.valueIndex = new int[bands.size()][levels.size()];
            for (int b = 0; b < bands.size(); b++) {
                String[] values = bands.get(b).split("/", -1);
                for (int l = 0; l < levels.size(); l++) {
                    valueIndex[b][l] = levels.get(l).indexOf(values[l]);
                }
            }
            this.singletons = categories.stream().map(Set::of).toList();
            this.categories = categories;
            this.direct = direct;
            this.k = k;
            this.rows = Math.max(1, bands.size());
        }

        int[][] subtotal(String id) {
            int[][] sum = new int[rows][categories.size()];
            add(sum, direct.get(id), 1);
            for (String child : children.getOrDefault(id, List.of())) {
                add(sum, subtotal(child), 1);
            }
            subtree.put(id, sum);
            return sum;
        }

        static void add(int[][] into, int[][] counts, int sign) {
            if (counts == null) {
                return;
            }
            for (int b = 0; b < into.length; b++) {
                for (int j = 0; j < into[b].length; j++) {
                    into[b][j] += sign * counts[b][j];
                }
            }
        }

        int total(String id) {
            int n = 0;
            for (int[] row : subtree.get(id)) {
                for (int v : row) {
                    n += v;
                }
            }
            return n;
        }

        /** Records the unit's figures and, when released, its released children, its atom and its blocks. */
        void walk(String id, int depth, boolean released) {
            int index = figures.size();
            figures.add(null);
            List<String> kids = children.getOrDefault(id, List.of());
            if (!released) {
                figures.set(index, new UnitFigures(id, name(id), parent(id), depth, false, 0, Map.of(), 0, List.of(),
                        List.of()));
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
            List<Part> below = new ArrayList<>();
            for (String child : kids) {
                walk(child, depth + 1, chosen.contains(child));
                if (chosen.contains(child)) {
                    below.addAll(parts.get(child));
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
                int[][] atom = new int[rows][categories.size()];
                add(atom, subtree.get(id), 1);
                for (String child : chosen) {
                    add(atom, subtree.get(child), -1);
                }
                below.addAll(atom(Set.copyOf(region), atom));
            }
            parts.put(id, below);
            Figures all = figures(below);
            List<BandFigures> byBand = new ArrayList<>();
            for (int l = 0; l < levels.size(); l++) {
                // A band has a row of its own when every part with people that holds it holds it alone.
                int level = l;
                List<String> values = levels.get(l);
                Set<String> own = new LinkedHashSet<>(values);
                for (Part p : below) {
                    if (p.total() > 0 && p.sets().get(level).size() > 1) {
                        own.removeAll(p.sets().get(level));
                    }
                }
                // One pass: each part goes to its band's own row, or to the row of the other bands.
                Map<String, List<Part>> rowsOf = new LinkedHashMap<>();
                own.forEach(band -> rowsOf.put(band, new ArrayList<>()));
                List<Part> others = new ArrayList<>();
                for (Part p : below) {
                    Set<String> set = p.sets().get(level);
                    List<Part> row = set.size() == 1 ? rowsOf.get(set.iterator().next()) : null;
                    (row != null ? row : others).add(p);
                }
                for (Map.Entry<String, List<Part>> e : rowsOf.entrySet()) {
                    Figures f = figures(e.getValue());
                    byBand.add(new BandFigures(level, e.getKey(), List.of(e.getKey()), f.respondents, f.shown, f.other,
                            f.merged));
                }
                if (others.stream().anyMatch(p -> p.total() > 0)) {
                    Figures f = figures(others);
                    byBand.add(new BandFigures(level, null, values.stream().filter(b -> !own.contains(b)).toList(),
                            f.respondents, f.shown, f.other, f.merged));
                }
            }
            figures.set(index, new UnitFigures(id, name(id), parent(id), depth, true, total(id), all.shown,
                    all.other, all.merged, List.copyOf(byBand)));
        }

        record Figures(int respondents, Map<String, Integer> shown, int other, List<String> merged) {
        }

        /** What the union of these parts shows: a category exactly when every part releases it exactly. */
        Figures figures(List<Part> of) {
            int[] sums = new int[categories.size()];
            boolean[] mask = new boolean[categories.size()];
            java.util.Arrays.fill(mask, true);
            int respondents = 0;
            for (Part p : of) {
                for (int j = 0; j < sums.length; j++) {
                    sums[j] += p.counts()[j];
                    mask[j] &= p.exact()[j];
                }
                respondents += p.total();
            }
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
            return new Figures(respondents, shown, respondents - shownTotal, merged);
        }

        /**
         * Splits an atom: by each breakdown demographic in turn when there are any, then each innermost
         * part by category, into blocks of 0 or at least k.
         */
        List<Part> atom(Set<String> region, int[][] counts) {
            List<Part> out = new ArrayList<>();
            if (levels.isEmpty()) {
                out.add(part(region, List.of(), counts[0]));
                return out;
            }
            split(region, counts, new ArrayList<>(), out);
            return out;
        }

        /**
         * Splits the part of an atom whose values at the levels before this one are {@code sets} by the
         * next level's values, as that demographic's own release does (the atom rule on its totals), and
         * recurses; a part with nobody in it is not split further.
         */
        void split(Set<String> region, int[][] counts, List<Set<String>> sets, List<Part> out) {
            int level = sets.size();
            if (level == levels.size() || people(counts, sets) == 0) {
                List<Set<String>> all = new ArrayList<>(sets);
                for (int l = level; l < levels.size(); l++) {
                    all.add(Set.copyOf(levels.get(l)));
                }
                out.add(part(region, all, sum(counts, all)));
                return;
            }
            List<String> values = levels.get(level);
            int[] totals = new int[values.size()];
            for (int v = 0; v < totals.length; v++) {
                totals[v] = people(counts, with(sets, Set.of(values.get(v))));
            }
            boolean[] own = split(totals);
            Set<String> rest = new LinkedHashSet<>();
            for (int v = 0; v < totals.length; v++) {
                if (own[v]) {
                    split(region, counts, with(sets, Set.of(values.get(v))), out);
                } else {
                    rest.add(values.get(v));
                }
            }
            if (!rest.isEmpty()) {
                split(region, counts, with(sets, Set.copyOf(rest)), out);
            }
        }

        /** The level sets so far, and one more for the next level. */
        static List<Set<String>> with(List<Set<String>> sets, Set<String> next) {
            List<Set<String>> out = new ArrayList<>(sets);
            out.add(next);
            return List.copyOf(out);
        }

        /** Which bands (by index) have, at each of the first {@code sets.size()} levels, a value in the set. */
        boolean[] within(List<Set<String>> sets) {
            return withinCache.computeIfAbsent(List.copyOf(sets), this::withinUncached);
        }

        private boolean[] withinUncached(List<Set<String>> sets) {
            boolean[][] allowed = new boolean[sets.size()][];
            for (int l = 0; l < sets.size(); l++) {
                allowed[l] = new boolean[levels.get(l).size()];
                for (int v = 0; v < allowed[l].length; v++) {
                    allowed[l][v] = sets.get(l).contains(levels.get(l).get(v));
                }
            }
            boolean[] out = new boolean[rows];
            for (int b = 0; b < rows; b++) {
                boolean in = true;
                for (int l = 0; l < allowed.length && in; l++) {
                    in = allowed[l][valueIndex[b][l]];
                }
                out[b] = in;
            }
            return out;
        }

        /** The counts per category of the bands within {@code sets}. */
        int[] sum(int[][] counts, List<Set<String>> sets) {
            int[] out = new int[categories.size()];
            boolean[] in = within(sets);
            for (int b = 0; b < rows; b++) {
                if (in[b]) {
                    for (int j = 0; j < out.length; j++) {
                        out[j] += counts[b][j];
                    }
                }
            }
            return out;
        }

        /** How many people are in the bands within {@code sets}. */
        int people(int[][] counts, List<Set<String>> sets) {
            return java.util.Arrays.stream(sum(counts, sets)).sum();
        }

        /** One innermost part of an atom split by category, its blocks recorded. */
        Part part(Set<String> region, List<Set<String>> sets, int[] counts) {
            Set<String> bandSet = sets.isEmpty() ? Set.of() : bandSetCache.computeIfAbsent(List.copyOf(sets), key -> {
                boolean[] in = within(key);
                Set<String> names = new LinkedHashSet<>();
                for (int b = 0; b < rows; b++) {
                    if (in[b]) {
                        names.add(bands.get(b));
                    }
                }
                return Set.copyOf(names);
            });
            boolean[] exactly = split(counts);
            Set<String> other = new LinkedHashSet<>();
            int small = 0;
            for (int j = 0; j < counts.length; j++) {
                if (exactly[j]) {
                    blocks.add(new Block(region, bandSet, singletons.get(j), counts[j]));
                } else {
                    other.add(categories.get(j));
                    small += counts[j];
                }
            }
            if (!other.isEmpty()) {
                blocks.add(new Block(region, bandSet, Set.copyOf(other), small));
            }
            return new Part(List.copyOf(sets), counts.clone(), exactly);
        }

        /** The atom rule ({@link LaminarRelease#exactly}) at this release's k. */
        boolean[] split(int[] counts) {
            return exactly(counts, k);
        }

        void collect(String id, Set<String> into) {
            into.add(id);
            for (String child : children.getOrDefault(id, List.of())) {
                collect(child, into);
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

    /**
     * Rule 4 on one vector of counts: which entries are released exactly (0 or at least k), the others
     * merged into a rest that is 0 or at least k (the smallest exact non-zero entry joins a rest of 1 to
     * k − 1).
     */
    public static boolean[] exactly(int[] counts, int k) {
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
            }
        }
        return exactly;
    }
}
