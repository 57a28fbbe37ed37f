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
import java.util.Arrays;
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
        static native TemplateInstance home(boolean hasKey, List<Cases.Meta> cases, boolean assignedToMe,
                Notices.Contact contact, String notice);

        static native TemplateInstance recovery(String recoveryKey);

        static native TemplateInstance caseMeta(Cases.Meta meta, HandlerService.Opened opened, List<String> statuses,
                Handling handling, String notice);
    }

    /** The handler's cases; {@code mine=yes}: only those assigned to them. */
    @GET
    public TemplateInstance home(@RestQuery String notice, @RestQuery String mine) {
        boolean hasKey = handlers.hasKey(staff.get());
        boolean assignedToMe = "yes".equals(mine);
        return Templates.home(hasKey, hasKey ? handlers.list(staff.get(), assignedToMe) : List.of(), assignedToMe,
                notices.contact(staff.get()), Flash.message(notice));
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
        return page(handlers.meta(staff.get(), id), null, Flash.message(notice));
    }

    @POST
    @Path("cases/{id}/open")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance open(@PathParam("id") UUID id, @RestForm("_csrf") String csrf, @RestForm String passphrase) {
        HandlerService.Opened opened = handlers.open(staff.get(), id, passphrase);
        return page(opened.meta(), opened, null);
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
    public Response status(@PathParam("id") UUID id, @RestForm("_csrf") String csrf, @RestForm String status,
            @RestForm String category) {
        handlers.status(staff.get(), id, status, category);
        return back(id, "saved");
    }

    /** Assigns the case to a handler of its channels, or to nobody (an empty choice). */
    @POST
    @Path("cases/{id}/assignee")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response assign(@PathParam("id") UUID id, @RestForm("_csrf") String csrf, @RestForm String assignee) {
        handlers.assign(staff.get(), id, assignee);
        return back(id, "saved");
    }

    /** Sets the case's labels, typed separated by commas (a label cannot hold one). */
    @POST
    @Path("cases/{id}/labels")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response label(@PathParam("id") UUID id, @RestForm("_csrf") String csrf, @RestForm String labels) {
        handlers.label(staff.get(), id, labels == null ? List.of()
                : Arrays.stream(labels.split(",")).filter(l -> !l.isBlank()).toList());
        return back(id, "saved");
    }

    /**
     * What the case page's own forms need: who it can be assigned to, the categories it can be concluded
     * under, and the one to offer first (the one recorded, else, once opened, the reporter's).
     */
    public record Handling(List<HandlerService.Assignable> assignable, List<String> categories, String category) {
    }

    /**
     * The case page. Its status form moves a case up to "investigating"; concluding has a form of its own,
     * which asks for the category.
     */
    private TemplateInstance page(Cases.Meta meta, HandlerService.Opened opened, String notice) {
        List<String> statuses = "concluded".equals(meta.status()) ? Cases.STATUSES
                : Cases.STATUSES.stream().filter(s -> !"concluded".equals(s)).toList();
        String category = meta.category() != null ? meta.category() : opened != null ? opened.body().category() : null;
        return Templates.caseMeta(meta, opened, statuses, new Handling(handlers.assignable(staff.get(), meta.id()),
                handlers.categories(staff.get(), meta.id()), category), notice);
    }

    private static Response back(UUID id, String notice) {
        return Response.seeOther(URI.create("/handler/cases/" + id + "?notice=" + notice)).build();
    }
}
