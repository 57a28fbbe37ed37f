package org.candour.survey;

import com.fasterxml.jackson.annotation.JsonRawValue;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.candour.auth.CurrentStaff;
import org.candour.org.Organisation;
import org.candour.org.OrganisationService;
import org.candour.web.ProblemException;

/** Admin JSON API for surveys (HTTP Basic). */
@Path("/api/admin")
@RolesAllowed("ADMIN")
@Produces(MediaType.APPLICATION_JSON)
public class SurveyResource {

    @Inject
    SurveyService surveys;

    @Inject
    OrganisationService organisations;

    @Inject
    CurrentStaff staff;

    /** A survey as the admin API shows it; {@code definition} is the canonical definition JSON. */
    public record SurveyView(String id, String organisation, String title, String status, int k,
            @JsonRawValue String definition) {
        static SurveyView of(Survey s, Organisation o) {
            return new SurveyView(s.id.toString(), o.slug, s.title, s.status.name(), s.k, s.definition);
        }
    }

    public record SurveySummary(String id, String title, String status, int k) {
    }

    @GET
    @Path("survey-templates")
    public List<SurveyTemplates.Template> templates() {
        return SurveyTemplates.ALL;
    }

    @GET
    @Path("survey-templates/{id}")
    public String template(@PathParam("id") String id) {
        if (SurveyTemplates.find(id).isEmpty()) {
            throw ProblemException.notFound("No survey template with that id.");
        }
        return new String(SurveyTemplates.load(id), StandardCharsets.UTF_8);
    }

    @GET
    @Path("organisations/{slug}/surveys")
    public List<SurveySummary> list(@PathParam("slug") String slug) {
        Organisation o = organisations.get(staff.get(), slug);
        return Survey.ofOrganisation(o.id).stream()
                .map(s -> new SurveySummary(s.id.toString(), s.title, s.status.name(), s.k)).toList();
    }

    @POST
    @Path("organisations/{slug}/surveys")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@PathParam("slug") String slug, byte[] definition) {
        Organisation o = organisations.get(staff.get(), slug);
        Survey s = surveys.create(o, definition == null ? new byte[0] : definition);
        return Response.status(201).entity(SurveyView.of(s, o)).build();
    }

    @POST
    @Path("organisations/{slug}/surveys/from-template/{templateId}")
    public Response createFromTemplate(@PathParam("slug") String slug, @PathParam("templateId") String templateId) {
        Organisation o = organisations.get(staff.get(), slug);
        Survey s = surveys.createFromTemplate(o, templateId);
        return Response.status(201).entity(SurveyView.of(s, o)).build();
    }

    @GET
    @Path("surveys/{id}")
    public SurveyView get(@PathParam("id") UUID id) {
        Survey s = surveys.get(staff.get(), id);
        return view(s);
    }

    @PUT
    @Path("surveys/{id}/definition")
    @Consumes(MediaType.APPLICATION_JSON)
    public SurveyView updateDefinition(@PathParam("id") UUID id, byte[] definition) {
        return view(surveys.updateDefinition(staff.get(), id, definition == null ? new byte[0] : definition));
    }

    @POST
    @Path("surveys/{id}/open")
    public SurveyView open(@PathParam("id") UUID id) {
        return view(surveys.open(staff.get(), id));
    }

    @POST
    @Path("surveys/{id}/close")
    public SurveyView close(@PathParam("id") UUID id) {
        return view(surveys.close(staff.get(), id));
    }

    @DELETE
    @Path("surveys/{id}")
    public Response delete(@PathParam("id") UUID id) {
        surveys.delete(staff.get(), id);
        return Response.noContent().build();
    }

    private SurveyView view(Survey s) {
        return SurveyView.of(s, organisations.getById(staff.get(), s.organisationId));
    }
}
