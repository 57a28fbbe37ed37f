package org.candour.survey;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import org.candour.auth.CsrfProtected;
import org.candour.auth.CurrentStaff;
import org.candour.custody.CustodyService;
import org.candour.custody.PlanApprovalService;
import org.candour.org.Organisation;
import org.candour.org.OrganisationService;
import org.candour.web.Flash;
import org.candour.web.ProblemException;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Admin pages for surveys: create from a template or JSON, view, edit a draft, open, close. */
@Path("/admin")
@RolesAllowed("ADMIN")
@CsrfProtected
@Produces(MediaType.TEXT_HTML)
public class SurveyPages {

    private static final long MAX_UPLOAD = 512L * 1024;

    @Inject
    SurveyService surveys;

    @Inject
    OrganisationService organisations;

    @Inject
    CurrentStaff staff;

    @Inject
    org.candour.token.InvitationService invitations;

    @Inject
    CustodyService custody;

    @Inject
    PlanApprovalService plans;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance create(Organisation organisation, List<SurveyTemplates.Template> templates);

        static native TemplateInstance survey(Survey survey, Organisation organisation, SurveyDefinition definition,
                org.candour.token.InvitationService.Preview invitations, CustodyService.Custody custody,
                List<CustodyService.Candidate> candidates, PlanApprovalService.Plan plan, SurveyService.Closing closing,
                String notice);
    }

    @GET
    @Path("orgs/{slug}/surveys/new")
    public TemplateInstance createForm(@PathParam("slug") String slug) {
        return Templates.create(organisations.get(staff.get(), slug), SurveyTemplates.ALL);
    }

    @POST
    @Path("orgs/{slug}/surveys")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response create(@PathParam("slug") String slug, @RestForm("_csrf") String csrf,
            @RestForm String template, @RestForm("file") FileUpload file, @RestForm String json) throws IOException {
        Organisation o = organisations.get(staff.get(), slug);
        Survey s;
        if (file != null && file.uploadedFile() != null && file.size() > 0) {
            if (file.size() > MAX_UPLOAD) {
                throw new ProblemException(413, "A survey definition is at most 512 KiB.");
            }
            s = surveys.create(o, Files.readAllBytes(file.uploadedFile()));
        } else if (json != null && !json.isBlank()) {
            s = surveys.create(o, json.getBytes(StandardCharsets.UTF_8));
        } else if (template != null && !template.isBlank()) {
            s = surveys.createFromTemplate(o, template);
        } else {
            throw ProblemException.badRequest("Choose a template, upload a JSON file or paste a definition.");
        }
        return Response.seeOther(URI.create("/admin/surveys/" + s.id + "?notice=created")).build();
    }

    @GET
    @Path("surveys/{id}")
    public TemplateInstance survey(@PathParam("id") UUID id, @RestQuery String notice) {
        Survey s = surveys.get(staff.get(), id);
        return Templates.survey(s, organisations.getById(staff.get(), s.organisationId), s.parsed(),
                invitations.preview(staff.get(), id), custody.view(staff.get(), id), custody.candidates(staff.get(), id),
                plans.view(staff.get(), id), surveys.closing(s), Flash.message(notice));
    }

    /** Generates invitations for one unit and sends them as a CSV download, once. */
    @POST
    @Path("surveys/{id}/invitations")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces({"text/csv", MediaType.TEXT_HTML, MediaType.WILDCARD})
    public Response invite(@PathParam("id") UUID id, @RestForm("_csrf") String csrf, @RestForm String unitId,
            @RestForm String count) {
        int n;
        try {
            n = Integer.parseInt(count == null ? "" : count.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("count: a whole number.");
        }
        return org.candour.token.InvitationResource.csv(invitations.generate(staff.get(), id, unitId, n));
    }

    /** Names the draft's trustees (ticked usernames) and its threshold. */
    @POST
    @Path("surveys/{id}/custody")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response custody(@PathParam("id") UUID id, @RestForm("_csrf") String csrf, @RestForm String threshold,
            @RestForm("trustee") List<String> trustees) {
        Integer t;
        try {
            t = threshold == null || threshold.isBlank() ? null : Integer.valueOf(threshold.trim());
        } catch (NumberFormatException e) {
            throw new ProblemException(422, "threshold: a whole number, at least 2.");
        }
        custody.configure(staff.get(), id, t, trustees);
        return Response.seeOther(URI.create("/admin/surveys/" + id + "?notice=custody-saved")).build();
    }

    @POST
    @Path("surveys/{id}/definition")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response updateDefinition(@PathParam("id") UUID id, @RestForm("_csrf") String csrf, @RestForm String json) {
        surveys.updateDefinition(staff.get(), id, json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8));
        return Response.seeOther(URI.create("/admin/surveys/" + id + "?notice=saved")).build();
    }

    @POST
    @Path("surveys/{id}/open")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response open(@PathParam("id") UUID id, @RestForm("_csrf") String csrf, @RestForm String closesOn) {
        // Unlike the API, the page has no default: the admin chooses the day they announce.
        surveys.open(staff.get(), id, ClosingDay.fromForm(closesOn));
        return Response.seeOther(URI.create("/admin/surveys/" + id + "?notice=opened")).build();
    }

    @POST
    @Path("surveys/{id}/close")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response close(@PathParam("id") UUID id, @RestForm("_csrf") String csrf, @RestForm String reason) {
        surveys.close(staff.get(), id, reason);
        return Response.seeOther(URI.create("/admin/surveys/" + id + "?notice=closed")).build();
    }

    @POST
    @Path("surveys/{id}/closing-day")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response moveClosingDay(@PathParam("id") UUID id, @RestForm("_csrf") String csrf, @RestForm String closesOn,
            @RestForm String reason) {
        surveys.moveClosingDay(staff.get(), id, ClosingDay.fromForm(closesOn), reason);
        return Response.seeOther(URI.create("/admin/surveys/" + id + "?notice=closing-moved")).build();
    }

    @POST
    @Path("surveys/{id}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(@PathParam("id") UUID id, @RestForm("_csrf") String csrf) {
        Survey s = surveys.get(staff.get(), id);
        String slug = organisations.getById(staff.get(), s.organisationId).slug;
        surveys.delete(staff.get(), id);
        return Response.seeOther(URI.create("/admin/orgs/" + slug + "?notice=deleted")).build();
    }
}
