package org.candour.survey;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
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

    @Inject
    ObjectMapper json;

    /**
     * A survey as the admin API shows it; {@code definition} is the canonical definition JSON,
     * {@code closesOn} the announced closing day (YYYY-MM-DD, null for a draft) and
     * {@code closingChanges} every change to it since the survey opened, oldest first.
     */
    public record SurveyView(String id, String organisation, String title, String status, int k,
            @JsonRawValue String definition, LocalDate closesOn, List<ClosingChange.Json> closingChanges) {
        static SurveyView of(Survey s, Organisation o, List<ClosingChange> changes) {
            return new SurveyView(s.id.toString(), o.slug, s.title, s.status.name(), s.k, s.definition, s.closesOn,
                    changes.stream().map(ClosingChange::json).toList());
        }
    }

    /** Opening: the closing day to announce, YYYY-MM-DD; left out, 28 days from today. */
    public record OpenRequest(String closesOn) {
    }

    /** Closing: why, when closing before or after the announced day. */
    public record CloseRequest(String reason) {
    }

    /** Moving the closing day of an open survey: the new day, YYYY-MM-DD, and why. */
    public record MoveRequest(String closesOn, String reason) {
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
        return Response.status(201).entity(SurveyView.of(s, o, List.of())).build();
    }

    @POST
    @Path("organisations/{slug}/surveys/from-template/{templateId}")
    public Response createFromTemplate(@PathParam("slug") String slug, @PathParam("templateId") String templateId) {
        Organisation o = organisations.get(staff.get(), slug);
        Survey s = surveys.createFromTemplate(o, templateId);
        return Response.status(201).entity(SurveyView.of(s, o, List.of())).build();
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

    /**
     * Opens a draft. The JSON body ({@link OpenRequest}) is optional, so that clients written before closing
     * days still work: without a closing day the survey closes 28 days from today.
     */
    @POST
    @Path("surveys/{id}/open")
    @Consumes(MediaType.WILDCARD)
    public SurveyView open(@PathParam("id") UUID id, byte[] body) throws IOException {
        OpenRequest in = optional(body, OpenRequest.class, new OpenRequest(null));
        return view(surveys.open(staff.get(), id, ClosingDay.parse(in.closesOn())));
    }

    /**
     * Closes an open survey. The JSON body ({@link CloseRequest}) is optional: a reason is needed only before
     * or after the announced day.
     */
    @POST
    @Path("surveys/{id}/close")
    @Consumes(MediaType.WILDCARD)
    public SurveyView close(@PathParam("id") UUID id, byte[] body) throws IOException {
        return view(surveys.close(staff.get(), id, optional(body, CloseRequest.class, new CloseRequest(null)).reason()));
    }

    @POST
    @Path("surveys/{id}/closing-day")
    @Consumes(MediaType.WILDCARD)
    public SurveyView moveClosingDay(@PathParam("id") UUID id, byte[] body) throws IOException {
        MoveRequest in = optional(body, MoveRequest.class, new MoveRequest(null, null));
        return view(surveys.moveClosingDay(staff.get(), id, ClosingDay.parse(in.closesOn()), in.reason()));
    }

    /** A JSON body, or {@code otherwise} when there is none (whatever the content type, which none needs). */
    private <T> T optional(byte[] body, Class<T> type, T otherwise) throws IOException {
        if (body == null || body.length == 0) {
            return otherwise;
        }
        T in = json.readValue(body, type);
        return in == null ? otherwise : in;
    }

    @DELETE
    @Path("surveys/{id}")
    public Response delete(@PathParam("id") UUID id) {
        surveys.delete(staff.get(), id);
        return Response.noContent().build();
    }

    private SurveyView view(Survey s) {
        return SurveyView.of(s, organisations.getById(staff.get(), s.organisationId), surveys.changes(s.id));
    }
}
