package org.candour.publication;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.candour.results.ReleaseLedger;
import org.candour.results.ReleasedFigures;
import org.candour.results.ResultsService;
import org.candour.web.ProblemException;

/**
 * The figures of a publication, taken from the survey's release and checked against its release
 * ledger: for each chosen question (a multi-choice question option by option), every unit's row as the
 * dashboard shows it, without the breakdown bands. A publication adds no figure the ledger does not
 * already hold with the same value.
 */
public final class PublicationFigures {

    private PublicationFigures() {
    }

    /** The questions a publication can carry: those with released figures (not free text). */
    public static List<ResultsService.QuestionResult> publishable(ResultsService.Results r) {
        return r.questions().stream().filter(q -> q.release() != null || !q.parts().isEmpty()).toList();
    }

    /** The chosen questions' unit figures, in the release's order (no breakdown rows, no participation). */
    public static List<ReleasedFigures> chosen(ResultsService.Results r, List<String> questionIds) {
        Set<String> ids = Set.copyOf(questionIds);
        return ReleasedFigures.of(r).stream()
                .filter(f -> f.breakdown().isEmpty() && !f.questionId().equals(ReleasedFigures.PARTICIPATION))
                .filter(f -> ids.contains(f.questionId()) || ids.contains(f.questionId().split("/", 2)[0]))
                .toList();
    }

    /**
     * Refuses (409) when a figure is not in the ledger's results with the same value: the publication
     * would then show something never released.
     */
    public static void assertInLedger(List<ReleasedFigures> figures, List<ReleaseLedger.Entry> ledger) {
        Map<String, String> recorded = ledger.stream().filter(e -> e.place().equals(ReleaseLedger.RESULTS))
                .collect(Collectors.toMap(ReleaseLedger.Entry::figure, ReleaseLedger.Entry::value, (a, b) -> a));
        for (ReleasedFigures f : figures) {
            if (!f.shown().equals(recorded.get(f.key()))) {
                throw ProblemException.conflict("This publication would show a figure the survey's release ledger does"
                        + " not hold (" + f.key() + "), so it is not published. Open the survey's results first; if"
                        + " they are withheld, the ledger page says why.");
            }
        }
    }

    /** The document's questions, from the chosen figures: each unit's respondents and bar segments. */
    public static List<PublicationDocument.Question> questions(ResultsService.Results r, List<String> questionIds,
            List<ReleasedFigures> figures) {
        Map<String, Integer> depth = new HashMap<>();
        r.participation().forEach(p -> depth.put(p.unitId(), p.depth()));
        Map<String, List<ReleasedFigures>> byQuestion = new LinkedHashMap<>();
        figures.forEach(f -> byQuestion.computeIfAbsent(f.questionId(), x -> new ArrayList<>()).add(f));
        List<PublicationDocument.Question> out = new ArrayList<>();
        for (ResultsService.QuestionResult q : publishable(r)) {
            if (!questionIds.contains(q.questionId())) {
                continue;
            }
            if (q.parts().isEmpty()) {
                out.add(new PublicationDocument.Question(q.text(), rows(byQuestion.get(q.questionId()), depth)));
            }
            for (ResultsService.QuestionResult part : q.parts()) {
                out.add(new PublicationDocument.Question(q.text() + " — " + part.text(),
                        rows(byQuestion.get(part.questionId()), depth)));
            }
        }
        return out;
    }

    private static List<PublicationDocument.Row> rows(List<ReleasedFigures> figures, Map<String, Integer> depth) {
        Map<String, List<ReleasedFigures>> byUnit = new LinkedHashMap<>();
        (figures == null ? List.<ReleasedFigures>of() : figures)
                .forEach(f -> byUnit.computeIfAbsent(f.unitId(), x -> new ArrayList<>()).add(f));
        List<PublicationDocument.Row> rows = new ArrayList<>();
        for (List<ReleasedFigures> unit : byUnit.values()) {
            ReleasedFigures first = unit.get(0);
            Integer respondents = null;
            List<PublicationDocument.Segment> segments = new ArrayList<>();
            for (ReleasedFigures f : unit) {
                if (f.count() == null) {
                    continue;
                }
                if (f.category().equals(ReleasedFigures.RESPONDENTS)) {
                    respondents = f.count();
                } else {
                    segments.add(new PublicationDocument.Segment(f.categoryLabel(), f.count()));
                }
            }
            rows.add(new PublicationDocument.Row(first.unitName(), depth.getOrDefault(first.unitId(), 0), respondents,
                    List.copyOf(segments)));
        }
        return rows;
    }
}
