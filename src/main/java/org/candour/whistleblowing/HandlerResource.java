package org.candour.whistleblowing;

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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.candour.auth.CurrentStaff;
import org.jboss.resteasy.reactive.RestQuery;

/** The handler's JSON API: their key, their cases, opening, replying, notes, status, assignment and labels. */
@Path("/api/handler")
@RolesAllowed("HANDLER")
@Produces(MediaType.APPLICATION_JSON)
public class HandlerResource {

    @Inject
    HandlerService handlers;

    @Inject
    CurrentStaff staff;

    /**
     * A passphrase (twice when creating), a text, a status (with the category when concluding), an assignee
     * (an account id, null: nobody) or labels.
     */
    public record Input(String passphrase, String repeated, String text, String status, String category,
            String assignee, List<String> labels) {
    }

    @POST
    @Path("key")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createKey(Input in) {
        String recovery = handlers.createKey(staff.get(), in == null ? null : in.passphrase(),
                in == null ? null : in.repeated());
        return Response.status(201).entity(Map.of("recoveryKey", recovery)).build();
    }

    /** A passphrase (and its repeat) with the recovery key in {@code text}: returns the new recovery key. */
    @POST
    @Path("key/recover")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, String> recover(Input in) {
        return Map.of("recoveryKey", handlers.recover(staff.get(), in == null ? null : in.text(),
                in == null ? null : in.passphrase(), in == null ? null : in.repeated()));
    }

    /** One file of a case ({@code files.all[].seq} in the opened case), opened with the key passphrase, as bytes. */
    @POST
    @Path("cases/{id}/file")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.WILDCARD)
    public Response file(@PathParam("id") UUID id, FileIn in) {
        return ReportPages.download(handlers.download(staff.get(), id, in == null ? null : in.passphrase(),
                in == null ? 0 : in.n()));
    }

    /** A file to fetch: the key passphrase and the file's number in the case. */
    public record FileIn(String passphrase, int n) {
    }

    /** The handler's cases; with {@code assignedToMe=true}, only those assigned to them. */
    @GET
    @Path("cases")
    public List<Cases.Meta> cases(@RestQuery boolean assignedToMe) {
        return handlers.list(staff.get(), assignedToMe);
    }

    /** The categories the case can be concluded under: its channels' lists. */
    @GET
    @Path("cases/{id}/categories")
    public List<String> categories(@PathParam("id") UUID id) {
        return handlers.categories(staff.get(), id);
    }

    /** Who the case can be assigned to: the handlers of its channels. */
    @GET
    @Path("cases/{id}/assignable")
    public List<HandlerService.Assignable> assignable(@PathParam("id") UUID id) {
        return handlers.assignable(staff.get(), id);
    }

    @POST
    @Path("cases/{id}/assignee")
    @Consumes(MediaType.APPLICATION_JSON)
    public Cases.Meta assign(@PathParam("id") UUID id, Input in) {
        handlers.assign(staff.get(), id, in == null ? null : in.assignee());
        return handlers.meta(staff.get(), id);
    }

    /** Replaces the case's labels (an empty list clears them). */
    @POST
    @Path("cases/{id}/labels")
    @Consumes(MediaType.APPLICATION_JSON)
    public Cases.Meta label(@PathParam("id") UUID id, Input in) {
        handlers.label(staff.get(), id, in == null ? null : in.labels());
        return handlers.meta(staff.get(), id);
    }

    @POST
    @Path("cases/{id}/open")
    @Consumes(MediaType.APPLICATION_JSON)
    public HandlerService.Opened open(@PathParam("id") UUID id, Input in) {
        return handlers.open(staff.get(), id, in == null ? null : in.passphrase());
    }

    @POST
    @Path("cases/{id}/reply")
    @Consumes(MediaType.APPLICATION_JSON)
    public Cases.Meta reply(@PathParam("id") UUID id, Input in) {
        handlers.reply(staff.get(), id, in == null ? null : in.text());
        return handlers.meta(staff.get(), id);
    }

    @POST
    @Path("cases/{id}/notes")
    @Consumes(MediaType.APPLICATION_JSON)
    public Cases.Meta note(@PathParam("id") UUID id, Input in) {
        handlers.note(staff.get(), id, in == null ? null : in.text());
        return handlers.meta(staff.get(), id);
    }

    @POST
    @Path("cases/{id}/status")
    @Consumes(MediaType.APPLICATION_JSON)
    public Cases.Meta status(@PathParam("id") UUID id, Input in) {
        handlers.status(staff.get(), id, in == null ? null : in.status(), in == null ? null : in.category());
        return handlers.meta(staff.get(), id);
    }
}
