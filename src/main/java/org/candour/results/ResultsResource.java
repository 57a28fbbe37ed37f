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

    public record UnitJson(String unitId, String name, String parentId, boolean released, Integer respondents,
            Map<String, Integer> categories, Integer other, List<String> merged) {
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

    public record ResultsJson(String surveyId, String title, int k, List<UnitJson> participation,
            List<QuestionJson> questions) {
    }

    @GET
    @Path("surveys/{id}/results")
    @Produces(MediaType.APPLICATION_JSON)
    public ResultsJson json(@PathParam("id") UUID id) {
        ResultsService.Results r = results.results(staff.get(), id);
        List<UnitJson> participation = r.participation().stream().map(p -> new UnitJson(p.unitId(), p.name(),
                p.parentId(), p.released(), p.released() ? p.respondents() : null, null, null, null)).toList();
        return new ResultsJson(r.surveyId(), r.title(), r.k(), participation,
                r.questions().stream().map(ResultsResource::question).toList());
    }

    private static QuestionJson question(ResultsService.QuestionResult q) {
        return new QuestionJson(q.questionId(), q.text(), q.type(), q.note(), q.categories(),
                q.release() == null ? List.of() : q.release().units().stream().map(ResultsResource::unit).toList(),
                q.parts().stream().map(ResultsResource::question).toList());
    }

    private static UnitJson unit(LaminarRelease.UnitFigures u) {
        return u.released() ? new UnitJson(u.unitId(), u.name(), u.parentId(), true, u.respondents(),
                new LinkedHashMap<>(u.categories()), u.other(), u.merged())
                : new UnitJson(u.unitId(), u.name(), u.parentId(), false, null, null, null, null);
    }

    /**
     * One line per shown figure: question, unit, category (or "other: a+b"), count. A multi-choice
     * question's lines are its options', with question_id "question/option".
     */
    @GET
    @Path("surveys/{id}/results.csv")
    @Produces("text/csv")
    public Response csv(@PathParam("id") UUID id) {
        ResultsService.Results r = results.results(staff.get(), id);
        StringBuilder out = new StringBuilder("question_id,unit_id,unit_name,category,count\n");
        for (ResultsService.QuestionResult q : r.questions().stream()
                .flatMap(q -> q.parts().isEmpty() ? java.util.stream.Stream.of(q) : q.parts().stream()).toList()) {
            if (q.release() == null) {
                continue;
            }
            for (LaminarRelease.UnitFigures u : q.release().units()) {
                if (!u.released()) {
                    out.append(q.questionId()).append(',').append(u.unitId()).append(',').append(csv(u.name()))
                            .append(",not shown,\n");
                    continue;
                }
                out.append(q.questionId()).append(',').append(u.unitId()).append(',').append(csv(u.name()))
                        .append(",respondents,").append(u.respondents()).append('\n');
                u.categories().forEach((c, n) -> out.append(q.questionId()).append(',').append(u.unitId()).append(',')
                        .append(csv(u.name())).append(',').append(c).append(',').append(n).append('\n'));
                if (u.other() > 0) {
                    out.append(q.questionId()).append(',').append(u.unitId()).append(',').append(csv(u.name()))
                            .append(",other: ").append(String.join("+", u.merged())).append(',').append(u.other())
                            .append('\n');
                }
            }
        }
        return Response.ok(out.toString()).header("Content-Disposition",
                "attachment; filename=\"results-" + r.surveyId() + ".csv\"").build();
    }

    /** Quoted, and a leading = + - @ defused so a spreadsheet does not run it as a formula. */
    private static String csv(String s) {
        String safe = !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        return "\"" + safe.replace("\"", "\"\"") + "\"";
    }
}
