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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.candour.account.StaffAccount;
import org.candour.auth.CsrfProtected;
import org.candour.auth.CurrentStaff;
import org.candour.org.Organisation;
import org.candour.org.OrganisationService;
import org.candour.web.Flash;
import org.candour.web.ProblemException;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

/** An admin's reporting channels: who reads each, what it asks, its clocks. */
@Path("/admin/channels/{slug}")
@RolesAllowed("ADMIN")
@CsrfProtected
@Produces(MediaType.TEXT_HTML)
public class ChannelPages {

    @Inject
    ChannelService channels;

    @Inject
    OrganisationService organisations;

    @Inject
    CurrentStaff staff;

    @Inject
    Statistics statistics;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance channels(Organisation organisation, List<ChannelService.View> channels,
                List<StaffAccount> candidates, ChannelService.View editing, String notice);

        static native TemplateInstance statistics(Organisation organisation, List<Statistics.Release> rows, int k,
                String other, Statistics.Pending pending);
    }

    @GET
    public TemplateInstance list(@PathParam("slug") String slug, @RestQuery String notice) {
        Organisation o = organisations.get(staff.get(), slug);
        return Templates.channels(o, channels.views(o.id), channels.candidates(o.id), null, Flash.message(notice));
    }

    /** Per channel and completed year, as released once: the cases, outcomes and categories, none below k. */
    @GET
    @Path("statistics")
    public TemplateInstance statistics(@PathParam("slug") String slug) {
        Organisation o = organisations.get(staff.get(), slug);
        return Templates.statistics(o, statistics.released(o.id), statistics.k(), Statistics.OTHER,
                Statistics.pending());
    }

    @GET
    @Path("{id: [0-9a-f-]{36}}")
    public TemplateInstance edit(@PathParam("slug") String slug, @PathParam("id") UUID id) {
        Organisation o = organisations.get(staff.get(), slug);
        Channel c = Channel.findById(id);
        if (c == null || !c.organisationId.equals(o.id)) {
            throw ProblemException.notFound("No such channel.");
        }
        return Templates.channels(o, channels.views(o.id), channels.candidates(o.id), channels.view(c), null);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@PathParam("slug") String slug, @RestForm("_csrf") String csrf, @RestForm String name,
            @RestForm String description, @RestForm String categories, @RestForm String acknowledgeDays,
            @RestForm String feedbackDays, @RestForm String retentionDays, @RestForm("handler") List<String> handlers) {
        Organisation o = organisations.get(staff.get(), slug);
        channels.create(staff.get(), o, edit(name, description, categories, acknowledgeDays, feedbackDays, retentionDays,
                handlers));
        return Response.seeOther(URI.create("/admin/channels/" + slug + "?notice=created")).build();
    }

    @POST
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response update(@PathParam("slug") String slug, @PathParam("id") UUID id, @RestForm("_csrf") String csrf,
            @RestForm String name, @RestForm String description, @RestForm String categories,
            @RestForm String acknowledgeDays, @RestForm String feedbackDays, @RestForm String retentionDays,
            @RestForm("handler") List<String> handlers) {
        Organisation o = organisations.get(staff.get(), slug);
        channels.update(staff.get(), o, id, edit(name, description, categories, acknowledgeDays, feedbackDays,
                retentionDays, handlers));
        return Response.seeOther(URI.create("/admin/channels/" + slug + "?notice=saved")).build();
    }

    private static ChannelService.Edit edit(String name, String description, String categories, String ack,
            String feedback, String retention, List<String> handlers) {
        List<UUID> ids = new ArrayList<>();
        for (String h : handlers == null ? List.<String>of() : handlers) {
            try {
                ids.add(UUID.fromString(h));
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("handlers: choose handlers from the list.");
            }
        }
        return new ChannelService.Edit(name, description,
                categories == null ? List.of() : List.of(categories.split("\\R")), days("acknowledgeDays", ack),
                days("feedbackDays", feedback), days("retentionDays", retention), ids);
    }

    private static Integer days(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(field + ": a whole number of days.");
        }
    }
}
