package org.candour.custody;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.candour.auth.CurrentStaff;

/**
 * A draft's issuing plan over HTTP: admins and the survey's trustees read it with its digest and
 * approvals; a named trustee approves it by that digest.
 */
@Path("/api/admin/surveys/{id}/plan")
@Produces(MediaType.APPLICATION_JSON)
public class PlanResource {

    @Inject
    PlanApprovalService plans;

    @Inject
    CurrentStaff staff;

    @PathParam("id")
    UUID id;

    public record ApprovalRequest(String planDigest) {
    }

    @GET
    @RolesAllowed({"ADMIN", "TRUSTEE"})
    public PlanApprovalService.Plan view() {
        return plans.view(staff.get(), id);
    }

    @POST
    @Path("approval")
    @RolesAllowed("TRUSTEE")
    @Consumes(MediaType.APPLICATION_JSON)
    public PlanApprovalService.Plan approve(ApprovalRequest in) {
        return plans.approve(staff.get(), id, in == null ? null : in.planDigest());
    }
}
