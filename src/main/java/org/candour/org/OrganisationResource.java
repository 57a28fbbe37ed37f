package org.candour.org;

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
import org.candour.auth.CurrentStaff;
import org.candour.org.OrganisationService.ImportResult;

/** Admin JSON API for organisations and their unit trees (HTTP Basic). */
@Path("/api/admin")
@RolesAllowed("ADMIN")
@Produces(MediaType.APPLICATION_JSON)
public class OrganisationResource {

    @Inject
    OrganisationService organisations;

    @Inject
    CurrentStaff staff;

    public record OrganisationInput(String slug, String name) {
    }

    public record OrganisationView(String id, String slug, String name) {
        static OrganisationView of(Organisation o) {
            return new OrganisationView(o.id.toString(), o.slug, o.name);
        }
    }

    public record UnitInput(String id, String name, String parentId) {
    }

    @GET
    @Path("organisations")
    public List<OrganisationView> list() {
        return organisations.list(staff.get()).stream().map(OrganisationView::of).toList();
    }

    @POST
    @Path("organisations")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(OrganisationInput in) {
        if (in == null) {
            throw org.candour.web.ProblemException.badRequest("Send {\"slug\", \"name\"}.");
        }
        Organisation o = organisations.create(staff.get(), in.slug(), in.name());
        return Response.status(201).entity(OrganisationView.of(o)).build();
    }

    @GET
    @Path("organisations/{slug}")
    public OrganisationView get(@PathParam("slug") String slug) {
        return OrganisationView.of(organisations.get(staff.get(), slug));
    }

    /** The unit tree, nested. */
    @GET
    @Path("organisations/{slug}/units")
    public List<UnitView> units(@PathParam("slug") String slug) {
        return organisations.tree(organisations.get(staff.get(), slug));
    }

    /** Imports units from CSV ({@code id,name,parent_id}), merging into the tree; all or nothing. */
    @POST
    @Path("organisations/{slug}/units/import")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    public ImportResult importCsv(@PathParam("slug") String slug, byte[] body) {
        return organisations.importCsv(organisations.get(staff.get(), slug), body == null ? new byte[0] : body);
    }

    /** Imports units from JSON (a list of {id, name, parentId}, or nested with children). */
    @POST
    @Path("organisations/{slug}/units/import")
    @Consumes(MediaType.APPLICATION_JSON)
    public ImportResult importJson(@PathParam("slug") String slug, byte[] body) {
        return organisations.importJson(organisations.get(staff.get(), slug), body == null ? new byte[0] : body);
    }

    @POST
    @Path("organisations/{slug}/units")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response addUnit(@PathParam("slug") String slug, UnitInput in) {
        if (in == null) {
            throw org.candour.web.ProblemException.badRequest("Send {\"id\", \"name\", \"parentId\"}.");
        }
        organisations.addUnit(organisations.get(staff.get(), slug), in.id(), in.name(), in.parentId());
        return Response.status(201).build();
    }

    @PUT
    @Path("organisations/{slug}/units/{unitId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public ImportResult updateUnit(@PathParam("slug") String slug, @PathParam("unitId") String unitId, UnitInput in) {
        if (in == null) {
            throw org.candour.web.ProblemException.badRequest("Send {\"name\", \"parentId\"}.");
        }
        return organisations.updateUnit(organisations.get(staff.get(), slug), unitId, in.name(), in.parentId());
    }

    @DELETE
    @Path("organisations/{slug}/units/{unitId}")
    public Response deleteUnit(@PathParam("slug") String slug, @PathParam("unitId") String unitId) {
        organisations.deleteUnit(organisations.get(staff.get(), slug), unitId);
        return Response.noContent().build();
    }
}
