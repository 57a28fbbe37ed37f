package org.candour.whistleblowing;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.candour.auth.CurrentStaff;
import org.candour.org.Organisation;
import org.candour.org.OrganisationService;

/** An admin's reporting channels, as JSON. */
@Path("/api/admin/organisations/{slug}/channels")
@RolesAllowed("ADMIN")
@Produces(MediaType.APPLICATION_JSON)
public class ChannelResource {

    @Inject
    ChannelService channels;

    @Inject
    OrganisationService organisations;

    @Inject
    CurrentStaff staff;

    @Inject
    Statistics statistics;

    /** A channel with its handlers and whether it can receive reports. */
    public record View(String id, String name, String description, List<String> categories, int acknowledgeDays,
            int feedbackDays, int retentionDays, List<UUID> handlers, boolean open) {
        static View of(ChannelService.View v) {
            Channel c = v.channel();
            return new View(c.id.toString(), c.name, c.description, c.categoryList(), c.acknowledgeDays, c.feedbackDays,
                    c.retentionDays, v.handlerIds(), v.open());
        }
    }

    /**
     * The channels' statistics: k now, per channel and completed year what was released (each with the day
     * and the k it was released under), and the current year, which shows nothing until it has ended.
     */
    public record StatisticsView(int k, List<Statistics.Release> rows, Statistics.Pending pending) {
    }

    /** Per channel and completed year, as released once: the cases, outcomes and categories, none below k. */
    @GET
    @Path("statistics")
    public StatisticsView statistics(@PathParam("slug") String slug) {
        Organisation o = organisations.get(staff.get(), slug);
        return new StatisticsView(statistics.k(), statistics.released(o.id), Statistics.pending());
    }

    @GET
    public List<View> list(@PathParam("slug") String slug) {
        Organisation o = organisations.get(staff.get(), slug);
        return channels.views(o.id).stream().map(View::of).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@PathParam("slug") String slug, ChannelService.Edit in) {
        Organisation o = organisations.get(staff.get(), slug);
        Channel c = channels.create(staff.get(), o, in == null ? new ChannelService.Edit(null, null, null, null, null,
                null, null) : in);
        return Response.status(201).entity(View.of(channels.view(c))).build();
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public View update(@PathParam("slug") String slug, @PathParam("id") UUID id, ChannelService.Edit in) {
        Organisation o = organisations.get(staff.get(), slug);
        Channel c = channels.update(staff.get(), o, id, in == null ? new ChannelService.Edit(null, null, null, null, null,
                null, null) : in);
        return View.of(channels.view(c));
    }
}
