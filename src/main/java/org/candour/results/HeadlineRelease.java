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
 * The release of one question without a breakdown with headline figures: every category that at least
 * k people chose org-wide shown on its own at organisation level, and every category that at least k
 * people chose in a region (a top-level unit) shown on its own in that region's row, beside
 * {@link LaminarRelease}'s blocks per atom (docs/privacy-thresholds.md, "Headline figures"). Pure Java.
 *
 * <p>The released figures are the atoms' blocks (rule 4 inside each atom), the organisation's partition
 * of the categories (rule 4 on the organisation's totals), each region's categories (rule 4 on the
 * region's totals, those shown on their own), and sums of these. They cross, so the union is audited as
 * one transportation table: its rows are the atoms' blocks; its columns are a region's category (the
 * people of that region in it) and, for each part of the organisation's partition, its people outside
 * the regions' own columns. Rows and columns are each a partition of the (atom, category) cells, and
 * every released figure is fixed by the row and column sums. For every row and column that share a cell,
 * the most people any whole-number table consistent with those sums can put there must be 0 or at least
 * k. Where it is not, one block that holds it down (a row on the source side of a minimum cut, of the
 * smallest such atom) is joined to another block of its atom that meets a column with people outside
 * that cut, or, when no such block exists, a region's column on that side is given up (the region shows
 * that category with the rest); both remove figures, which only widens the consistent tables. The audit
 * is repeated until one whole pass repairs nothing. At
 * worst no region shows a category of its own and every atom shows only its total, which always passes.
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
     *     each unit's figures: the organisation's from its partition, a region's from its own categories
     *     and the blocks below it, every other unit's from the blocks below it as in {@link LaminarRelease};
     *     {@link LaminarRelease}'s release unchanged when the organisation is not released
     */
    public static Result release(List<Unit> tree, List<String> categories, Map<String, int[]> counts, int k) {
        return release(tree, categories, counts, k, true);
    }

    /**
     * As {@link #release(List, List, Map, int)}; without {@code regions}, no region shows categories of its
     * own (the organisation's partition beside the atoms' blocks only, as before regions had their own).
     */
    static Result release(List<Unit> tree, List<String> categories, Map<String, int[]> counts, int k,
            boolean regions) {
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
        List<Atom> atomList = List.copyOf(atoms.values());
        int[] total = new int[c];
        atomList.forEach(a -> add(total, a.counts()));
        boolean[] orgExact = LaminarRelease.exactly(total, k);

        // The regions given categories of their own: released top-level units with two atoms or more.
        Map<String, Set<String>> subtree = subtrees(tree);
        Map<String, Integer> atomOf = new HashMap<>();
        for (int a = 0; a < atomList.size(); a++) {
            for (String unit : atomList.get(a).region()) {
                atomOf.put(unit, a);
            }
        }
        List<String> own = new ArrayList<>();
        int[] regionOf = new int[atomList.size()];
        Arrays.fill(regionOf, -1);
        if (regions) {
            for (Unit u : tree) {
                if (u.parentId() != null || !base.unit(u.id()).released()) {
                    continue;
                }
                List<Integer> inside = below(subtree.get(u.id()), atomOf).stream()
                        .filter(a -> atomList.get(a).total() > 0).toList();
                if (inside.size() >= 2) {
                    inside.forEach(a -> regionOf[a] = own.size());
                    own.add(u.id());
                }
            }
        }
        Audit audit = new Audit(atomList, regionOf, own.size(), orgExact, k);
        List<Atom> audited = audit.run();

        List<Block> blocks = new ArrayList<>();
        for (Atom a : audited) {
            blocks.addAll(a.blocks(categories));
        }
        Set<String> everyUnit = new LinkedHashSet<>();
        tree.forEach(u -> everyUnit.add(u.id()));
        Atom whole = Atom.of(Set.copyOf(everyUnit), total, orgExact);
        List<Block> headline = whole.blocks(categories);

        List<UnitFigures> units = new ArrayList<>();
        for (UnitFigures u : base.units()) {
            if (!u.released()) {
                units.add(u);
                continue;
            }
            List<Atom> below = u.unitId().equals(LaminarRelease.ORGANISATION) ? List.of(whole)
                    : below(subtree.get(u.unitId()), atomOf).stream().map(audited::get).toList();
            int r = own.indexOf(u.unitId());
            units.add(figures(u, below, categories, r < 0 ? new boolean[c] : audit.shows[r]));
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

    /**
     * A unit's figures from the atoms below it: a category is shown when the unit shows it on its own
     * ({@code own}: a region's column that passed the audit) or every atom below it with people shows it.
     */
    private static UnitFigures figures(UnitFigures u, List<Atom> below, List<String> categories, boolean[] own) {
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
            if (mask[j] || own[j]) {
                shown.put(categories.get(j), sums[j]);
                shownTotal += sums[j];
            } else {
                merged.add(categories.get(j));
            }
        }
        return new UnitFigures(u.unitId(), u.name(), u.parentId(), u.depth(), true, u.respondents(), shown,
                u.respondents() - shownTotal, List.copyOf(merged), List.of());
    }

    /**
     * The atoms (by index) below a released unit: those of the units in its subtree. An atom is a released
     * unit with its unreleased descendants, so a released unit's subtree holds each atom wholly or not at all.
     */
    private static List<Integer> below(Set<String> subtree, Map<String, Integer> atomOf) {
        java.util.TreeSet<Integer> out = new java.util.TreeSet<>();
        for (String unit : subtree) {
            Integer a = atomOf.get(unit);
            if (a != null) {
                out.add(a);
            }
        }
        return List.copyOf(out);
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
     * The audit of the atoms' blocks (rows) against the columns: each part of the organisation's partition
     * (its people outside the regions' own columns), and each category a region shows on its own (the
     * region's people in it). Both are partitions of the (atom, category) cells, so the table y(B, C) = the
     * people of block B in column C is a transportation table: its row sums are the blocks' counts, its
     * column sums the region's count of its category or the organisation part's count less the regions'
     * own columns in it, and those are all the release says about it. The most an edge (B, C) can hold
     * over all such tables is y(B, C) plus the maximum flow from C to B in the residual network (column →
     * row: what y has there, which can be moved away; row → column: unlimited, where they share a cell),
     * without the edge itself. Rows with the same set of neighbouring columns are interchangeable and are
     * pooled.
     */
    private static final class Audit {
        final List<Atom> atoms;
        /** Per atom: the index of its region when that region shows categories of its own, else −1. */
        final int[] regionOf;
        /** Per region with categories of its own: which it shows (a column each); the audit may clear some. */
        final boolean[][] shows;
        /** Per category: its part of the organisation's partition (the column it joins when not a region's own). */
        final int[] orgPart;
        final int orgParts;
        final int c;
        final int k;
        long[] columnCount;
        /** Every block of every atom with people, as rows of the transportation table. */
        List<Row> rows = new ArrayList<>();
        /** The rows of each atom. */
        Map<Integer, List<Row>> rowsOf = new HashMap<>();
        /** The rows pooled by their columns: each pool's columns, people per column (aligned), rows. */
        List<int[]> poolColumns = new ArrayList<>();
        List<long[]> pooled = new ArrayList<>();
        List<List<Row>> pools = new ArrayList<>();
        Map<Columns, Integer> poolIndex = new HashMap<>();
        /** Per column: the pools meeting it, as {pool, index of the column in the pool's columns}. */
        List<List<int[]>> meeting = new ArrayList<>();

        /**
         * One block of atom {@code atom} (its categories' part id {@code block}), its people per column
         * ({@code columns} ascending, {@code y} aligned), and its pool.
         */
        record Row(int atom, int block, long count, int[] columns, long[] y, int pool) {
        }

        /** A pool's key: its columns. */
        record Columns(int[] columns) {
            @Override
            public boolean equals(Object o) {
                return o instanceof Columns other && Arrays.equals(columns, other.columns);
            }

            @Override
            public int hashCode() {
                return Arrays.hashCode(columns);
            }
        }

        /** A repair: join block {@code from} of atom {@code atom} to its block {@code into}. */
        record Join(int atom, int from, int into) {
        }

        Audit(List<Atom> atoms, int[] regionOf, int regions, boolean[] orgExact, int k) {
            this.atoms = new ArrayList<>(atoms);
            this.regionOf = regionOf;
            this.k = k;
            this.c = orgExact.length;
            this.orgPart = new int[c];
            int parts = 0;
            for (int j = 0; j < c; j++) {
                if (orgExact[j]) {
                    orgPart[j] = parts++;
                }
            }
            boolean rest = false;
            for (int j = 0; j < c; j++) {
                if (!orgExact[j]) {
                    orgPart[j] = parts;
                    rest = true;
                }
            }
            this.orgParts = parts + (rest ? 1 : 0);
            // Each region shows what rule 4 shows on its own totals.
            int[][] regionCounts = new int[regions][c];
            for (int a = 0; a < atoms.size(); a++) {
                if (regionOf[a] >= 0) {
                    add(regionCounts[regionOf[a]], atoms.get(a).counts());
                }
            }
            this.shows = new boolean[regions][];
            for (int r = 0; r < regions; r++) {
                shows[r] = LaminarRelease.exactly(regionCounts[r], k);
            }
            // An organisation part's people outside the regions' columns must be 0 or at least k: where they
            // are not, the region with the fewest in it gives its column up (it has k or more, so once is enough).
            for (int p = 0; p < orgParts; p++) {
                while (true) {
                    long outside = 0;
                    int smallest = -1;
                    int smallestJ = -1;
                    for (int j = 0; j < c; j++) {
                        if (orgPart[j] != p) {
                            continue;
                        }
                        for (int a = 0; a < atoms.size(); a++) {
                            outside += column(a, j) == p ? atoms.get(a).counts()[j] : 0;
                        }
                        for (int r = 0; r < regions; r++) {
                            if (shows[r][j] && regionCounts[r][j] > 0 && (smallest < 0
                                    || regionCounts[r][j] < regionCounts[smallest][smallestJ])) {
                                smallest = r;
                                smallestJ = j;
                            }
                        }
                    }
                    if (outside == 0 || outside >= k || smallest < 0) {
                        break;
                    }
                    shows[smallest][smallestJ] = false;
                }
            }
        }

        /** The column of cell (atom, category j): its region's own column for j, else j's organisation part. */
        int column(int a, int j) {
            int r = regionOf[a];
            return r >= 0 && shows[r][j] ? orgParts + r * c + j : orgPart[j];
        }

        int columns() {
            return orgParts + shows.length * c;
        }

        /**
         * Checks every block with people against every column it meets; on a failure repairs (a join, or a
         * region's column given up) and checks that atom again. Repairs only remove figures, so the tables
         * consistent with the release only grow, but an edge forced empty before a repair need not be after
         * it: passes are repeated until one makes no repair.
         */
        List<Atom> run() {
            rebuild();
            boolean repaired = true;
            while (repaired) {
                repaired = false;
                List<Integer> todo = new ArrayList<>();
                for (int a = atoms.size() - 1; a >= 0; a--) {
                    todo.add(a);
                }
                while (!todo.isEmpty()) {
                    int a = todo.remove(todo.size() - 1);
                    for (Row r : rowsOf.getOrDefault(a, List.of())) {
                        if (r.count() == 0) {
                            continue;
                        }
                        Object repair = check(r);
                        if (repair != null) {
                            if (repair instanceof Join m) {
                                atoms.set(m.atom(), atoms.get(m.atom()).merging(m.from(), m.into()));
                                todo.add(m.atom());
                            } else {
                                int column = (Integer) repair - orgParts;
                                shows[column / c][column % c] = false;
                            }
                            rebuild();
                            repaired = true;
                            todo.add(a);
                            break;
                        }
                    }
                }
            }
            return atoms;
        }

        void rebuild() {
            clear();
            for (int a = 0; a < atoms.size(); a++) {
                Atom atom = atoms.get(a);
                for (int j = 0; j < c; j++) {
                    columnCount[column(a, j)] += atom.counts()[j];
                }
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
            poolSeen = new int[pools.size()];
            viaIndex = new int[pools.size()];
        }

        /** Starts the rows and pools afresh, with the columns as they now are. */
        private void clear() {
            int n = columns();
            columnCount = new long[n];
            rows = new ArrayList<>();
            poolIndex = new HashMap<>();
            poolColumns = new ArrayList<>();
            pooled = new ArrayList<>();
            pools = new ArrayList<>();
            meeting = new ArrayList<>();
            for (int col = 0; col < n; col++) {
                meeting.add(new ArrayList<>());
            }
            if (toSink.length != n) {
                toSink = new long[n];
                columnSeen = new int[n];
                viaPool = new int[n];
                viaPoolIndex = new int[n];
                queue = new int[n];
            }
        }

        /** The row of one block, added to the pool of rows with its columns. */
        Row row(int a, int block) {
            Atom atom = atoms.get(a);
            int[] columns = new int[c];
            long[] y = new long[c];
            int n = 0;
            long count = 0;
            for (int j = 0; j < c; j++) {
                if (atom.part()[j] == block) {
                    int col = column(a, j);
                    int at = 0;
                    while (at < n && columns[at] < col) {
                        at++;
                    }
                    if (at == n || columns[at] != col) {
                        System.arraycopy(columns, at, columns, at + 1, n - at);
                        System.arraycopy(y, at, y, at + 1, n - at);
                        columns[at] = col;
                        y[at] = 0;
                        n++;
                    }
                    y[at] += atom.counts()[j];
                    count += atom.counts()[j];
                }
            }
            int[] cols = Arrays.copyOf(columns, n);
            long[] people = Arrays.copyOf(y, n);
            int pool = poolIndex.computeIfAbsent(new Columns(cols), key -> {
                poolColumns.add(cols);
                pooled.add(new long[cols.length]);
                pools.add(new ArrayList<>());
                for (int q = 0; q < cols.length; q++) {
                    meeting.get(cols[q]).add(new int[] {pools.size() - 1, q});
                }
                return pools.size() - 1;
            });
            Row row = new Row(a, block, count, cols, people, pool);
            pools.get(pool).add(row);
            for (int q = 0; q < n; q++) {
                pooled.get(pool)[q] += people[q];
            }
            return row;
        }

        /**
         * Checks every edge of one row. When an edge can hold 1 to k − 1 at most, the rows on the source
         * side of a minimum cut all meet only columns on that side (else a path would go on); one of them
         * (of the smallest atom) that has another block meeting a column with people outside is joined to
         * it, which takes it off that side (a block meeting only empty columns there would open no path).
         * Returns that join, the column (an Integer) a region gives up when no such block exists, or null
         * when every edge passes.
         */
        Object check(Row b) {
            for (int p = 0; p < b.columns().length; p++) {
                int col = b.columns()[p];
                if (columnCount[col] == 0 || b.y()[p] >= k) {
                    continue; // an edge forced empty, or one that already holds k
                }
                // The flow is pushed on the pooled table itself and undone afterwards.
                int own = b.pool();
                for (int q = 0; q < b.y().length; q++) {
                    pooled.get(own)[q] -= b.y()[q]; // the row itself is the sink, not part of its pool
                    toSink[b.columns()[q]] = q == p ? 0 : b.y()[q]; // the edge itself is left out
                }
                undo.clear();
                long most = b.y()[p];
                while (most < k) {
                    long pushed = augment(col);
                    if (pushed == 0) {
                        break;
                    }
                    most += pushed;
                }
                boolean fails = most > 0 && most < k;
                Object repair = fails ? repair(b) : null;
                for (int u = undo.size() - 1; u >= 0; u--) {
                    long[] step = undo.get(u);
                    pooled.get((int) step[0])[(int) step[1]] -= step[2];
                }
                for (int q = 0; q < b.y().length; q++) {
                    pooled.get(own)[q] += b.y()[q];
                    toSink[b.columns()[q]] = 0;
                }
                if (fails) {
                    return repair;
                }
            }
            return null;
        }

        /** The changes an augmentation made to the pooled table: {pool, index, amount added}. */
        final List<long[]> undo = new ArrayList<>();
        /** Per column: the sink row's people there that may still be reached (all 0 between checks). */
        long[] toSink = new long[0];
        /** The source side of the last search: its columns and pools (a stamp per search). */
        int[] columnSeen = new int[0];
        int[] poolSeen = new int[0];
        int stamp;
        /** Per column reached: the pool it was reached from (−1 for the source) and its index there. */
        int[] viaPool = new int[0];
        int[] viaPoolIndex = new int[0];
        /** Per pool reached: the index, among its columns, of the column it was reached from. */
        int[] viaIndex = new int[0];
        int[] queue = new int[0];

        boolean reachedColumn(int col) {
            return columnSeen[col] == stamp;
        }

        boolean reachedPool(int i) {
            return poolSeen[i] == stamp;
        }

        private Object repair(Row sink) {
            Row culprit = null;
            Row partner = null;
            for (int i = 0; i < pools.size(); i++) {
                if (!reachedPool(i)) {
                    continue;
                }
                for (Row r : pools.get(i)) {
                    if (r == sink || r.count() == 0 || culprit != null
                            && atoms.get(r.atom()).total() >= atoms.get(culprit.atom()).total()) {
                        continue;
                    }
                    Row other = null;
                    for (Row o : rowsOf.get(r.atom())) {
                        if (o != r && Arrays.stream(o.columns()).anyMatch(q -> !reachedColumn(q) && columnCount[q] > 0)
                                && (other == null || o.count() < other.count())) {
                            other = o;
                        }
                    }
                    if (other != null) {
                        culprit = r;
                        partner = other;
                    }
                }
            }
            if (culprit != null) {
                return new Join(culprit.atom(), culprit.block(), partner.block());
            }
            // No block can leave the cut's side: a region's own column there (the fewest people) gives way, or
            // failing that any region's with people, or last one showing 0; with none left this is the
            // organisation's audit alone, where a block to join always exists (docs/privacy-thresholds.md).
            int column = regionColumn(true, true);
            column = column >= 0 ? column : regionColumn(false, true);
            column = column >= 0 ? column : regionColumn(false, false);
            if (column < 0) {
                throw new IllegalStateException("an edge below k with no block to join and no region's column to give up");
            }
            return column;
        }

        /**
         * The region's own column with the fewest people: on the last search's side ({@code reachedOnly}) or
         * anywhere, with people ({@code withPeople}) or showing 0; −1 when there is none.
         */
        private int regionColumn(boolean reachedOnly, boolean withPeople) {
            int column = -1;
            for (int r = 0; r < shows.length; r++) {
                for (int j = 0; j < c; j++) {
                    int col = orgParts + r * c + j;
                    if (shows[r][j] && (!reachedOnly || reachedColumn(col)) && (!withPeople || columnCount[col] > 0)
                            && (column < 0 || columnCount[col] < columnCount[column])) {
                        column = col;
                    }
                }
            }
            return column;
        }

        /**
         * One augmenting path from column {@code source} to the sink row, by breadth-first search: column →
         * pooled row while that row still has people there to move (the pooled table, reduced by flow), pooled
         * row → column where they share a cell (unlimited), column → sink while the sink row has people
         * there ({@code toSink}). Returns how much was pushed, 0 when no path is left; then the reached sets
         * are the source side of a minimum cut.
         */
        long augment(int source) {
            stamp++;
            int head = 0;
            int tail = 0;
            queue[tail++] = source;
            columnSeen[source] = stamp;
            viaPool[source] = -1;
            while (head < tail) {
                int col = queue[head++];
                if (toSink[col] > 0) {
                    long bottleneck = toSink[col];
                    for (int at = col; viaPool[at] >= 0; at = poolColumns.get(viaPool[at])[viaIndex[viaPool[at]]]) {
                        bottleneck = Math.min(bottleneck, pooled.get(viaPool[at])[viaIndex[viaPool[at]]]);
                    }
                    toSink[col] -= bottleneck;
                    for (int at = col; viaPool[at] >= 0; at = poolColumns.get(viaPool[at])[viaIndex[viaPool[at]]]) {
                        int r = viaPool[at];
                        move(r, viaIndex[r], -bottleneck); // fewer left to move from that column
                        move(r, viaPoolIndex[at], bottleneck); // moved into this one: can move back
                    }
                    return bottleneck;
                }
                for (int[] m : meeting.get(col)) {
                    int i = m[0];
                    if (poolSeen[i] != stamp && pooled.get(i)[m[1]] > 0) {
                        poolSeen[i] = stamp;
                        viaIndex[i] = m[1];
                        int[] cols = poolColumns.get(i);
                        for (int q = 0; q < cols.length; q++) {
                            if (columnSeen[cols[q]] != stamp) {
                                columnSeen[cols[q]] = stamp;
                                viaPool[cols[q]] = i;
                                viaPoolIndex[cols[q]] = q;
                                queue[tail++] = cols[q];
                            }
                        }
                    }
                }
            }
            return 0;
        }

        private void move(int pool, int index, long amount) {
            pooled.get(pool)[index] += amount;
            undo.add(new long[] {pool, index, amount});
        }
    }
}
