package org.candour.account;

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
import java.net.URI;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.candour.account.AccountService.AccountInput;
import org.candour.auth.CsrfProtected;
import org.candour.auth.CurrentStaff;
import org.candour.org.Organisation;
import org.candour.org.OrganisationService;
import org.candour.web.Flash;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

/** Admin pages for staff accounts. */
@Path("/admin/accounts")
@RolesAllowed("ADMIN")
@CsrfProtected
@Produces(MediaType.TEXT_HTML)
public class AccountPages {

    @Inject
    AccountService accounts;

    @Inject
    OrganisationService organisations;

    @Inject
    CurrentStaff staff;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<StaffAccount> accounts, List<Organisation> organisations,
                Role[] roles, Instant now, String notice);

        static native TemplateInstance edit(StaffAccount account, Role[] roles, String notice);
    }

    @GET
    public TemplateInstance list(@RestQuery String notice) {
        return Templates.list(accounts.list(staff.get()), organisations.list(staff.get()), Role.values(),
                Instant.now(), Flash.message(notice));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@RestForm("_csrf") String csrf, @RestForm String username, @RestForm String displayName,
            @RestForm String password, @RestForm("role") List<String> roles, @RestForm String organisationId) {
        StaffAccount a = accounts.create(staff.get(), new AccountInput(username, displayName, password,
                roles(roles), organisationId == null || organisationId.isBlank() ? null : parse(organisationId), true));
        return Response.seeOther(URI.create("/admin/accounts/" + a.id + "?notice=created")).build();
    }

    @GET
    @Path("{id}")
    public TemplateInstance edit(@PathParam("id") UUID id, @RestQuery String notice) {
        return Templates.edit(accounts.get(staff.get(), id), Role.values(), Flash.message(notice));
    }

    @POST
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response update(@PathParam("id") UUID id, @RestForm("_csrf") String csrf, @RestForm String displayName,
            @RestForm String password, @RestForm("role") List<String> roles, @RestForm String enabled) {
        accounts.update(staff.get(), id, new AccountInput(null, displayName, password, roles(roles), null,
                "on".equals(enabled)));
        return Response.seeOther(URI.create("/admin/accounts/" + id + "?notice=saved")).build();
    }

    @POST
    @Path("{id}/unlock")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response unlock(@PathParam("id") UUID id, @RestForm("_csrf") String csrf) {
        accounts.unlock(staff.get(), id);
        return Response.seeOther(URI.create("/admin/accounts/" + id + "?notice=unlocked")).build();
    }

    private static Set<Role> roles(List<String> names) {
        Set<Role> out = EnumSet.noneOf(Role.class);
        if (names != null) {
            for (String n : names) {
                try {
                    out.add(Role.valueOf(n));
                } catch (IllegalArgumentException e) {
                    throw org.candour.web.ProblemException.badRequest("Unknown role.");
                }
            }
        }
        return out;
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw org.candour.web.ProblemException.badRequest("Unknown organisation.");
        }
    }
}
