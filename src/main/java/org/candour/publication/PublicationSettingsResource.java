package org.candour.publication;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.candour.auth.CurrentStaff;
import org.candour.org.Organisation;
import org.candour.org.OrganisationService;
import org.candour.web.ProblemException;

/** An admin's publication settings for their organisation: the second approval, and rotating the key. */
@Path("/api/publisher/organisations/{slug}")
@RolesAllowed("ADMIN")
@Produces(MediaType.APPLICATION_JSON)
public class PublicationSettingsResource {

    @Inject
    PublicationService publications;

    @Inject
    OrganisationService organisations;

    @Inject
    CurrentStaff staff;

    /** The settings. */
    public record Settings(Boolean secondApproval) {
    }

    /** The key now current. */
    public record Key(String keyId, String fingerprint) {
    }

    @PUT
    @Path("settings")
    @Consumes(MediaType.APPLICATION_JSON)
    public Settings settings(@PathParam("slug") String slug, Settings in) {
        if (in == null || in.secondApproval() == null) {
            throw ProblemException.badRequest("secondApproval: give true or false.");
        }
        Organisation o = organisations.get(staff.get(), slug);
        publications.setSecondApproval(staff.get(), o.id, in.secondApproval());
        return in;
    }

    /** Retires the publication key; the new one is endorsed by the old and the rotation logged. */
    @POST
    @Path("key/rotate")
    public Key rotate(@PathParam("slug") String slug) {
        Organisation o = organisations.get(staff.get(), slug);
        PublicationKeys.Signing k = publications.rotateKey(staff.get(), o.id);
        return new Key(k.keyId(), Minisign.fingerprint(k.publicKey()));
    }
}
