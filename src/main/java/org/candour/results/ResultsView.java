package org.candour.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's view of a release: rows of stacked bars with their text alternatives, made only
 * from what {@link LaminarRelease} released. A withheld unit gets a row with no number at all.
 */
public final class ResultsView {

    private ResultsView() {
    }

    /** One bar segment: a category shown exactly, or the merged rest. x and width in percent. */
    public record Segment(String label, int count, double x, double width, String css) {
        public String percent() {
            return String.format(java.util.Locale.ROOT, "%.0f%%", width);
        }

        /** Where its count is written on the bar: the middle of the segment, in percent. */
        public String middle() {
            return String.format(java.util.Locale.ROOT, "%.2f", x + width / 2);
        }

        /** Whether the segment is wide enough (6% of the bar) to carry its count. */
        public boolean numbered() {
            return width >= 6;
        }
    }

    /** One unit's row: its bar, its text alternative, and its comparison with the organisation. */
    public record Row(String unitId, String name, int depth, boolean released, int respondents, List<Segment> segments,
            String alt, String comparison) {
    }

    /**
     * One question on the dashboard; for a free-text question, its comments when shown; for a
     * multi-choice question, one part per option (each a chart of its own) and no rows.
     */
    public record Chart(String questionId, String text, String note, List<String> legend, List<Row> rows,
            List<String> comments, List<Chart> parts) {

        public Chart(String questionId, String text, String note, List<String> legend, List<Row> rows,
                List<String> comments) {
            this(questionId, text, note, legend, rows, comments, List.of());
        }
    }

    /** One horizontal bar of a question's organisation-wide distribution; width in percent. */
    public record Bar(String label, int count, double width, String css, String alt, boolean shown) {
        public String percent() {
            return String.format(java.util.Locale.ROOT, "%.0f%%", width);
        }

        /** What is written beside the bar: the count and percentage, or that it is not shown. */
        public String hint() {
            return shown ? count + " (" + percent() + ")" : "not shown separately";
        }
    }

    /**
     * The organisation's distribution for one question, one bar per released category and one for
     * what is not shown separately: the segments of the chart's organisation row, so exactly the
     * figures the dashboard shows. Empty when the organisation is not released.
     */
    public static List<Bar> distribution(Chart chart) {
        if (!chart.parts().isEmpty()) {
            return options(chart);
        }
        if (chart.rows().isEmpty() || !chart.rows().get(0).released()) {
            return List.of();
        }
        Row org = chart.rows().get(0);
        return org.segments().stream().map(s -> new Bar(s.label(), s.count(), s.width(), s.css(),
                s.label() + ": " + s.count() + " of " + org.respondents() + " respondents (" + s.percent() + ").", true))
                .toList();
    }

    /**
     * A multi-choice question's organisation-wide bars: one per option, how many of the respondents
     * chose it, when the organisation's figures show that count on its own (its part's first segment);
     * an option whose count is shown only together with another gets an empty bar marked "not shown
     * separately", with no number. Empty when the organisation is not released.
     */
    static List<Bar> options(Chart chart) {
        List<Bar> out = new ArrayList<>();
        for (Chart part : chart.parts()) {
            if (part.rows().isEmpty() || !part.rows().get(0).released()) {
                return List.of();
            }
            Row org = part.rows().get(0);
            Segment chose = org.segments().isEmpty() ? null : org.segments().get(0);
            if (chose != null && chose.css().equals("c0")) {
                out.add(new Bar(part.text(), chose.count(), chose.width(), "c0", part.text() + ": chosen by "
                        + chose.count() + " of " + org.respondents() + " respondents (" + chose.percent() + ").", true));
            } else {
                out.add(new Bar(part.text(), 0, 0, "other", part.text() + ": not shown separately (fewer than k "
                        + "chose it, or fewer than k did not).", false));
            }
        }
        return out;
    }

    public static Chart chart(ResultsService.QuestionResult q, int k) {
        return chart(q, k, null, null);
    }

    /**
     * As {@link #chart(ResultsService.QuestionResult, int)}; for a free-text question, with the
     * unlocked comments of the whole organisation (in the vault's random order), redacted, and only
     * when at least k people wrote one: fewer would say how many did.
     */
    public static Chart chart(ResultsService.QuestionResult q, int k, List<String> unlockedTexts, Redactor redactor) {
        if (!q.parts().isEmpty()) {
            List<Chart> parts = q.parts().stream().map(p -> chart(p, k)).toList();
            return new Chart(q.questionId(), q.text(), null, parts.get(0).legend(), List.of(), List.of(), parts);
        }
        if (q.release() == null) {
            if (unlockedTexts == null) {
                return new Chart(q.questionId(), q.text(), q.note(), List.of(), List.of(), List.of());
            }
            if (unlockedTexts.size() < k) {
                return new Chart(q.questionId(), q.text(), "Fewer than " + k + " people wrote a comment here, so none "
                        + "is shown.", List.of(), List.of(), List.of());
            }
            return new Chart(q.questionId(), q.text(), unlockedTexts.size() + " comments, redacted, in random order.",
                    List.of(), List.of(), unlockedTexts.stream().map(redactor::redact).toList());
        }
        Map<String, String> labels = new java.util.HashMap<>();
        q.categories().forEach(c -> labels.put(c.id(), c.label()));
        List<String> ids = q.categories().stream().map(ResultsService.Category::id).toList();
        Double orgPositive = null;
        List<Row> rows = new ArrayList<>();
        for (LaminarRelease.UnitFigures u : q.release().units()) {
            if (!u.released()) {
                rows.add(new Row(u.unitId(), u.name(), u.depth(), false, 0, List.of(),
                        u.name() + ": not shown (fewer than " + k + " responses here, or shown within a larger group to "
                                + "protect a smaller one).", null));
                continue;
            }
            Row row = row(u.unitId(), u.name(), u.depth(), u.respondents(), u.categories(), u.other(), u.merged(),
                    labels, ids);
            Integer positive = u.categories().get("positive");
            String comparison = null;
            if (positive != null) {
                double p = 100.0 * positive / u.respondents();
                if (u.depth() == 0) {
                    orgPositive = p;
                } else if (orgPositive != null) {
                    long diff = Math.round(p - orgPositive);
                    comparison = (diff > 0 ? "+" : "") + diff + " points positive vs the organisation";
                }
            }
            rows.add(new Row(row.unitId(), row.name(), row.depth(), true, row.respondents(), row.segments(), row.alt(),
                    comparison));
        }
        List<String> legend = q.categories().stream().map(ResultsService.Category::label).toList();
        return new Chart(q.questionId(), q.text(), q.note(), legend, rows, List.of());
    }

    /** A released row: its segments (categories shown exactly, then the merged rest) and text alternative. */
    private static Row row(String id, String name, int depth, int respondents, Map<String, Integer> categories,
            int other, List<String> mergedIds, Map<String, String> labels, List<String> ids) {
        List<Segment> segments = new ArrayList<>();
        StringBuilder alt = new StringBuilder(name).append(", ").append(respondents).append(" respondents: ");
        double x = 0;
        int index = 0;
        for (Map.Entry<String, Integer> e : categories.entrySet()) {
            int css = ids.indexOf(e.getKey());
            double w = 100.0 * e.getValue() / respondents;
            segments.add(new Segment(labels.get(e.getKey()), e.getValue(), x, w, "c" + css));
            alt.append(index++ > 0 ? "; " : "").append(labels.get(e.getKey())).append(' ').append(e.getValue())
                    .append(String.format(java.util.Locale.ROOT, " (%.0f%%)", w));
            x += w;
        }
        if (other > 0) {
            double w = 100.0 * other / respondents;
            String merged = "Not shown separately (" + String.join(", ", mergedIds.stream().map(labels::get).toList()) + ")";
            segments.add(new Segment(merged, other, x, w, "other"));
            alt.append(index > 0 ? "; " : "").append(merged).append(' ').append(other)
                    .append(String.format(java.util.Locale.ROOT, " (%.0f%%)", w));
        }
        alt.append('.');
        return new Row(id, name, depth, true, respondents, segments, alt.toString(), null);
    }

    /** A question broken down by one demographic: the demographic's text and the chart of rows per band. */
    public record ByDemographic(String text, Chart chart) {
    }

    /**
     * A question broken down by each breakdown demographic it is released within (all of them, or for a
     * breakdown demographic those before it): for each released unit, a row per band with people in it
     * ("Region: Probation officer"), or for the other bands together; for a multi-choice question one
     * such chart per option. Empty when the question is not broken down (no breakdown, the outermost
     * demographic itself, free text, a question not released).
     */
    public static List<ByDemographic> byBands(ResultsService.QuestionResult q, ResultsService.Results results) {
        List<ByDemographic> out = new ArrayList<>();
        for (int level = 0; level < results.breakdowns().size(); level++) {
            Chart c = byBand(q, results, level);
            if (c == null) {
                break;
            }
            out.add(new ByDemographic(results.breakdowns().get(level).text(), c));
        }
        return out;
    }

    private static Chart byBand(ResultsService.QuestionResult q, ResultsService.Results results, int level) {
        if (!q.parts().isEmpty()) {
            List<Chart> parts = new ArrayList<>();
            for (ResultsService.QuestionResult p : q.parts()) {
                Chart c = byBand(p, results, level);
                if (c == null) {
                    return null;
                }
                parts.add(c);
            }
            return new Chart(q.questionId(), q.text(), null, parts.get(0).legend(), List.of(), List.of(), parts);
        }
        if (q.release() == null || q.release().levels().size() <= level) {
            return null;
        }
        Map<String, String> labels = new java.util.HashMap<>();
        q.categories().forEach(c -> labels.put(c.id(), c.label()));
        List<String> ids = q.categories().stream().map(ResultsService.Category::id).toList();
        List<Row> rows = new ArrayList<>();
        for (LaminarRelease.UnitFigures u : q.release().units()) {
            for (LaminarRelease.BandFigures b : u.bands()) {
                if (b.level() != level || b.respondents() == 0) {
                    continue;
                }
                String band = b.band() != null ? results.bandLabel(level, b.band()) : "other bands together ("
                        + String.join(", ", b.bands().stream().map(x -> results.bandLabel(level, x)).toList()) + ")";
                rows.add(row(u.unitId() + "/" + level + "/" + (b.band() == null ? "" : b.band()), u.name() + ": " + band,
                        u.depth(), b.respondents(), b.categories(), b.other(), b.merged(), labels, ids));
            }
        }
        return new Chart(q.questionId(), q.text(), null, q.categories().stream().map(ResultsService.Category::label).toList(),
                rows, List.of());
    }
}
