package org.candour.custody;

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
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.candour.auth.CsrfProtected;
import org.candour.auth.CurrentStaff;
import org.candour.web.Flash;
import org.candour.web.ProblemException;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * A trustee's page: their custody key, the issuing plans of drafts they hold to approve, and the surveys whose
 * comments they help unlock.
 */
@Path("/trustee")
@RolesAllowed("TRUSTEE")
@CsrfProtected
@Produces(MediaType.TEXT_HTML)
public class TrusteePages {

    @Inject
    CustodyService custody;

    @Inject
    UnlockService unlocks;

    @Inject
    PlanApprovalService plans;

    @Inject
    CurrentStaff staff;

    /** A survey row on the page, with its issuing plan while a draft and where its unlock stands once closed. */
    public record Row(CustodyService.TrusteeSurvey survey, PlanApprovalService.Plan plan, UnlockService.Status unlock) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home(String keyId, String username, List<Row> surveys, String notice);
    }

    @GET
    public TemplateInstance home(@RestQuery String notice) {
        UUID me = staff.get().accountId();
        List<Row> rows = new ArrayList<>();
        for (CustodyService.TrusteeSurvey s : custody.surveysOf(me)) {
            rows.add(new Row(s, "DRAFT".equals(s.status()) ? plans.view(staff.get(), s.id()) : null,
                    "CLOSED".equals(s.status()) ? unlocks.status(staff.get(), s.id()) : null));
        }
        return Templates.home(custody.currentKeyId(me), staff.get().username(), rows, Flash.message(notice));
    }

    /** Makes a custody key and sends its key file as a download, this once. */
    @POST
    @Path("key")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_HTML})
    public Response makeKey(@RestForm("_csrf") String csrf, @RestForm String passphrase, @RestForm String repeat) {
        if (passphrase == null || !passphrase.equals(repeat)) {
            throw new ProblemException(422, "The two passphrases differ. Type the same passphrase twice.");
        }
        TrusteeKeyFile file = custody.registerKey(staff.get(), passphrase.toCharArray());
        return Response.ok(file.toJson(), MediaType.APPLICATION_JSON_TYPE)
                .header("Content-Disposition", "attachment; filename=\"" + CustodyResource.fileName(file.keyId()) + "\"")
                .build();
    }

    /** Approves a draft's issuing plan as the trustee saw it on this page (its digest, in the form). */
    @POST
    @Path("surveys/{id}/plan")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response approvePlan(@PathParam("id") UUID id, @RestForm("_csrf") String csrf,
            @RestForm String planDigest) {
        plans.approve(staff.get(), id, planDigest);
        return Response.seeOther(URI.create("/trustee?notice=plan-approved")).build();
    }

    @POST
    @Path("surveys/{id}/unlock")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response unlock(@PathParam("id") UUID id, @RestForm("_csrf") String csrf, @RestForm("keyFile") FileUpload keyFile,
            @RestForm String passphrase) throws IOException {
        if (keyFile == null || keyFile.uploadedFile() == null || keyFile.size() == 0) {
            throw new ProblemException(422, "keyFile: choose the key file you saved when you made your custody key.");
        }
        if (keyFile.size() > 16 * 1024) {
            throw new ProblemException(422, "keyFile: a key file is under 1 KiB. Is this the right file?");
        }
        if (passphrase == null || passphrase.isEmpty()) {
            throw new ProblemException(422, "passphrase: required: the passphrase of your key file.");
        }
        UnlockService.Status status = unlocks.present(staff.get(), id,
                TrusteeKeyFile.parse(Files.readAllBytes(keyFile.uploadedFile())), passphrase.toCharArray());
        return Response.seeOther(URI.create("/trustee?notice=" + (status.unlocked() ? "comments-unlocked"
                : "share-presented"))).build();
    }

    @POST
    @Path("surveys/{id}/lock")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response lock(@PathParam("id") UUID id, @RestForm("_csrf") String csrf) {
        unlocks.lock(staff.get(), id);
        return Response.seeOther(URI.create("/trustee?notice=comments-locked")).build();
    }
}
