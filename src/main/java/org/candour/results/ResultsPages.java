package org.candour.results;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.candour.auth.CurrentStaff;
import org.candour.custody.CommentVault;
import org.candour.survey.Survey;
import org.candour.survey.SurveyService;
import org.candour.survey.SurveyStatus;

/** The results dashboard for admins and publishers of the survey's organisation. */
@Path("/admin/surveys/{id}/results")
@RolesAllowed({"ADMIN", "PUBLISHER"})
@Produces(MediaType.TEXT_HTML)
public class ResultsPages {

    @Inject
    ResultsService results;

    @Inject
    SurveyService surveys;

    @Inject
    CurrentStaff staff;

    @Inject
    CommentVault vault;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance dashboard(ResultsService.Results results,
                List<ResultsService.Participation> participation, List<ResultsView.Chart> charts);

        static native TemplateInstance open(Survey survey, List<ResultsService.OpenCount> counts);
    }

    @GET
    public TemplateInstance dashboard(@PathParam("id") UUID id) {
        Survey s = surveys.get(staff.get(), id);
        if (s.status != SurveyStatus.CLOSED) {
            return Templates.open(s, s.status == SurveyStatus.OPEN ? results.openCounts(staff.get(), id) : List.of());
        }
        ResultsService.Results r = results.results(staff.get(), id);
        List<CommentVault.Comment> comments = vault.comments(s.id);
        Redactor redactor = comments == null ? null : new Redactor(
                org.candour.org.ReportingUnit.<org.candour.org.ReportingUnit>list("organisationId", s.organisationId)
                        .stream().map(u -> u.name).toList());
        return Templates.dashboard(r, r.participation(), r.questions().stream().map(q -> ResultsView.chart(q, r.k(),
                comments == null || !"text".equals(q.type()) ? null : comments.stream()
                        .filter(c -> c.questionId().equals(q.questionId())).map(CommentVault.Comment::text).toList(),
                redactor)).toList());
    }
}
