package org.candour.publication;

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
import java.util.List;
import java.util.UUID;
import org.candour.auth.CurrentStaff;
import org.candour.org.Organisation;
import org.candour.web.ProblemException;

/** The publisher's workspace as JSON, for API tokens and scripts: the same service as the pages. */
@Path("/api/publisher/publications")
@RolesAllowed({"PUBLISHER", "ADMIN"})
@Produces(MediaType.APPLICATION_JSON)
public class PublisherResource {

    @Inject
    PublicationService publications;

    @Inject
    CurrentStaff staff;

    /** A new draft of a closed survey's results. */
    public record Create(UUID surveyId) {
    }

    /** A publication as the API shows it: where it stands, and what it shows (the preview, or as published). */
    public record View(String id, String status, Integer number, String publishedOn, String address,
            List<String> questions, PublicationDocument document) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(Create in) {
        if (in == null || in.surveyId() == null) {
            throw ProblemException.badRequest("surveyId: give the id of a closed survey.");
        }
        Publication p = publications.create(staff.get(), in.surveyId());
        return Response.status(201).entity(view(p)).build();
    }

    @GET
    @Path("{id}")
    public View get(@PathParam("id") UUID id) {
        return view(publications.get(staff.get(), id));
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public View update(@PathParam("id") UUID id, PublicationService.Edit in) {
        if (in == null) {
            throw ProblemException.badRequest("Send the publication's title, summary, commentary and"
                    + " questions.");
        }
        return view(publications.update(staff.get(), id, in));
    }

    /** Publishes, or sends for a second approval where the organisation asks for one. */
    @POST
    @Path("{id}/publish")
    public View publish(@PathParam("id") UUID id) {
        return view(publications.submit(staff.get(), id));
    }

    @POST
    @Path("{id}/approve")
    public View approve(@PathParam("id") UUID id) {
        return view(publications.approve(staff.get(), id));
    }

    @DELETE
    @Path("{id}")
    public Response discard(@PathParam("id") UUID id) {
        publications.discard(staff.get(), id);
        return Response.noContent().build();
    }

    private View view(Publication p) {
        String slug = p.published() ? Organisation.<Organisation>findById(p.organisationId).slug
                : null;
        return new View(p.id.toString(), p.status, p.number, p.publishedOn == null ? null : p.publishedOn.toString(),
                slug == null ? null : PublicPages.address(slug, p.number), p.questionIds(),
                publications.preview(staff.get(), p.id));
    }
}
