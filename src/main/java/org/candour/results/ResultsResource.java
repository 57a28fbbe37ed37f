package org.candour.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.candour.auth.CurrentStaff;
import org.candour.web.CsvCell;

/**
 * The same release as the dashboard, as JSON and CSV: exactly the figures the dashboard shows, per
 * released unit; a withheld unit appears with {@code "released": false} and no number.
 */
@Path("/api/admin")
@RolesAllowed({"ADMIN", "PUBLISHER"})
public class ResultsResource {

    @Inject
    ResultsService results;

    @Inject
    CurrentStaff staff;

    /**
     * {@code bands}: when the question is broken down, the unit's figures per band of each breakdown
     * demographic ({@code breakdown} its question id), one row per band shown on its own ({@code band}
     * its id) and one for every other band of that demographic together ({@code band} absent,
     * {@code bands} listing them).
     */
    public record UnitJson(String unitId, String name, String parentId, boolean released, Integer respondents,
            Map<String, Integer> categories, Integer other, List<String> merged,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<BandJson> bands) {
    }

    public record BandJson(String breakdown, @JsonInclude(JsonInclude.Include.NON_NULL) String band, List<String> bands,
            int respondents, Map<String, Integer> categories, int other, List<String> merged) {
    }

    /**
     * {@code categories}: every answer category a unit's figures may name, with the label shown for it.
     * A multi-choice question has no units of its own but {@code parts}, one per option, each with
     * {@code questionId} "question/option" and type "option".
     */
    public record QuestionJson(String questionId, String text, String type, String note,
            List<ResultsService.Category> categories, List<UnitJson> units,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<QuestionJson> parts) {
    }

    /** {@code breakdowns}: the ids of the breakdown demographic questions, outermost first, when the survey names any. */
    public record ResultsJson(String surveyId, String title, int k,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> breakdowns, List<UnitJson> participation,
            List<QuestionJson> questions) {
    }

    @GET
    @Path("surveys/{id}/results")
    @Produces(MediaType.APPLICATION_JSON)
    public ResultsJson json(@PathParam("id") UUID id) {
        ResultsService.Results r = results.results(staff.get(), id);
        List<UnitJson> participation = r.participation().stream().map(p -> new UnitJson(p.unitId(), p.name(),
                p.parentId(), p.released(), p.released() ? p.respondents() : null, null, null, null, null)).toList();
        List<String> chain = r.breakdowns().stream().map(ResultsService.QuestionResult::questionId).toList();
        return new ResultsJson(r.surveyId(), r.title(), r.k(), chain, participation,
                r.questions().stream().map(q -> question(q, chain)).toList());
    }

    private static QuestionJson question(ResultsService.QuestionResult q, List<String> chain) {
        return new QuestionJson(q.questionId(), q.text(), q.type(), q.note(), q.categories(),
                q.release() == null ? List.of() : q.release().units().stream().map(u -> unit(u, chain)).toList(),
                q.parts().stream().map(p -> question(p, chain)).toList());
    }

    private static UnitJson unit(LaminarRelease.UnitFigures u, List<String> chain) {
        return u.released() ? new UnitJson(u.unitId(), u.name(), u.parentId(), true, u.respondents(),
                new LinkedHashMap<>(u.categories()), u.other(), u.merged(), u.bands().stream()
                        .map(b -> new BandJson(chain.get(b.level()), b.band(), b.bands(), b.respondents(),
                                new LinkedHashMap<>(b.categories()), b.other(), b.merged())).toList())
                : new UnitJson(u.unitId(), u.name(), u.parentId(), false, null, null, null, null, null);
    }

    /** The release ledger: every figure shown about the survey, where and on which day. */
    @GET
    @Path("surveys/{id}/ledger")
    @Produces(MediaType.APPLICATION_JSON)
    public List<ReleaseLedger.Entry> ledger(@PathParam("id") UUID id) {
        return results.ledger(staff.get(), id);
    }

    /**
     * One line per shown figure: question, unit (its id as the organisation imported it, empty for the
     * whole organisation, and its name), category (or "other: a+b") with its label, count. A
     * multi-choice question's lines are its options', with question_id "question/option". When the
     * survey names breakdown demographics there are {@code breakdown}, {@code band} and {@code band_label}
     * columns after {@code unit_name}: empty on a unit's own lines, then the unit's lines per band of each
     * breakdown demographic (its question id; a band id, or "other: b1+b2" for every other band of it).
     */
    @GET
    @Path("surveys/{id}/results.csv")
    @Produces("text/csv")
    public Response csv(@PathParam("id") UUID id) {
        ResultsService.Results r = results.results(staff.get(), id);
        boolean banded = !r.breakdowns().isEmpty();
        StringBuilder out = new StringBuilder(banded
                ? "question_id,unit_id,unit_name,breakdown,band,band_label,category,category_label,count\n"
                : "question_id,unit_id,unit_name,category,category_label,count\n");
        for (ReleasedFigures f : ReleasedFigures.of(r)) {
            if (f.questionId().equals(ReleasedFigures.PARTICIPATION)) {
                continue;
            }
            out.append(f.questionId()).append(',').append(CsvCell.of(f.unitCode())).append(',').append(CsvCell.of(f.unitName()))
                    .append(',');
            if (banded) {
                out.append(f.breakdown()).append(',').append(f.band()).append(',').append(CsvCell.of(f.bandLabel())).append(',');
            }
            out.append(f.category()).append(',').append(CsvCell.of(f.categoryLabel())).append(',')
                    .append(f.count() == null ? "" : f.count().toString()).append('\n');
        }
        return Response.ok(out.toString()).header("Content-Disposition",
                "attachment; filename=\"results-" + r.surveyId() + ".csv\"").build();
    }
}
