package org.candour.results;

import java.util.ArrayList;
import java.util.HashMap;
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
 * @param unitId the unit's internal id ("" for the organisation); {@code unitCode} its id as imported
 * @param breakdown the breakdown demographic of a band row, or empty
 * @param band the band ("other: b1+b2" for the rest of that demographic's bands), or empty; {@code
 *     bandLabel} as the question words it
 * @param category "respondents", a category id, "other: a+b", or "not shown"; {@code categoryLabel} as
 *     the question words it
 * @param count the figure, or null for "not shown"
 */
public record ReleasedFigures(String questionId, String unitId, String unitCode, String unitName, String breakdown,
        String band, String bandLabel, String category, String categoryLabel, Integer count) {

    public static final String PARTICIPATION = "participation";
    public static final String RESPONDENTS = "respondents";
    static final String NOT_SHOWN = "not shown";
    static final String NOT_SHOWN_LABEL = "Not shown (fewer than k)";

    /** The figures of a closed survey's release, in the order the CSV lists them. */
    public static List<ReleasedFigures> of(ResultsService.Results r) {
        List<ReleasedFigures> out = new ArrayList<>();
        for (ResultsService.Participation p : r.participation()) {
            out.add(new ReleasedFigures(PARTICIPATION, p.unitId(), r.unitCode(p.unitId()), p.name(), "", "", "",
                    p.released() ? RESPONDENTS : NOT_SHOWN, p.released() ? "Respondents" : NOT_SHOWN_LABEL,
                    p.released() ? p.respondents() : null));
        }
        for (ResultsService.QuestionResult q : r.questions().stream()
                .flatMap(q -> q.parts().isEmpty() ? java.util.stream.Stream.of(q) : q.parts().stream()).toList()) {
            if (q.release() == null) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            q.categories().forEach(c -> labels.put(c.id(), c.label()));
            for (LaminarRelease.UnitFigures u : q.release().units()) {
                Unit unit = new Unit(q.questionId(), u.unitId(), r.unitCode(u.unitId()), u.name(), labels);
                if (!u.released()) {
                    out.add(new ReleasedFigures(q.questionId(), u.unitId(), unit.code(), u.name(), "", "", "", NOT_SHOWN,
                            NOT_SHOWN_LABEL, null));
                    continue;
                }
                add(out, unit, "", "", "", u.respondents(), u.categories(), u.other(), u.merged());
                for (LaminarRelease.BandFigures b : u.bands()) {
                    add(out, unit, r.breakdowns().get(b.level()).questionId(),
                            b.band() != null ? b.band() : "other: " + String.join("+", b.bands()),
                            b.band() != null ? r.bandLabel(b.level(), b.band()) : "Other: " + String.join(" + ",
                                    b.bands().stream().map(x -> r.bandLabel(b.level(), x)).toList()),
                            b.respondents(), b.categories(), b.other(), b.merged());
                }
            }
        }
        return out;
    }

    /** One unit's figures of one question, with the question's category labels. */
    private record Unit(String question, String id, String code, String name, Map<String, String> labels) {
    }

    private static void add(List<ReleasedFigures> out, Unit u, String breakdown, String band, String bandLabel,
            int respondents, Map<String, Integer> categories, int other, List<String> merged) {
        out.add(new ReleasedFigures(u.question(), u.id(), u.code(), u.name(), breakdown, band, bandLabel, RESPONDENTS,
                "Respondents", respondents));
        categories.forEach((c, n) -> out.add(new ReleasedFigures(u.question(), u.id(), u.code(), u.name(), breakdown,
                band, bandLabel, c, u.labels().getOrDefault(c, c), n)));
        if (other > 0) {
            out.add(new ReleasedFigures(u.question(), u.id(), u.code(), u.name(), breakdown, band, bandLabel,
                    "other: " + String.join("+", merged), "Other: " + String.join(" + ",
                            merged.stream().map(c -> u.labels().getOrDefault(c, c)).toList()), other));
        }
    }

    /** The figure's place in the release, without its value: what the ledger keys it by. */
    public String key() {
        return String.join(" | ", questionId, unitId, breakdown, band, category);
    }

    /** The value as shown: the count, or "not shown". */
    public String shown() {
        return count == null ? NOT_SHOWN : count.toString();
    }
}
