package org.candour.publication;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.candour.auth.CsrfProtected;
import org.candour.auth.CurrentStaff;
import org.candour.org.Organisation;
import org.candour.org.OrganisationService;
import org.jboss.resteasy.reactive.RestForm;

/** The organisation page's publication forms: the second approval, and rotating the key. */
@Path("/admin/publication-settings/{slug}")
@RolesAllowed("ADMIN")
@CsrfProtected
public class PublicationSettingsPages {

    @Inject
    PublicationService publications;

    @Inject
    OrganisationService organisations;

    @Inject
    CurrentStaff staff;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response settings(@PathParam("slug") String slug, @RestForm("_csrf") String csrf,
            @RestForm String secondApproval) {
        Organisation o = organisations.get(staff.get(), slug);
        publications.setSecondApproval(staff.get(), o.id, "true".equals(secondApproval));
        return Response.seeOther(URI.create("/admin/orgs/" + slug + "?notice=saved")).build();
    }

    @POST
    @Path("rotate-key")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response rotate(@PathParam("slug") String slug, @RestForm("_csrf") String csrf) {
        Organisation o = organisations.get(staff.get(), slug);
        publications.rotateKey(staff.get(), o.id);
        return Response.seeOther(URI.create("/admin/orgs/" + slug + "?notice=key-rotated")).build();
    }
}
