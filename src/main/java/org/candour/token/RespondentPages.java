package org.candour.token;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.candour.survey.Survey;
import org.candour.survey.SurveyService;
import org.candour.survey.SurveyStatus;
import org.candour.web.ProblemException;

/**
 * The respondent's pages. They read nothing about the visitor and are never logged. The code a
 * person follows a link with sits in the URL fragment, which browsers never send to the server.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class RespondentPages {

    @Inject
    TokenConfig config;

    @Inject
    IssuingPlanService plans;

    @Inject
    SurveyService surveys;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance pass(int pollSeconds);

        static native TemplateInstance survey(Survey survey, String description, IssuingPlan plan,
                SurveyService.Closing closing);
    }

    /** Where a person turns an invitation code into a survey pass, on their own device. */
    @GET
    @Path("pass")
    public TemplateInstance pass() {
        return Templates.pass(config.pollSeconds());
    }

    /**
     * A survey's public page: what it is, its announced closing day and every change to it, the way to a
     * pass, and each key with its fingerprint, its invitations and the units pooled into it, for people to
     * compare.
     */
    @GET
    @Path("s/{id}")
    public TemplateInstance survey(@PathParam("id") UUID id) {
        Survey s = id == null ? null : Survey.findById(id);
        if (s == null || s.status == SurveyStatus.DRAFT) {
            throw ProblemException.notFound("No open or closed survey has that address.");
        }
        return Templates.survey(s, s.parsed().description(), plans.published(s), surveys.closing(s));
    }
}
