package org.candour.account;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.candour.account.AccountService.AccountInput;
import org.candour.auth.CurrentStaff;
import org.candour.web.ProblemException;

/** Admin JSON API for staff accounts (API token or HTTP Basic). Password hashes are never returned. */
@Path("/api/admin/accounts")
@RolesAllowed("ADMIN")
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {

    @Inject
    AccountService accounts;

    @Inject
    CurrentStaff staff;

    public record AccountView(String id, String username, String displayName, String organisationId,
            Set<Role> roles, boolean enabled, boolean locked) {
        static AccountView of(StaffAccount a) {
            return new AccountView(a.id.toString(), a.username, a.displayName,
                    a.organisationId == null ? null : a.organisationId.toString(), Set.copyOf(a.roles), a.enabled,
                    a.lockedAt(java.time.Instant.now()));
        }
    }

    @GET
    public List<AccountView> list() {
        return accounts.list(staff.get()).stream().map(AccountView::of).toList();
    }

    @GET
    @Path("{id}")
    public AccountView get(@PathParam("id") UUID id) {
        return AccountView.of(accounts.get(staff.get(), id));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(AccountInput in) {
        if (in == null) {
            throw ProblemException.badRequest("Send {\"username\", \"displayName\", \"password\", \"roles\"}.");
        }
        return Response.status(201).entity(AccountView.of(accounts.create(staff.get(), in))).build();
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public AccountView update(@PathParam("id") UUID id, AccountInput in) {
        if (in == null) {
            throw ProblemException.badRequest("Send the fields to change.");
        }
        return AccountView.of(accounts.update(staff.get(), id, in));
    }

    @POST
    @Path("{id}/unlock")
    public AccountView unlock(@PathParam("id") UUID id) {
        return AccountView.of(accounts.unlock(staff.get(), id));
    }
}
