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
import org.candour.custody.UnlockService;
import org.candour.survey.Survey;
import org.candour.survey.SurveyService;
import org.candour.survey.SurveyStatus;
import org.candour.web.ProblemException;

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
    UnlockService unlocks;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance dashboard(ResultsService.Results results,
                List<ResultsService.Participation> participation, List<ResultsView.Chart> charts);

        static native TemplateInstance open(Survey survey, ResultsService.OpenCount count);

        static native TemplateInstance ledger(Survey survey, List<ReleaseLedger.Entry> entries);

        static native TemplateInstance question(ResultsService.Results results, ResultsView.Chart c,
                List<ResultsView.Bar> distribution, List<String> demographics, List<ResultsView.ByDemographic> byBands,
                ResultsView.Chart previous, ResultsView.Chart next);
    }

    @GET
    public TemplateInstance dashboard(@PathParam("id") UUID id) {
        Survey s = surveys.get(staff.get(), id);
        if (s.status != SurveyStatus.CLOSED) {
            return open(s);
        }
        ResultsService.Results r = results.results(staff.get(), id);
        return Templates.dashboard(r, r.participation(), charts(s, r));
    }

    /** The release ledger: what has been released about the survey, when and where. */
    @GET
    @Path("ledger")
    public TemplateInstance ledger(@PathParam("id") UUID id) {
        Survey s = surveys.get(staff.get(), id);
        return Templates.ledger(s, results.ledger(staff.get(), s.id));
    }

    /**
     * One question on its own page: the organisation's distribution, every unit, the data table and,
     * for free text, the unlocked comments. Made from the same release as the dashboard, so it shows
     * exactly the same figures (and nothing the dashboard does not).
     */
    @GET
    @Path("questions/{questionId}")
    public TemplateInstance question(@PathParam("id") UUID id, @PathParam("questionId") String questionId) {
        Survey s = surveys.get(staff.get(), id);
        if (s.status != SurveyStatus.CLOSED) {
            return open(s);
        }
        ResultsService.Results r = results.results(staff.get(), id);
        List<ResultsView.Chart> charts = charts(s, r);
        int i = 0;
        while (i < charts.size() && !charts.get(i).questionId().equals(questionId)) {
            i++;
        }
        if (i == charts.size()) {
            throw new ProblemException(404, "This survey has no question with id '" + questionId + "'.");
        }
        List<String> demographics = s.parsed().demographics().stream()
                .filter(q -> !s.parsed().isBreakdown(q.id())).map(q -> q.text()).toList();
        ResultsView.Chart c = charts.get(i);
        ResultsService.QuestionResult q = r.questions().get(i);
        return Templates.question(r, c, ResultsView.distribution(c), demographics, ResultsView.byBands(q, r),
                i > 0 ? charts.get(i - 1) : null, i + 1 < charts.size() ? charts.get(i + 1) : null);
    }

    private TemplateInstance open(Survey s) {
        return Templates.open(s, s.status == SurveyStatus.OPEN ? results.openCount(staff.get(), s.id) : null);
    }

    /** Every question's chart; a free-text question's with its unlocked, redacted comments. */
    private List<ResultsView.Chart> charts(Survey s, ResultsService.Results r) {
        List<CommentVault.Comment> comments = unlocks.comments(s.id);
        Redactor redactor = comments == null ? null : new Redactor(
                org.candour.org.ReportingUnit.<org.candour.org.ReportingUnit>list("organisationId", s.organisationId)
                        .stream().map(u -> u.name).toList());
        return r.questions().stream().map(q -> ResultsView.chart(q, r.k(),
                comments == null || !"text".equals(q.type()) ? null : comments.stream()
                        .filter(c -> c.questionId().equals(q.questionId())).map(CommentVault.Comment::text).toList(),
                redactor)).toList();
    }
}
