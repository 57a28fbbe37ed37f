package org.candour.account;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.candour.account.ApiTokenService.Created;
import org.candour.account.ApiTokenService.TokenView;
import org.candour.auth.CurrentStaff;

/**
 * API tokens for the admin JSON API: an admin makes one for their own account (the secret is in
 * this one answer and never again), lists the tokens of the accounts they manage and revokes them.
 */
@Path("/api/admin/api-tokens")
@RolesAllowed("ADMIN")
@Produces(MediaType.APPLICATION_JSON)
public class ApiTokenResource {

    @Inject
    ApiTokenService tokens;

    @Inject
    CurrentStaff staff;

    public record TokenInput(String name) {
    }

    @GET
    public List<TokenView> list() {
        return tokens.list(staff.get());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(TokenInput in) {
        Created c = tokens.create(staff.get(), in == null ? null : in.name());
        return Response.status(201).entity(c).build();
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") UUID id) {
        tokens.revoke(staff.get(), id);
        return Response.noContent().build();
    }
}
