package org.candour.results;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The ranges a number question is released in: at most five, of one round width (1, 2 or 5 times a
 * power of ten), starting at the question's min and ending at its max. They depend on the definition
 * alone, never on the answers, so their edges say nothing about anyone's value. Each range is then an
 * answer category like any other ({@link LaminarRelease}). Means and medians are not released: a mean
 * over k people still tells k − 1 of them the last one's value. Pure Java.
 */
public final class NumberBins {

    /** The most ranges a question is split into. */
    public static final int MAX_BINS = 5;

    /** One range: {@code lo} inclusive; {@code hi} inclusive for whole numbers and for the last range, else exclusive. */
    public record Bin(String id, String label, BigDecimal lo, BigDecimal hi, boolean hiInclusive) {
        boolean contains(BigDecimal v) {
            return v.compareTo(lo) >= 0 && (hiInclusive ? v.compareTo(hi) <= 0 : v.compareTo(hi) < 0);
        }
    }

    private final List<Bin> bins;

    private NumberBins(List<Bin> bins) {
        this.bins = List.copyOf(bins);
    }

    /**
     * The ranges of a question with these bounds; {@code integer} when only whole numbers are accepted.
     *
     * @throws IllegalArgumentException when min or max is missing or max is not above min
     */
    public static NumberBins of(BigDecimal min, BigDecimal max, boolean integer) {
        if (min == null || max == null || max.compareTo(min) <= 0) {
            throw new IllegalArgumentException("a number question needs a min below its max to be released in ranges");
        }
        BigDecimal width = round(max.subtract(min).divide(BigDecimal.valueOf(MAX_BINS), 12, RoundingMode.CEILING),
                integer);
        List<BigDecimal> starts = new ArrayList<>();
        for (BigDecimal lo = min; lo.compareTo(max) <= 0; lo = lo.add(width)) {
            starts.add(lo);
        }
        // A last range holding only max itself joins the one before, unless every range is one whole
        // number and there are few enough of them.
        boolean single = integer && width.compareTo(BigDecimal.ONE) == 0;
        if (starts.size() > MAX_BINS
                || starts.size() > 1 && starts.get(starts.size() - 1).compareTo(max) == 0 && !single) {
            starts.remove(starts.size() - 1);
        }
        List<Bin> out = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            BigDecimal lo = starts.get(i);
            boolean last = i == starts.size() - 1;
            BigDecimal hi = last ? max : integer ? lo.add(width).subtract(BigDecimal.ONE) : lo.add(width);
            String label = integer || last
                    ? (lo.compareTo(hi) == 0 ? plain(lo) : plain(lo) + " to " + plain(hi))
                    : plain(lo) + " to under " + plain(hi);
            out.add(new Bin("r" + i, label, lo, hi, integer || last));
        }
        return new NumberBins(out);
    }

    /** The smallest of 1, 2, 5 × 10^n at least {@code w}; at least 1 for whole numbers. */
    static BigDecimal round(BigDecimal w, boolean integer) {
        if (integer && w.compareTo(BigDecimal.ONE) < 0) {
            return BigDecimal.ONE;
        }
        BigDecimal power = BigDecimal.ONE.movePointRight(w.precision() - w.scale() - 1);
        for (int i = 0; i < 4; i++, power = power.movePointRight(1)) {
            for (int m : new int[] {1, 2, 5}) {
                BigDecimal candidate = power.multiply(BigDecimal.valueOf(m));
                if (candidate.compareTo(w) >= 0) {
                    return candidate.stripTrailingZeros();
                }
            }
        }
        throw new IllegalStateException("no round width found for " + w);
    }

    public List<Bin> bins() {
        return bins;
    }

    /** The id of the range holding this value, or null when it lies outside every range. */
    public String binOf(BigDecimal value) {
        for (Bin b : bins) {
            if (b.contains(value)) {
                return b.id();
            }
        }
        return null;
    }

    private static String plain(BigDecimal v) {
        return v.stripTrailingZeros().toPlainString();
    }
}
