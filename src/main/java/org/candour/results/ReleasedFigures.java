package org.candour.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every figure a closed survey's release shows, in one list: each released unit's respondents
 * (participation), then, question by question (a multi-choice question option by option), each unit's
 * respondents, categories shown exactly and the rest together, and its rows per breakdown band. The
 * dashboard, the question pages, the JSON and the CSV show these and sums of them; the release ledger
 * records them.
 *
 * @param questionId "participation", a question id, or "question/option"
 * @param breakdown the breakdown demographic of a band row, or empty
 * @param band the band ("other: b1+b2" for the rest of that demographic's bands), or empty
 * @param category "respondents", a category id, "other: a+b", or "not shown"
 * @param count the figure, or null for "not shown"
 */
public record ReleasedFigures(String questionId, String unitId, String unitName, String breakdown, String band,
        String category, Integer count) {

    public static final String PARTICIPATION = "participation";

    /** The figures of a closed survey's release, in the order the CSV lists them. */
    public static List<ReleasedFigures> of(ResultsService.Results r) {
        List<ReleasedFigures> out = new ArrayList<>();
        for (ResultsService.Participation p : r.participation()) {
            out.add(new ReleasedFigures(PARTICIPATION, p.unitId(), p.name(), "", "", p.released() ? "respondents" : "not shown",
                    p.released() ? p.respondents() : null));
        }
        for (ResultsService.QuestionResult q : r.questions().stream()
                .flatMap(q -> q.parts().isEmpty() ? java.util.stream.Stream.of(q) : q.parts().stream()).toList()) {
            if (q.release() == null) {
                continue;
            }
            for (LaminarRelease.UnitFigures u : q.release().units()) {
                if (!u.released()) {
                    out.add(new ReleasedFigures(q.questionId(), u.unitId(), u.name(), "", "", "not shown", null));
                    continue;
                }
                add(out, q.questionId(), u, "", "", u.respondents(), u.categories(), u.other(), u.merged());
                for (LaminarRelease.BandFigures b : u.bands()) {
                    add(out, q.questionId(), u, r.breakdowns().get(b.level()).questionId(),
                            b.band() != null ? b.band() : "other: " + String.join("+", b.bands()),
                            b.respondents(), b.categories(), b.other(), b.merged());
                }
            }
        }
        return out;
    }

    private static void add(List<ReleasedFigures> out, String question, LaminarRelease.UnitFigures u, String breakdown,
            String band, int respondents, Map<String, Integer> categories, int other, List<String> merged) {
        out.add(new ReleasedFigures(question, u.unitId(), u.name(), breakdown, band, "respondents", respondents));
        categories.forEach((c, n) -> out.add(new ReleasedFigures(question, u.unitId(), u.name(), breakdown, band, c, n)));
        if (other > 0) {
            out.add(new ReleasedFigures(question, u.unitId(), u.name(), breakdown, band,
                    "other: " + String.join("+", merged), other));
        }
    }

    /** The figure's place in the release, without its value: what the ledger keys it by. */
    public String key() {
        return String.join(" | ", questionId, unitId, breakdown, band, category);
    }

    /** The value as shown: the count, or "not shown". */
    public String shown() {
        return count == null ? "not shown" : count.toString();
    }
}
