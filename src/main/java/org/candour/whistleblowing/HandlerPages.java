package org.candour.whistleblowing;

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
import java.util.List;
import java.util.UUID;
import org.candour.auth.CsrfProtected;
import org.candour.auth.CurrentStaff;
import org.candour.web.Flash;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

/** The handler's pages: their key, their cases with the clocks, and a case opened with their passphrase. */
@Path("/handler")
@RolesAllowed("HANDLER")
@CsrfProtected
@Produces(MediaType.TEXT_HTML)
public class HandlerPages {

    @Inject
    HandlerService handlers;

    @Inject
    CurrentStaff staff;

    @Inject
    Notices notices;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home(boolean hasKey, List<Cases.Meta> cases, Notices.Contact contact,
                String notice);

        static native TemplateInstance recovery(String recoveryKey);

        static native TemplateInstance caseMeta(Cases.Meta meta, HandlerService.Opened opened, List<String> statuses,
                String notice);
    }

    @GET
    public TemplateInstance home(@RestQuery String notice) {
        boolean hasKey = handlers.hasKey(staff.get());
        return Templates.home(hasKey, hasKey ? handlers.list(staff.get()) : List.of(), notices.contact(staff.get()),
                Flash.message(notice));
    }

    @POST
    @Path("key")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance createKey(@RestForm("_csrf") String csrf, @RestForm String passphrase,
            @RestForm String repeated) {
        return Templates.recovery(handlers.createKey(staff.get(), passphrase, repeated));
    }

    /** A forgotten key passphrase: the recovery key opens the key, a new passphrase seals it, a new recovery key is shown. */
    @POST
    @Path("key/recover")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance recover(@RestForm("_csrf") String csrf, @RestForm String recoveryKey,
            @RestForm String passphrase, @RestForm String repeated) {
        return Templates.recovery(handlers.recover(staff.get(), recoveryKey, passphrase, repeated));
    }

    @GET
    @Path("cases/{id}")
    public TemplateInstance meta(@PathParam("id") UUID id, @RestQuery String notice) {
        return Templates.caseMeta(handlers.meta(staff.get(), id), null, Cases.STATUSES, Flash.message(notice));
    }

    @POST
    @Path("cases/{id}/open")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance open(@PathParam("id") UUID id, @RestForm("_csrf") String csrf, @RestForm String passphrase) {
        HandlerService.Opened opened = handlers.open(staff.get(), id, passphrase);
        return Templates.caseMeta(opened.meta(), opened, Cases.STATUSES, null);
    }

    @POST
    @Path("cases/{id}/reply")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response reply(@PathParam("id") UUID id, @RestForm("_csrf") String csrf, @RestForm String text) {
        handlers.reply(staff.get(), id, text);
        return back(id, "reply-sent");
    }

    /** One file of the case, opened with the handler's passphrase, to save. */
    @POST
    @Path("cases/{id}/file")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.WILDCARD)
    public Response file(@PathParam("id") UUID id, @RestForm("_csrf") String csrf, @RestForm String passphrase,
            @RestForm String n) {
        return ReportPages.download(handlers.download(staff.get(), id, passphrase, ReportPages.fileNumber(n)));
    }

    @POST
    @Path("cases/{id}/notes")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response note(@PathParam("id") UUID id, @RestForm("_csrf") String csrf, @RestForm String text) {
        handlers.note(staff.get(), id, text);
        return back(id, "note-added");
    }

    @POST
    @Path("cases/{id}/postpone")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response postpone(@PathParam("id") UUID id, @RestForm("_csrf") String csrf) {
        handlers.postpone(staff.get(), id);
        return back(id, "saved");
    }

    @POST
    @Path("notices")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response notices(@RestForm("_csrf") String csrf, @RestForm String email, @RestForm String daily) {
        notices.setContact(staff.get(), email, "yes".equals(daily));
        return Response.seeOther(URI.create("/handler?notice=saved")).build();
    }

    @POST
    @Path("cases/{id}/status")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response status(@PathParam("id") UUID id, @RestForm("_csrf") String csrf, @RestForm String status) {
        handlers.status(staff.get(), id, status);
        return back(id, "saved");
    }

    private static Response back(UUID id, String notice) {
        return Response.seeOther(URI.create("/handler/cases/" + id + "?notice=" + notice)).build();
    }
}
