package org.candour.results;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

/**
 * An attacker on a published release of counts, written without any knowledge of how the release was
 * made (it never looks at {@link LaminarRelease}): it sees only a list of finest cells, the published
 * figures and the threshold k, and for any group of cells works out everything the release says about
 * how many people the group holds.
 *
 * <p><b>Model.</b> A finest cell is one combination of dimension values (say unit × band × answer
 * category); its true count is hidden. A {@link Figure} is a published number: how many people sit in a
 * set of cells (a 0/1 row {@code a}, value {@code v}). A {@link Group} is a set of cells (0/1 row
 * {@code g}). The tables the attacker cannot rule out are exactly
 * {@code T = { x ∈ ℕ^cells : a·x = v for every figure }}.
 *
 * <p>For each group it decides
 * <ol>
 * <li><b>determined</b>: whether {@code g} lies in the row space of the figures, by exact rational
 *     Gaussian elimination (BigInteger fractions, no floating point), and if so the value and the
 *     combination of figures that gives it;</li>
 * <li><b>bounds</b>: {@code lo = min g·x} and {@code hi = max g·x} over {@code T}, i.e. over
 *     non-negative <em>integer</em> tables (ojAlgo {@link ExpressionsBasedModel} with integer
 *     variables, not the LP relaxation, so parity-like and other integrality effects are caught).</li>
 * </ol>
 * A <b>leak</b> is a group determined with a value in 1..k−1, or with {@code 1 ≤ lo} and
 * {@code hi ≤ k−1}.
 *
 * <p><b>Why this is the strongest attacker (and why its answers can be trusted).</b> Without outside
 * knowledge everything the attacker can infer about a group is a fact about the set
 * {@code { g·x : x ∈ T }}. (a) If {@code g = Σ λ_f a_f} with rational λ, then {@code g·x = Σ λ_f v_f} for
 * every {@code x} in T: the count is known. If {@code g} is not in the row space there is a direction
 * {@code d} with {@code a·d = 0} for every figure and {@code g·d ≠ 0}, so linear algebra alone cannot fix
 * the count; whatever non-negativity and integrality still say is caught by (b). (b) {@code lo} and
 * {@code hi} are attained by tables in T, and every {@code x} in T has {@code lo ≤ g·x ≤ hi}: no attacker
 * can narrow the count further. The solver works in floating point, so every optimum it returns is
 * rounded and re-checked against every figure in exact {@code long} arithmetic: each bound reported is
 * attained by a verified table. A "no leak" verdict needs only one verified table whose group count is
 * 0 or at least k (then {@code lo = 0} or {@code hi ≥ k}), so such verdicts never rest on the solver's
 * claim of optimality; only a "leak" verdict with non-linear bounds trusts it that nothing better exists.
 *
 * <p><b>Compression (exact).</b> Cells that lie in exactly the same figures ("classes") are
 * interchangeable: only a class's total {@code y_c} is constrained, and any non-negative integer
 * {@code y} satisfying the figures can be spread over a class's cells at will. Hence a group's minimum
 * is {@code min Σ y_c} over the classes it contains wholly, its maximum is {@code max Σ y_c} over the
 * classes it touches, a cell in no figure at all makes the maximum unbounded, and {@code g} is in the row
 * space only if it is constant on every class and avoids free cells. When the figures fix {@code y}
 * uniquely (full column rank over classes) both bounds follow exactly from {@code y} with no solver.
 *
 * <p>Public so that releases outside this package (the whistleblowing statistics) meet the same attacker.
 */
public final class Adversary {

    /** The upper bound of a group holding a cell that no figure mentions. */
    static final long UNBOUNDED = Long.MAX_VALUE;

    /** A published number: how many people sit in these cells. The bit set must not be changed. */
    public record Figure(String label, BitSet cells, long value) {
        public Figure {
            Objects.requireNonNull(label, "label");
            cells = (BitSet) cells.clone();
            if (value < 0) {
                throw new IllegalArgumentException("a count is never negative: " + label);
            }
        }

        @Override
        public String toString() {
            return "[" + label + " = " + value + "]";
        }
    }

    /** A set of cells whose count the attacker tries to pin down. The bit set must not be changed. */
    public record Group(String label, BitSet cells) {
        public Group {
            Objects.requireNonNull(label, "label");
            cells = (BitSet) cells.clone();
        }
    }

    /** The range of a group's count over every table consistent with the release. */
    public record Bounds(long lo, long hi) {
        public boolean leaks(int k) {
            return lo >= 1 && hi <= k - 1;
        }

        @Override
        public String toString() {
            return "[" + lo + ", " + (hi == UNBOUNDED ? "∞" : Long.toString(hi)) + "]";
        }
    }

    public enum Kind {
        /** A linear combination of figures gives the count. */
        DETERMINED,
        /** No combination gives it, but every consistent non-negative integer table puts it in [1, k−1]. */
        BOUNDED
    }

    /** A group the release pins inside [1, k−1]. */
    public record Leak(Group group, Kind kind, long lo, long hi, String explanation) {
        @Override
        public String toString() {
            return "LEAK " + group.label() + ": " + explanation;
        }
    }

    /** What an {@link #attack} had to do. */
    public record Stats(int groups, int determined, int freeCell, int witnessed, int solved, int leaks) {
        @Override
        public String toString() {
            return groups + " groups: " + determined + " determined linearly, " + freeCell + " unbounded (free cell), "
                    + witnessed + " settled by verified tables, " + solved + " needed the integer solver, " + leaks + " leaks";
        }
    }

    private final List<String> cellNames;
    private final List<Figure> figures;
    private final int k;

    /** Per cell: its class, or −1 when no figure mentions it. */
    private final int[] classOf;
    /** Per class: how many cells it has. */
    private final int[] classSize;
    /** Per class: the figures it lies in. */
    private final List<int[]> figuresOfClass = new ArrayList<>();
    /** Per class: the cells it holds (for witness tables). */
    private final List<int[]> cellsOfClass = new ArrayList<>();
    /** Per figure: the classes it covers. */
    private final List<int[]> classesOfFigure = new ArrayList<>();
    /** Per class: an upper bound from the smallest figure containing it (helps the solver). */
    private final long[] cap;

    /** Reduced row echelon form over classes: pivot column of each non-zero row. */
    private final int[] pivot;
    /** The non-zero rows' class and value columns, as integers over the common denominator. */
    private final BigInteger[][] scaled;
    private final BigInteger denominator;
    /** The non-zero rows' coefficients over the original figures (for explaining determinations). */
    private final Q[][] combination;
    /** The class totals when the figures fix them uniquely, else null. */
    private final long[] unique;

    /** Verified class-level tables found so far (witnesses), the first one any consistent table. */
    private final List<long[]> pool = new ArrayList<>();
    private final Random random = new Random(1);
    private Stats lastStats = new Stats(0, 0, 0, 0, 0, 0);

    /**
     * @param cellNames one readable name per finest cell (index = cell)
     * @param figures the release
     * @param k the threshold the release claims to respect
     * @throws IllegalArgumentException when no non-negative integer table is consistent with the release
     */
    public Adversary(List<String> cellNames, List<Figure> figures, int k) {
        this.cellNames = List.copyOf(cellNames);
        this.figures = List.copyOf(figures);
        this.k = k;
        int n = cellNames.size();
        for (Figure f : figures) {
            if (f.cells().length() > n) {
                throw new IllegalArgumentException("figure names a cell beyond the list: " + f.label());
            }
        }
        // Classes: cells with the same figure membership.
        classOf = new int[n];
        Map<BitSet, Integer> index = new HashMap<>();
        List<List<Integer>> members = new ArrayList<>();
        List<BitSet> signatures = new ArrayList<>();
        for (int cell = 0; cell < n; cell++) {
            BitSet signature = new BitSet();
            for (int f = 0; f < figures.size(); f++) {
                if (figures.get(f).cells().get(cell)) {
                    signature.set(f);
                }
            }
            if (signature.isEmpty()) {
                classOf[cell] = -1;
                continue;
            }
            Integer c = index.get(signature);
            if (c == null) {
                c = members.size();
                index.put(signature, c);
                members.add(new ArrayList<>());
                signatures.add(signature);
            }
            classOf[cell] = c;
            members.get(c).add(cell);
        }
        int classes = members.size();
        classSize = new int[classes];
        cap = new long[classes];
        for (int c = 0; c < classes; c++) {
            classSize[c] = members.get(c).size();
            cellsOfClass.add(members.get(c).stream().mapToInt(Integer::intValue).toArray());
            int[] fs = signatures.get(c).stream().toArray();
            figuresOfClass.add(fs);
            long min = Long.MAX_VALUE;
            for (int f : fs) {
                min = Math.min(min, figures.get(f).value());
            }
            cap[c] = min;
        }
        int m = figures.size();
        for (int f = 0; f < m; f++) {
            List<Integer> covered = new ArrayList<>();
            for (int c = 0; c < classes; c++) {
                if (signatures.get(c).get(f)) {
                    covered.add(c);
                }
            }
            classesOfFigure.add(covered.stream().mapToInt(Integer::intValue).toArray());
        }
        // Exact elimination on [A' | v | I] (A': figures × classes).
        Q[][] matrix = new Q[m][classes + 1 + m];
        for (int f = 0; f < m; f++) {
            java.util.Arrays.fill(matrix[f], Q.ZERO);
            matrix[f][classes] = Q.of(figures.get(f).value());
            matrix[f][classes + 1 + f] = Q.ONE;
        }
        for (int c = 0; c < classes; c++) {
            for (int f : figuresOfClass.get(c)) {
                matrix[f][c] = Q.ONE;
            }
        }
        List<Integer> pivots = new ArrayList<>();
        int rank = 0;
        for (int col = 0; col < classes && rank < m; col++) {
            int found = -1;
            for (int r = rank; r < m; r++) {
                if (!matrix[r][col].isZero()) {
                    found = r;
                    break;
                }
            }
            if (found < 0) {
                continue;
            }
            Q[] swap = matrix[found];
            matrix[found] = matrix[rank];
            matrix[rank] = swap;
            Q p = matrix[rank][col];
            for (int j = 0; j < matrix[rank].length; j++) {
                matrix[rank][j] = matrix[rank][j].divide(p);
            }
            for (int r = 0; r < m; r++) {
                if (r != rank && !matrix[r][col].isZero()) {
                    Q factor = matrix[r][col];
                    for (int j = 0; j < matrix[r].length; j++) {
                        if (!matrix[rank][j].isZero()) {
                            matrix[r][j] = matrix[r][j].subtract(factor.multiply(matrix[rank][j]));
                        }
                    }
                }
            }
            pivots.add(col);
            rank++;
        }
        for (int r = rank; r < m; r++) {
            if (!matrix[r][classes].isZero()) {
                throw new IllegalArgumentException("the figures contradict each other (a combination gives 0 = "
                        + matrix[r][classes] + ")");
            }
        }
        pivot = pivots.stream().mapToInt(Integer::intValue).toArray();
        BigInteger d = BigInteger.ONE;
        for (int r = 0; r < rank; r++) {
            for (int j = 0; j <= classes; j++) {
                BigInteger den = matrix[r][j].den();
                d = d.divide(d.gcd(den)).multiply(den);
            }
        }
        denominator = d;
        scaled = new BigInteger[rank][classes + 1];
        combination = new Q[rank][m];
        for (int r = 0; r < rank; r++) {
            for (int j = 0; j <= classes; j++) {
                Q q = matrix[r][j];
                scaled[r][j] = q.num().multiply(d.divide(q.den()));
            }
            System.arraycopy(matrix[r], classes + 1, combination[r], 0, m);
        }
        // Consistency: a unique class vector is checked exactly; otherwise the solver finds a table.
        if (rank == classes) {
            long[] y = new long[classes];
            for (int r = 0; r < rank; r++) {
                BigInteger[] qr = scaled[r][classes].divideAndRemainder(denominator);
                if (qr[1].signum() != 0 || qr[0].signum() < 0) {
                    throw new IllegalArgumentException("the only table fitting the figures is not a count table");
                }
                y[pivot[r]] = qr[0].longValueExact();
            }
            verify(y);
            unique = y;
            pool.add(y);
        } else {
            unique = null;
            long[] any = optimise(new double[classes], true);
            if (any == null) {
                throw new IllegalArgumentException("no non-negative integer table fits the figures");
            }
            pool.add(any);
            // A few vertices in random directions: cheap witnesses that clear most groups without a solve.
            for (int i = 0; i < 6; i++) {
                double[] w = new double[classes];
                for (int c = 0; c < classes; c++) {
                    w[c] = random.nextDouble() - 0.3;
                }
                pool.add(optimise(w, true));
            }
        }
    }

    int k() {
        return k;
    }

    List<Figure> figures() {
        return figures;
    }

    /** The value of the group's count when the figures determine it linearly, else empty. */
    Optional<BigInteger> determined(BitSet group) {
        int[] selected = rowsFor(group);
        return selected == null ? Optional.empty() : Optional.of(valueOf(selected));
    }

    /** How the figures give the group's count, e.g. "+1·[U = 21] −1·[T × o4 = 12]", or empty. */
    Optional<String> derivation(BitSet group) {
        int[] selected = rowsFor(group);
        if (selected == null) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder();
        for (int f = 0; f < figures.size(); f++) {
            Q coefficient = Q.ZERO;
            for (int r : selected) {
                coefficient = coefficient.add(combination[r][f]);
            }
            if (!coefficient.isZero()) {
                out.append(out.length() == 0 ? "" : " ")
                        .append(coefficient.signum() > 0 ? "+" : "−")
                        .append(coefficient.abs())
                        .append("·")
                        .append(figures.get(f));
            }
        }
        return Optional.of(out.length() == 0 ? "nothing (the group is empty)" : out.toString());
    }

    /**
     * The exact range of the group's count over all non-negative integer tables fitting the release:
     * from the unique class totals when the figures fix them, else from the integer solver.
     */
    public Bounds bounds(BitSet group) {
        if (unique != null) {
            return new Bounds(inside(unique, group), hasFreeCell(group) ? UNBOUNDED : touching(unique, group));
        }
        return solverBounds(group);
    }

    /** The range computed by the integer solver whatever the figures' shape (to cross-check {@link #bounds}). */
    Bounds solverBounds(BitSet group) {
        long lo = inside(optimise(weights(group, false), false), group);
        long hi = hasFreeCell(group) ? UNBOUNDED : touching(optimise(weights(group, true), true), group);
        return new Bounds(lo, hi);
    }

    /**
     * A concrete cell table fitting every figure (checked exactly) whose count in the group equals its
     * lower bound ({@code highest} false) or upper bound (true; a free cell gets k more people).
     */
    long[] witness(BitSet group, boolean highest) {
        long[] y = unique != null ? unique : optimise(weights(group, highest), highest);
        long[] table = new long[cellNames.size()];
        for (int c = 0; c < y.length; c++) {
            int target = cellsOfClass.get(c)[0];
            for (int cell : cellsOfClass.get(c)) {
                if (group.get(cell) == highest) {
                    target = cell;
                    break;
                }
            }
            table[target] += y[c];
        }
        if (highest) {
            for (int cell = group.nextSetBit(0); cell >= 0; cell = group.nextSetBit(cell + 1)) {
                if (classOf[cell] < 0) {
                    table[cell] += k;
                    break;
                }
            }
        }
        for (Figure f : figures) {
            long sum = 0;
            for (int cell = f.cells().nextSetBit(0); cell >= 0; cell = f.cells().nextSetBit(cell + 1)) {
                sum += table[cell];
            }
            if (sum != f.value()) {
                throw new IllegalStateException("witness table breaks " + f);
            }
        }
        return table;
    }

    /** Attacks every group; returns the leaks, in the order given. */
    public List<Leak> attack(Collection<Group> groups) {
        List<Leak> leaks = new ArrayList<>();
        int determinedCount = 0;
        int free = 0;
        int witnessed = 0;
        int solved = 0;
        for (Group group : groups) {
            BitSet g = group.cells();
            int[] selected = rowsFor(g);
            if (selected != null) {
                determinedCount++;
                BigInteger value = valueOf(selected);
                if (value.signum() > 0 && value.compareTo(BigInteger.valueOf(k)) < 0) {
                    long v = value.longValueExact();
                    leaks.add(new Leak(group, Kind.DETERMINED, v, v, "determined = " + v + " (k = " + k + ") as "
                            + derivation(g).orElseThrow()));
                }
                continue;
            }
            if (hasFreeCell(g)) {
                free++;
                continue;
            }
            if (clearedByPool(g)) {
                witnessed++;
                continue;
            }
            // No verified table clears it: with unique class totals the answer is already exact, else
            // the solver finds the maximum, and the minimum only when the maximum is in 1..k−1.
            long lo;
            long hi;
            if (unique != null) {
                witnessed++;
                lo = inside(unique, g);
                hi = touching(unique, g);
            } else {
                solved++;
                long[] high = optimise(weights(g, true), true);
                pool.add(high);
                hi = touching(high, g);
                if (hi == 0 || hi >= k) {
                    continue;
                }
                long[] low = optimise(weights(g, false), false);
                pool.add(low);
                lo = inside(low, g);
            }
            if (lo >= 1 && hi <= k - 1) {
                String range = lo == hi ? "exactly " + lo : "between " + lo + " and " + hi;
                leaks.add(new Leak(group, Kind.BOUNDED, lo, hi, "no combination of figures gives it, but every"
                        + " non-negative whole-number table fitting the release puts " + range + " people there (k = "
                        + k + "), and tables attaining each end exist"));
            }
        }
        lastStats = new Stats(groups.size(), determinedCount, free, witnessed, solved, leaks.size());
        return leaks;
    }

    /** What the last {@link #attack} did. */
    public Stats stats() {
        return lastStats;
    }

    /** A readable name of a cell set, for messages. */
    String describe(BitSet cells) {
        StringBuilder out = new StringBuilder("{");
        for (int cell = cells.nextSetBit(0); cell >= 0; cell = cells.nextSetBit(cell + 1)) {
            out.append(out.length() == 1 ? "" : ", ").append(cellNames.get(cell));
        }
        return out.append("}").toString();
    }

    // ---- row space -------------------------------------------------------------------------------

    /**
     * The echelon rows whose sum is the group's class vector, or null when the group is not in the
     * row space (not constant on a class, holds a free cell, or the non-pivot columns disagree).
     */
    private int[] rowsFor(BitSet group) {
        int classes = classSize.length;
        int[] hit = new int[classes];
        for (int cell = group.nextSetBit(0); cell >= 0; cell = group.nextSetBit(cell + 1)) {
            if (classOf[cell] < 0) {
                return null;
            }
            hit[classOf[cell]]++;
        }
        boolean[] in = new boolean[classes];
        for (int c = 0; c < classes; c++) {
            if (hit[c] != 0 && hit[c] != classSize[c]) {
                return null;
            }
            in[c] = hit[c] != 0;
        }
        // In RREF the coefficient of row r is the group's entry in r's pivot column (0 or 1 here).
        List<Integer> rows = new ArrayList<>();
        boolean[] isPivot = new boolean[classes];
        for (int r = 0; r < pivot.length; r++) {
            isPivot[pivot[r]] = true;
            if (in[pivot[r]]) {
                rows.add(r);
            }
        }
        for (int c = 0; c < classes; c++) {
            if (isPivot[c]) {
                continue;
            }
            BigInteger sum = BigInteger.ZERO;
            for (int r : rows) {
                sum = sum.add(scaled[r][c]);
            }
            if (!sum.equals(in[c] ? denominator : BigInteger.ZERO)) {
                return null;
            }
        }
        return rows.stream().mapToInt(Integer::intValue).toArray();
    }

    private BigInteger valueOf(int[] rows) {
        BigInteger sum = BigInteger.ZERO;
        for (int r : rows) {
            sum = sum.add(scaled[r][classSize.length]);
        }
        BigInteger[] qr = sum.divideAndRemainder(denominator);
        if (qr[1].signum() != 0) {
            throw new IllegalStateException("a determined count is not a whole number: " + sum + "/" + denominator);
        }
        return qr[0];
    }

    // ---- bounds ----------------------------------------------------------------------------------

    private boolean hasFreeCell(BitSet group) {
        for (int cell = group.nextSetBit(0); cell >= 0; cell = group.nextSetBit(cell + 1)) {
            if (classOf[cell] < 0) {
                return true;
            }
        }
        return false;
    }

    /** The group's least count among the tables with these class totals: classes wholly inside it. */
    private long inside(long[] y, BitSet group) {
        int[] hit = hits(group);
        long sum = 0;
        for (int c = 0; c < y.length; c++) {
            if (hit[c] == classSize[c]) {
                sum += y[c];
            }
        }
        return sum;
    }

    /** The group's greatest count among the tables with these class totals: classes it touches. */
    private long touching(long[] y, BitSet group) {
        int[] hit = hits(group);
        long sum = 0;
        for (int c = 0; c < y.length; c++) {
            if (hit[c] > 0) {
                sum += y[c];
            }
        }
        return sum;
    }

    private int[] hits(BitSet group) {
        int[] hit = new int[classSize.length];
        for (int cell = group.nextSetBit(0); cell >= 0; cell = group.nextSetBit(cell + 1)) {
            if (classOf[cell] >= 0) {
                hit[classOf[cell]]++;
            }
        }
        return hit;
    }

    /** Some verified table already shows the group at 0 or at k or more: it cannot be a leak. */
    private boolean clearedByPool(BitSet group) {
        for (long[] y : pool) {
            if (inside(y, group) == 0 || touching(y, group) >= k) {
                return true;
            }
        }
        return false;
    }

    /** Objective over classes: those the group touches (for its maximum) or holds wholly (minimum). */
    private double[] weights(BitSet group, boolean touching) {
        int[] hit = hits(group);
        double[] w = new double[classSize.length];
        for (int c = 0; c < w.length; c++) {
            w[c] = (touching ? hit[c] > 0 : hit[c] == classSize[c]) ? 1 : 0;
        }
        return w;
    }

    /**
     * Optimises over class totals: y ≥ 0 integer, every figure met. Returns the optimum rounded and
     * verified exactly, or null when no table exists (only possible in the constructor's first call).
     */
    private long[] optimise(double[] weights, boolean maximise) {
        int classes = classSize.length;
        ExpressionsBasedModel model = new ExpressionsBasedModel();
        Variable[] y = new Variable[classes];
        for (int c = 0; c < classes; c++) {
            y[c] = model.addVariable("y" + c).lower(0).upper(cap[c]).integer(true).weight(weights[c]);
        }
        for (int f = 0; f < figures.size(); f++) {
            Expression e = model.addExpression("f" + f).level(figures.get(f).value());
            for (int c : classesOfFigure.get(f)) {
                e.set(y[c], 1);
            }
        }
        Optimisation.Result result = maximise ? model.maximise() : model.minimise();
        if (result.getState() == Optimisation.State.INFEASIBLE) {
            if (pool.isEmpty()) {
                return null;
            }
            throw new IllegalStateException("solver calls a consistent release infeasible");
        }
        if (!result.getState().isOptimal()) {
            throw new IllegalStateException("integer solver did not prove an optimum: " + result.getState());
        }
        long[] out = new long[classes];
        for (int c = 0; c < classes; c++) {
            double v = result.doubleValue(c);
            long rounded = Math.round(v);
            if (Math.abs(v - rounded) > 1e-6) {
                throw new IllegalStateException("solver returned a fractional count " + v);
            }
            out[c] = rounded;
        }
        verify(out);
        return out;
    }

    /** Checks class totals against every figure in exact arithmetic. */
    private void verify(long[] y) {
        long[] sums = new long[figures.size()];
        for (int c = 0; c < y.length; c++) {
            if (y[c] < 0) {
                throw new IllegalStateException("negative count in a table");
            }
            for (int f : figuresOfClass.get(c)) {
                sums[f] = Math.addExact(sums[f], y[c]);
            }
        }
        for (int f = 0; f < sums.length; f++) {
            if (sums[f] != figures.get(f).value()) {
                throw new IllegalStateException("table breaks " + figures.get(f) + ": gives " + sums[f]);
            }
        }
    }

    /** An exact rational number, always in lowest terms with a positive denominator. */
    private record Q(BigInteger num, BigInteger den) {
        static final Q ZERO = new Q(BigInteger.ZERO, BigInteger.ONE);
        static final Q ONE = new Q(BigInteger.ONE, BigInteger.ONE);

        static Q of(long v) {
            return new Q(BigInteger.valueOf(v), BigInteger.ONE);
        }

        static Q reduced(BigInteger num, BigInteger den) {
            if (den.signum() == 0) {
                throw new ArithmeticException("division by zero");
            }
            if (den.signum() < 0) {
                num = num.negate();
                den = den.negate();
            }
            BigInteger g = num.gcd(den);
            return g.equals(BigInteger.ONE) ? new Q(num, den) : new Q(num.divide(g), den.divide(g));
        }

        boolean isZero() {
            return num.signum() == 0;
        }

        int signum() {
            return num.signum();
        }

        Q abs() {
            return new Q(num.abs(), den);
        }

        Q add(Q o) {
            return reduced(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
        }

        Q subtract(Q o) {
            return reduced(num.multiply(o.den).subtract(o.num.multiply(den)), den.multiply(o.den));
        }

        Q multiply(Q o) {
            return reduced(num.multiply(o.num), den.multiply(o.den));
        }

        Q divide(Q o) {
            return reduced(num.multiply(o.den), den.multiply(o.num));
        }

        @Override
        public String toString() {
            return den.equals(BigInteger.ONE) ? num.toString() : num + "/" + den;
        }
    }
}
