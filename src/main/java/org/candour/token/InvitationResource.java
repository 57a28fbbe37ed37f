package org.candour.token;

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
import java.util.UUID;
import org.candour.auth.CurrentStaff;
import org.candour.web.ProblemException;

/** Admin API: generate a draft survey's invitations (shown once, as CSV) and preview their groups. */
@Path("/api/admin/surveys/{id}/invitations")
@RolesAllowed("ADMIN")
public class InvitationResource {

    @Inject
    InvitationService invitations;

    @Inject
    CurrentStaff staff;

    public record GenerateRequest(String unitId, Integer count) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({"text/csv", MediaType.APPLICATION_JSON})
    public Response generate(@PathParam("id") UUID id, GenerateRequest in) {
        if (in == null || in.count() == null) {
            throw ProblemException.badRequest("Send {\"unitId\", \"count\"}.");
        }
        InvitationService.Generated g = invitations.generate(staff.get(), id, in.unitId(), in.count());
        return csv(g);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public InvitationService.Preview preview(@PathParam("id") UUID id) {
        return invitations.preview(staff.get(), id);
    }

    /** The codes as CSV, to print or mail merge. They are not stored and cannot be shown again. */
    public static Response csv(InvitationService.Generated g) {
        StringBuilder sb = new StringBuilder("code,unit_id,unit_name\r\n");
        String name = "\"" + g.unitName().replace("\"", "\"\"") + "\"";
        for (String code : g.codes()) {
            sb.append(code).append(',').append(g.unitId()).append(',').append(name).append("\r\n");
        }
        return Response.ok(sb.toString(), "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"invitations-" + g.unitId() + ".csv\"")
                .header("Cache-Control", "no-store")
                .build();
    }
}
