package org.candour.publication;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.candour.results.ResultsView;

/**
 * A publication's questions as the dashboard's charts (stacked bars with counts, text alternatives and
 * data tables), made only from the document: the public page and the preview show exactly its figures.
 */
public final class PublicationView {

    private PublicationView() {
    }

    /** One chart per question; colours follow the order in which the question's answers first appear. */
    public static List<ResultsView.Chart> charts(PublicationDocument d) {
        List<ResultsView.Chart> out = new ArrayList<>();
        int n = 0;
        for (PublicationDocument.Question q : d.questions()) {
            n++;
            List<String> legend = new ArrayList<>();
            for (PublicationDocument.Row r : q.rows()) {
                for (PublicationDocument.Segment s : r.segments()) {
                    if (!merged(s) && !legend.contains(s.label())) {
                        legend.add(s.label());
                    }
                }
            }
            List<ResultsView.Row> rows = new ArrayList<>();
            for (PublicationDocument.Row r : q.rows()) {
                if (r.respondents() == null || r.respondents() == 0) {
                    rows.add(new ResultsView.Row("", r.unit(), r.depth(), false, 0, List.of(),
                            r.unit() + ": not shown (fewer than k responses here, or shown within a larger group).", null));
                    continue;
                }
                List<ResultsView.Segment> segments = new ArrayList<>();
                StringBuilder alt = new StringBuilder(r.unit()).append(", ").append(r.respondents()).append(" respondents: ");
                double x = 0;
                for (PublicationDocument.Segment s : r.segments()) {
                    double w = 100.0 * s.count() / r.respondents();
                    segments.add(new ResultsView.Segment(s.label(), s.count(), x, w,
                            merged(s) ? "other" : "c" + (legend.indexOf(s.label()) % 8)));
                    alt.append(segments.size() > 1 ? "; " : "").append(s.label()).append(' ').append(s.count())
                            .append(String.format(Locale.ROOT, " (%.0f%%)", w));
                    x += w;
                }
                rows.add(new ResultsView.Row("", r.unit(), r.depth(), true, r.respondents(), segments,
                        alt.append('.').toString(), null));
            }
            out.add(new ResultsView.Chart("q" + n, q.text(), null, legend, rows, List.of()));
        }
        return out;
    }

    /** The merged rest of a row ("Other: a + b"), drawn grey. */
    private static boolean merged(PublicationDocument.Segment s) {
        return s.label().startsWith("Other: ");
    }
}
