package org.candour.custody;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Map;
import java.util.UUID;
import org.candour.auth.CurrentStaff;
import org.candour.web.ProblemException;

/** Trustee custody over HTTP: custody keys, a draft's trustees, and unlocking a closed survey's comments. */
@Path("/api/admin")
@Produces(MediaType.APPLICATION_JSON)
public class CustodyResource {

    @Inject
    CustodyService custody;

    @Inject
    UnlockService unlocks;

    @Inject
    CurrentStaff staff;

    public record KeyRequest(String passphrase) {
    }

    public record CustodyRequest(Integer threshold, List<String> trustees) {
    }

    public record UnlockRequest(JsonNode keyFile, String passphrase) {
    }

    /** Makes a new custody key; the response is the key file, shown this once. */
    @POST
    @Path("trustee/key")
    @RolesAllowed("TRUSTEE")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response registerKey(KeyRequest in) {
        if (in == null || in.passphrase() == null) {
            throw new ProblemException(422, "passphrase: required, at least " + CustodyService.MIN_PASSPHRASE + " characters.");
        }
        TrusteeKeyFile file = custody.registerKey(staff.get(), in.passphrase().toCharArray());
        return Response.status(201).entity(file.toJson())
                .header("Content-Disposition", "attachment; filename=\"" + fileName(file.keyId()) + "\"").build();
    }

    static String fileName(String keyId) {
        return "candour-trustee-key-" + keyId.substring(0, 12) + ".json";
    }

    @GET
    @Path("trustee/key")
    @RolesAllowed("TRUSTEE")
    public Map<String, String> currentKey() {
        String keyId = custody.currentKeyId(staff.get().accountId());
        if (keyId == null) {
            throw ProblemException.notFound("You have not registered a custody key yet.");
        }
        return Map.of("keyId", keyId);
    }

    @GET
    @Path("surveys/{id}/custody")
    @RolesAllowed({"ADMIN", "TRUSTEE"})
    public CustodyService.Custody view(@PathParam("id") UUID id) {
        return custody.view(staff.get(), id);
    }

    @PUT
    @Path("surveys/{id}/custody")
    @RolesAllowed("ADMIN")
    @Consumes(MediaType.APPLICATION_JSON)
    public CustodyService.Custody configure(@PathParam("id") UUID id, CustodyRequest in) {
        if (in == null) {
            throw ProblemException.badRequest("Send {\"threshold\", \"trustees\": [usernames]}.");
        }
        return custody.configure(staff.get(), id, in.threshold(), in.trustees());
    }

    @GET
    @Path("surveys/{id}/unlock")
    @RolesAllowed({"ADMIN", "TRUSTEE", "PUBLISHER"})
    public UnlockService.Status unlockStatus(@PathParam("id") UUID id) {
        return unlocks.status(staff.get(), id);
    }

    @POST
    @Path("surveys/{id}/unlock")
    @RolesAllowed("TRUSTEE")
    @Consumes(MediaType.APPLICATION_JSON)
    public UnlockService.Status unlock(@PathParam("id") UUID id, UnlockRequest in) {
        if (in == null || in.keyFile() == null) {
            throw new ProblemException(422, "keyFile: required: the key file you saved when you registered your custody key.");
        }
        if (in.passphrase() == null || in.passphrase().isEmpty()) {
            throw new ProblemException(422, "passphrase: required: the passphrase of your key file.");
        }
        TrusteeKeyFile file = in.keyFile().isTextual() ? TrusteeKeyFile.parse(
                in.keyFile().textValue().getBytes(java.nio.charset.StandardCharsets.UTF_8)) : TrusteeKeyFile.of(in.keyFile());
        return unlocks.present(staff.get(), id, file, in.passphrase().toCharArray());
    }

    @DELETE
    @Path("surveys/{id}/unlock")
    @RolesAllowed({"ADMIN", "TRUSTEE"})
    public Response lock(@PathParam("id") UUID id) {
        unlocks.lock(staff.get(), id);
        return Response.noContent().build();
    }
}
