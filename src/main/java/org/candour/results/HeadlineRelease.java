package org.candour.results;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.candour.results.LaminarRelease.Block;
import org.candour.results.LaminarRelease.Result;
import org.candour.results.LaminarRelease.Unit;
import org.candour.results.LaminarRelease.UnitFigures;

/**
 * The release of one question without a breakdown with the organisation's headline figures: every
 * category that at least k people chose org-wide shown on its own at organisation level, beside
 * {@link LaminarRelease}'s blocks per atom (docs/privacy-thresholds.md, "Headline figures"). Pure Java.
 *
 * <p>The released figures are the atoms' blocks (rule 4 inside each atom) and the organisation's
 * partition of the categories (rule 4 on the organisation's totals). The two families cross, so the
 * union is audited: for every pair of a block and a part of the organisation's partition that share a
 * category, the most people any whole-number table consistent with both can put there must be 0 or at
 * least k. Where it is not, one block that holds it down (a row on the source side of a minimum cut,
 * of the smallest such atom) is joined to another block of its atom, and the audit goes on; joining
 * removes figures, which only widens the consistent tables, so edges already passed stay passed. At
 * worst every atom shows only its total, which always passes.
 */
public final class HeadlineRelease {

    private HeadlineRelease() {
    }

    /**
     * Releases one question with headline figures.
     *
     * @param counts per unit, its own respondents (not its subtree's) per category, in {@code categories}
     *     order, as {@link LaminarRelease#releaseCounts} takes them
     * @return the atoms' blocks in {@link Result#blocks()} (where the audit joined blocks, an atom has
     *     fewer, down to one: its total), the organisation's partition in {@link Result#headline()}, and
     *     each unit's figures: the organisation's from its partition, every other unit's from the blocks
     *     below it as in {@link LaminarRelease}; {@link LaminarRelease}'s release unchanged when the
     *     organisation is not released or its partition has more than 64 parts
     */
    public static Result release(List<Unit> tree, List<String> categories, Map<String, int[]> counts, int k) {
        Result base = LaminarRelease.releaseCounts(tree, categories, counts, k);
        UnitFigures org = base.unit(LaminarRelease.ORGANISATION);
        if (!org.released()) {
            return base;
        }
        int c = categories.size();
        // The atoms, in the order their blocks come; each with its true counts per category.
        Map<Set<String>, boolean[]> exactness = new LinkedHashMap<>();
        Map<Set<String>, Atom> atoms = new LinkedHashMap<>();
        for (Block b : base.blocks()) {
            exactness.computeIfAbsent(b.units(), region -> new boolean[c]);
            if (b.categories().size() == 1) {
                exactness.get(b.units())[categories.indexOf(b.categories().iterator().next())] = true;
            }
        }
        exactness.forEach((region, exact) -> atoms.put(region, Atom.of(region, sum(region, counts, c), exact)));
        int[] total = new int[c];
        atoms.values().forEach(a -> add(total, a.counts()));
        boolean[] orgExact = LaminarRelease.exactly(total, k);
        int parts = 0;
        boolean rest = false;
        for (int j = 0; j < c; j++) {
            parts += orgExact[j] ? 1 : 0;
            rest |= !orgExact[j];
        }
        if (parts + (rest ? 1 : 0) > Long.SIZE) {
            return base; // the audit keeps a set of parts in one long: more parts keep LaminarRelease's figures
        }
        List<Atom> audited = new Audit(List.copyOf(atoms.values()), orgExact, k).run();

        List<Block> blocks = new ArrayList<>();
        for (Atom a : audited) {
            blocks.addAll(a.blocks(categories));
        }
        Set<String> everyUnit = new LinkedHashSet<>();
        tree.forEach(u -> everyUnit.add(u.id()));
        Atom whole = Atom.of(Set.copyOf(everyUnit), total, orgExact);
        List<Block> headline = whole.blocks(categories);

        Map<String, Set<String>> subtree = subtrees(tree);
        List<UnitFigures> units = new ArrayList<>();
        for (UnitFigures u : base.units()) {
            if (!u.released()) {
                units.add(u);
                continue;
            }
            List<Atom> below = u.unitId().equals(LaminarRelease.ORGANISATION) ? List.of(whole)
                    : audited.stream().filter(a -> subtree.get(u.unitId()).containsAll(a.region())).toList();
            units.add(figures(u, below, categories));
        }
        return new Result(k, List.of(), List.of(), List.copyOf(categories), List.copyOf(units), List.copyOf(blocks),
                headline);
    }

    /**
     * An atom (or the whole organisation): the units it covers, its respondents per category, and its
     * partition of the categories into blocks ({@code part[j]} names category j's block: a category is
     * shown exactly when no other shares its block).
     */
    record Atom(Set<String> region, int[] counts, int[] part) {
        /** An atom with rule 4's blocks: each exact category alone, the others together. */
        static Atom of(Set<String> region, int[] counts, boolean[] exact) {
            int[] part = new int[counts.length];
            for (int j = 0; j < part.length; j++) {
                part[j] = exact[j] ? j : -1;
            }
            return new Atom(region, counts, part);
        }

        int total() {
            return Arrays.stream(counts).sum();
        }

        boolean exact(int j) {
            for (int i = 0; i < part.length; i++) {
                if (i != j && part[i] == part[j]) {
                    return false;
                }
            }
            return true;
        }

        /** Its blocks: each category shown exactly alone, in order, then each block of several. */
        List<Block> blocks(List<String> categories) {
            List<Block> out = new ArrayList<>();
            Map<Integer, Set<String>> merged = new LinkedHashMap<>();
            Map<Integer, Integer> mergedCount = new HashMap<>();
            for (int j = 0; j < counts.length; j++) {
                if (exact(j)) {
                    out.add(new Block(region, Set.of(categories.get(j)), counts[j]));
                } else {
                    merged.computeIfAbsent(part[j], x -> new LinkedHashSet<>()).add(categories.get(j));
                    mergedCount.merge(part[j], counts[j], Integer::sum);
                }
            }
            merged.forEach((id, set) -> out.add(new Block(region, Set.copyOf(set), mergedCount.get(id))));
            return out;
        }

        /** The same atom with block {@code from} joined to block {@code into}. */
        Atom merging(int from, int into) {
            int[] joined = part.clone();
            for (int j = 0; j < joined.length; j++) {
                if (joined[j] == from) {
                    joined[j] = into;
                }
            }
            return new Atom(region, counts, joined);
        }
    }

    /** A unit's figures from the atoms below it: a category shown when every atom with people shows it. */
    private static UnitFigures figures(UnitFigures u, List<Atom> below, List<String> categories) {
        int c = categories.size();
        int[] sums = new int[c];
        boolean[] mask = new boolean[c];
        Arrays.fill(mask, true);
        for (Atom a : below) {
            if (a.total() == 0) {
                continue;
            }
            add(sums, a.counts());
            for (int j = 0; j < c; j++) {
                mask[j] &= a.exact(j);
            }
        }
        Map<String, Integer> shown = new LinkedHashMap<>();
        List<String> merged = new ArrayList<>();
        int shownTotal = 0;
        for (int j = 0; j < c; j++) {
            if (mask[j]) {
                shown.put(categories.get(j), sums[j]);
                shownTotal += sums[j];
            } else {
                merged.add(categories.get(j));
            }
        }
        return new UnitFigures(u.unitId(), u.name(), u.parentId(), u.depth(), true, u.respondents(), shown,
                u.respondents() - shownTotal, List.copyOf(merged), List.of());
    }

    private static int[] sum(Set<String> region, Map<String, int[]> counts, int c) {
        int[] out = new int[c];
        for (String unit : region) {
            int[] v = counts.get(unit);
            if (v != null) {
                add(out, v);
            }
        }
        return out;
    }

    private static void add(int[] into, int[] v) {
        for (int j = 0; j < into.length; j++) {
            into[j] += v[j];
        }
    }

    private static Map<String, Set<String>> subtrees(List<Unit> tree) {
        Map<String, String> parent = new HashMap<>();
        tree.forEach(u -> parent.put(u.id(), u.parentId()));
        Map<String, Set<String>> out = new HashMap<>();
        for (Unit u : tree) {
            // Every unit is in its own subtree and in each ancestor's (the release refused cycles).
            for (String at = u.id(); at != null; at = parent.get(at)) {
                out.computeIfAbsent(at, x -> new LinkedHashSet<>()).add(u.id());
            }
        }
        return out;
    }

    /**
     * The audit of the atoms' blocks (rows) against the organisation's partition (columns). The table
     * of rows × columns, y(B, P) = the people of block B in categories of part P, is a transportation
     * table: its row sums are the blocks' counts and its column sums the parts' counts, and those are
     * all the release says about it. The most an edge (B, P) can hold over all such tables is y(B, P)
     * plus the maximum flow from P to B in the residual network (column → row: what y has there, which
     * can be moved away; row → column: unlimited, where they share a category), without the edge itself.
     * Rows with the same set of neighbouring columns are interchangeable and are pooled.
     */
    private static final class Audit {
        final List<Atom> atoms;
        final int[][] parts;
        final long[] partCounts;
        final int k;
        /** Every block of every atom with people, as rows of the transportation table. */
        List<Row> rows = new ArrayList<>();
        /** The rows pooled by their set of columns (a bit mask): the masks, each pool's people per column, its rows. */
        /** The rows of each atom. */
        Map<Integer, List<Row>> rowsOf = new HashMap<>();
        List<Long> keys = new ArrayList<>();
        long[][] pooled;
        List<List<Row>> pools = new ArrayList<>();

        /** One block of atom {@code atom} (its categories' part id {@code block}), its people per column. */
        record Row(int atom, int block, long count, long[] y, long neighbours) {
        }

        /** Join block {@code from} of atom {@code atom} to its block {@code into}. */
        record Merge(int atom, int from, int into) {
        }

        Audit(List<Atom> atoms, boolean[] orgExact, int k) {
            this.atoms = new ArrayList<>(atoms);
            this.k = k;
            int c = orgExact.length;
            List<int[]> ps = new ArrayList<>();
            List<Integer> rest = new ArrayList<>();
            for (int j = 0; j < c; j++) {
                if (orgExact[j]) {
                    ps.add(new int[] {j});
                } else {
                    rest.add(j);
                }
            }
            if (!rest.isEmpty()) {
                ps.add(rest.stream().mapToInt(Integer::intValue).toArray());
            }
            this.parts = ps.toArray(new int[0][]);
            this.partCounts = new long[parts.length];
            for (int p = 0; p < parts.length; p++) {
                for (Atom a : atoms) {
                    for (int j : parts[p]) {
                        partCounts[p] += a.counts()[j];
                    }
                }
            }
        }

        /**
         * Checks every block with people against every part it meets; on a failure joins one block and
         * checks that atom again. Joining only removes figures, so the tables consistent with the release
         * only grow and no edge that passed can fail later.
         */
        List<Atom> run() {
            List<Integer> todo = new ArrayList<>();
            for (int a = atoms.size() - 1; a >= 0; a--) {
                todo.add(a);
            }
            rebuild();
            while (!todo.isEmpty()) {
                int a = todo.remove(todo.size() - 1);
                for (Row r : rowsOf.getOrDefault(a, List.of())) {
                    if (r.count() == 0) {
                        continue;
                    }
                    Merge m = check(r);
                    if (m != null) {
                        atoms.set(m.atom(), atoms.get(m.atom()).merging(m.from(), m.into()));
                        rebuild();
                        todo.add(m.atom());
                        todo.add(a);
                        break;
                    }
                }
            }
            return atoms;
        }

        void rebuild() {
            rows = new ArrayList<>();
            for (int a = 0; a < atoms.size(); a++) {
                Atom atom = atoms.get(a);
                if (atom.total() == 0) {
                    continue;
                }
                Set<Integer> blocks = new LinkedHashSet<>();
                Arrays.stream(atom.part()).forEach(blocks::add);
                for (int block : blocks) {
                    rows.add(row(a, block));
                }
            }
            rowsOf = new HashMap<>();
            rows.forEach(r -> rowsOf.computeIfAbsent(r.atom(), x -> new ArrayList<>()).add(r));
            Map<Long, Integer> index = new HashMap<>();
            keys = new ArrayList<>();
            pools = new ArrayList<>();
            for (Row r : rows) {
                int i = index.computeIfAbsent(r.neighbours(), x -> {
                    keys.add(x);
                    pools.add(new ArrayList<>());
                    return keys.size() - 1;
                });
                pools.get(i).add(r);
            }
            pooled = new long[keys.size()][parts.length];
            for (int i = 0; i < keys.size(); i++) {
                for (Row r : pools.get(i)) {
                    for (int q = 0; q < parts.length; q++) {
                        pooled[i][q] += r.y()[q];
                    }
                }
            }
        }

        Row row(int a, int block) {
            Atom atom = atoms.get(a);
            long[] y = new long[parts.length];
            long neighbours = 0;
            long count = 0;
            for (int p = 0; p < parts.length; p++) {
                for (int j : parts[p]) {
                    if (atom.part()[j] == block) {
                        y[p] += atom.counts()[j];
                        neighbours |= 1L << p;
                    }
                }
                count += y[p];
            }
            return new Row(a, block, count, y, neighbours);
        }

        /**
         * Checks every edge of one row. When an edge can hold 1 to k − 1 at most, the rows on the source
         * side of a minimum cut all meet only columns on that side (else a path would go on); one of
         * them (of the smallest atom) is joined to a block of its atom that meets a column outside, which
         * takes it off that side. Such a block exists: an atom's blocks meet every column together, and
         * the source side is not every column (with every column the cut is at least the row's count,
         * which is at least k). Returns that join, or null when every edge passes.
         */
        Merge check(Row b) {
            for (int p = 0; p < parts.length; p++) {
                if ((b.neighbours() & 1L << p) == 0 || partCounts[p] == 0 || b.y()[p] >= k) {
                    continue; // no edge, an edge forced empty, or one that already holds k
                }
                long[][] cap = new long[keys.size()][];
                for (int i = 0; i < cap.length; i++) {
                    cap[i] = pooled[i].clone();
                    if (keys.get(i) == b.neighbours()) {
                        for (int q = 0; q < parts.length; q++) {
                            cap[i][q] -= b.y()[q]; // the row itself is the sink, not part of its pool
                        }
                    }
                }
                long[] toSink = b.y().clone();
                toSink[p] = 0; // the edge itself is left out
                long most = b.y()[p];
                boolean[] reachedColumn = new boolean[parts.length];
                boolean[] reachedRow = new boolean[keys.size()];
                while (most < k) {
                    long pushed = augment(p, cap, toSink, reachedColumn, reachedRow);
                    if (pushed == 0) {
                        break;
                    }
                    most += pushed;
                }
                if (most > 0 && most < k) {
                    return merge(b, reachedColumn, reachedRow);
                }
            }
            return null;
        }

        private Merge merge(Row sink, boolean[] reachedColumn, boolean[] reachedRow) {
            long inside = 0;
            for (int q = 0; q < parts.length; q++) {
                inside |= reachedColumn[q] ? 1L << q : 0;
            }
            Row culprit = null;
            for (int i = 0; i < keys.size(); i++) {
                if (reachedRow[i]) {
                    for (Row r : pools.get(i)) {
                        if (r != sink && r.count() > 0 && (culprit == null
                                || atoms.get(r.atom()).total() < atoms.get(culprit.atom()).total())) {
                            culprit = r;
                        }
                    }
                }
            }
            if (culprit == null) {
                throw new IllegalStateException("an edge below k with no block to join");
            }
            Row partner = null;
            for (Row r : rowsOf.get(culprit.atom())) {
                if (r != culprit && (r.neighbours() & ~inside) != 0
                        && (partner == null || r.count() < partner.count())) {
                    partner = r;
                }
            }
            if (partner == null) {
                throw new IllegalStateException("no block of the atom meets a column outside the cut");
            }
            return new Merge(culprit.atom(), culprit.block(), partner.block());
        }

        /**
         * One augmenting path from column {@code source} to the sink row, by breadth-first search: column →
         * pooled row while that row still has people there to move ({@code cap}, reduced by flow), pooled
         * row → column where they share a category (unlimited), column → sink while the sink row has
         * people there ({@code toSink}). Returns how much was pushed, 0 when no path is left; then the
         * reached sets are the source side of a minimum cut.
         */
        long augment(int source, long[][] cap, long[] toSink, boolean[] reachedColumn,
                boolean[] reachedRow) {
            int n = parts.length;
            Arrays.fill(reachedColumn, false);
            Arrays.fill(reachedRow, false);
            int[] viaRow = new int[n]; // the row a column was reached from, −1 for the source
            int[] viaColumn = new int[keys.size()];
            List<Integer> queue = new ArrayList<>(List.of(source));
            reachedColumn[source] = true;
            viaRow[source] = -1;
            for (int head = 0; head < queue.size(); head++) {
                int col = queue.get(head);
                if (toSink[col] > 0) {
                    long bottleneck = toSink[col];
                    for (int at = col; viaRow[at] >= 0; at = viaColumn[viaRow[at]]) {
                        bottleneck = Math.min(bottleneck, cap[viaRow[at]][viaColumn[viaRow[at]]]);
                    }
                    toSink[col] -= bottleneck;
                    for (int at = col; viaRow[at] >= 0; at = viaColumn[viaRow[at]]) {
                        int r = viaRow[at];
                        cap[r][viaColumn[r]] -= bottleneck; // fewer left to move from that column
                        cap[r][at] += bottleneck; // moved into this one: can move back
                    }
                    return bottleneck;
                }
                for (int i = 0; i < keys.size(); i++) {
                    if (!reachedRow[i] && cap[i][col] > 0) {
                        reachedRow[i] = true;
                        viaColumn[i] = col;
                        for (int q = 0; q < n; q++) {
                            if (!reachedColumn[q] && (keys.get(i) & 1L << q) != 0) {
                                reachedColumn[q] = true;
                                viaRow[q] = i;
                                queue.add(q);
                            }
                        }
                    }
                }
            }
            return 0;
        }
    }
}
