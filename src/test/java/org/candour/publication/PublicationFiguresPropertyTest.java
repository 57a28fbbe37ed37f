package org.candour.publication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.candour.results.HeadlineRelease;
import org.candour.results.LaminarRelease;
import org.candour.results.ReleaseLedger;
import org.candour.results.ReleasedFigures;
import org.candour.results.ResultsService;
import org.candour.web.ProblemException;
import org.junit.jupiter.api.Test;

/**
 * A publication never holds a figure its survey's release ledger does not: on random organisations,
 * answers, thresholds and choices of questions, every figure of the document is a released figure with
 * the same value that the ledger holds, a withheld unit's row holds no number, and a ledger missing or
 * disagreeing with any one chosen figure refuses the publication.
 */
class PublicationFiguresPropertyTest {

    @Test
    void everyPublishedFigureIsInTheLedgerAndAnyGapRefusesIt() {
        Random random = new Random(21);
        int refusals = 0;
        for (int trial = 0; trial < 300; trial++) {
            int k = random.nextBoolean() ? 5 : 10;
            List<LaminarRelease.Unit> tree = tree(random);
            ResultsService.Results r = results(random, tree, k);
            List<String> ids = r.questions().stream().map(ResultsService.QuestionResult::questionId)
                    .filter(q -> random.nextBoolean()).toList();
            if (ids.isEmpty()) {
                ids = List.of(r.questions().get(0).questionId());
            }
            List<ReleasedFigures> chosen = PublicationFigures.chosen(r, ids);
            List<ReleaseLedger.Entry> ledger = new ArrayList<>();
            ReleasedFigures.of(r).forEach(f -> ledger.add(new ReleaseLedger.Entry(LocalDate.now(), ReleaseLedger.RESULTS,
                    f.key(), f.shown())));
            PublicationFigures.assertInLedger(chosen, ledger);

            List<PublicationDocument.Question> doc = PublicationFigures.questions(r, ids, chosen);
            assertEquals(ids.size(), doc.size());
            Map<String, String> recorded = new HashMap<>();
            ledger.forEach(e -> recorded.put(e.figure(), e.value()));
            for (int i = 0; i < ids.size(); i++) {
                String q = ids.get(i);
                for (PublicationDocument.Row row : doc.get(i).rows()) {
                    ReleasedFigures respondents = figure(chosen, q, row.unit(), row.respondents() == null
                            ? "Not shown (fewer than k)" : "Respondents");
                    assertEquals(respondents.shown(), recorded.get(respondents.key()));
                    if (row.respondents() == null) {
                        assertTrue(row.segments().isEmpty(), "a withheld row holds no figure");
                        assertNull(respondents.count());
                        continue;
                    }
                    assertEquals(respondents.count(), row.respondents());
                    for (PublicationDocument.Segment s : row.segments()) {
                        ReleasedFigures f = figure(chosen, q, row.unit(), s.label());
                        assertEquals(f.count(), s.count(), q + " " + row.unit() + " " + s.label());
                        assertEquals(f.shown(), recorded.get(f.key()));
                    }
                }
            }
            // The ledger without one chosen figure, or with another value for it: refused.
            ReleasedFigures victim = chosen.get(random.nextInt(chosen.size()));
            List<ReleaseLedger.Entry> damaged = new ArrayList<>(ledger.stream().filter(e -> !e.figure().equals(victim.key()))
                    .toList());
            if (random.nextBoolean()) {
                damaged.add(new ReleaseLedger.Entry(LocalDate.now(), ReleaseLedger.RESULTS, victim.key(),
                        victim.count() == null ? "3" : Integer.toString(victim.count() + 1)));
            }
            ProblemException e = assertThrows(ProblemException.class, () -> PublicationFigures.assertInLedger(chosen, damaged));
            assertEquals(409, e.status());
            refusals++;
        }
        assertEquals(300, refusals);
    }

    private static ReleasedFigures figure(List<ReleasedFigures> chosen, String question, String unit, String label) {
        List<ReleasedFigures> found = chosen.stream().filter(f -> f.questionId().equals(question)
                && f.unitName().equals(unit) && f.categoryLabel().equals(label)).toList();
        assertEquals(1, found.size(), question + " / " + unit + " / " + label + " in " + chosen);
        return found.get(0);
    }

    /** Regions, middle units and teams, with unique names. */
    private static List<LaminarRelease.Unit> tree(Random random) {
        List<LaminarRelease.Unit> tree = new ArrayList<>();
        for (int r = 0; r < 1 + random.nextInt(3); r++) {
            tree.add(new LaminarRelease.Unit("r" + r, null, "Region " + r));
            for (int m = 0; m < 1 + random.nextInt(3); m++) {
                tree.add(new LaminarRelease.Unit("r" + r + "m" + m, "r" + r, "Unit " + r + "." + m));
                for (int t = 0; t < 1 + random.nextInt(4); t++) {
                    tree.add(new LaminarRelease.Unit("r" + r + "m" + m + "t" + t, "r" + r + "m" + m,
                            "Team " + r + "." + m + "." + t));
                }
            }
        }
        return tree;
    }

    /** Random answers to three questions of 3 to 5 categories, released as ResultsService releases them. */
    private static ResultsService.Results results(Random random, List<LaminarRelease.Unit> tree, int k) {
        List<String> teams = tree.stream().map(LaminarRelease.Unit::id).filter(id -> id.contains("t")).toList();
        Map<String, Integer> size = new HashMap<>();
        teams.forEach(t -> size.put(t, random.nextInt(3) == 0 ? random.nextInt(4) : 3 + random.nextInt(25)));
        Map<String, int[]> totals = new HashMap<>();
        size.forEach((t, n) -> totals.put(t, new int[] {n}));
        LaminarRelease.Result participation = LaminarRelease.releaseCounts(tree, List.of("all"), totals, k);
        List<ResultsService.Participation> rows = participation.units().stream()
                .map(u -> new ResultsService.Participation(u.unitId(), u.name(), u.parentId(), u.depth(), u.released(),
                        u.respondents(), u.respondents() + 3, null)).toList();
        List<ResultsService.QuestionResult> questions = new ArrayList<>();
        for (int q = 0; q < 3; q++) {
            int c = 3 + random.nextInt(3);
            List<ResultsService.Category> categories = new ArrayList<>();
            for (int j = 0; j < c; j++) {
                categories.add(new ResultsService.Category("c" + j, "Answer " + j));
            }
            Map<String, int[]> counts = new HashMap<>();
            for (String t : teams) {
                int[] v = new int[c];
                for (int p = 0; p < size.get(t); p++) {
                    v[random.nextInt(c)]++;
                }
                counts.put(t, v);
            }
            LaminarRelease.Result release = HeadlineRelease.release(tree,
                    categories.stream().map(ResultsService.Category::id).toList(), counts, k);
            questions.add(new ResultsService.QuestionResult("q" + q, "Question " + q, "likert", categories, release, null,
                    null));
        }
        return new ResultsService.Results("s", "Survey", k, rows, questions, List.of());
    }
}
