package org.candour.whistleblowing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.candour.account.Role;
import org.candour.account.StaffAccount;
import org.candour.account.StaffPrincipal;
import org.candour.org.Organisation;
import org.candour.web.ProblemException;

/** Channels and their handlers, set by an organisation's admin. */
@ApplicationScoped
public class ChannelService {

    @Inject
    EntityManager em;

    /** A channel as set: name, description, categories (one per line), clocks, handler account ids. */
    public record Edit(String name, String description, List<String> categories, Integer acknowledgeDays,
            Integer feedbackDays, Integer retentionDays, List<UUID> handlers) {
    }

    /** A channel as reporters and admins see it, with its handlers and whether it can receive a report now. */
    public record View(Channel channel, List<String> handlerNames, List<UUID> handlerIds, boolean open) {
    }

    @Transactional(TxType.SUPPORTS)
    public List<View> views(UUID organisationId) {
        List<View> out = new ArrayList<>();
        for (Channel c : Channel.ofOrganisation(organisationId)) {
            out.add(view(c));
        }
        return out;
    }

    @Transactional(TxType.SUPPORTS)
    public View view(Channel c) {
        List<UUID> ids = handlers(c.id);
        List<String> names = ids.stream().map(id -> StaffAccount.<StaffAccount>findById(id).displayName).toList();
        Number keyed = (Number) em.createNativeQuery("select count(*) from wb_channel_handler h join wb_handler_key k"
                + " on k.account_id = h.account_id where h.channel_id = ?1").setParameter(1, c.id).getSingleResult();
        return new View(c, names, ids, keyed.intValue() > 0);
    }

    @SuppressWarnings("unchecked")
    @Transactional(TxType.SUPPORTS)
    public List<UUID> handlers(UUID channelId) {
        return ((List<Object>) em.createNativeQuery("select account_id from wb_channel_handler where channel_id = ?1"
                + " order by account_id").setParameter(1, channelId).getResultList()).stream()
                .map(o -> o instanceof UUID u ? u : UUID.fromString(o.toString())).toList();
    }

    /** The organisation's accounts with the HANDLER role, to choose from. */
    @Transactional(TxType.SUPPORTS)
    public List<StaffAccount> candidates(UUID organisationId) {
        return StaffAccount.<StaffAccount>list("organisationId", organisationId).stream()
                .filter(a -> a.roles.contains(Role.HANDLER)).toList();
    }

    @Transactional
    public Channel create(StaffPrincipal actor, Organisation o, Edit e) {
        admin(actor, o);
        Channel c = new Channel();
        c.id = UUID.randomUUID();
        c.organisationId = o.id;
        apply(c, e);
        c.persist();
        setHandlers(c, e.handlers());
        return c;
    }

    @Transactional
    public Channel update(StaffPrincipal actor, Organisation o, UUID id, Edit e) {
        admin(actor, o);
        Channel c = Channel.findById(id);
        if (c == null || !c.organisationId.equals(o.id)) {
            throw ProblemException.notFound("No such channel.");
        }
        apply(c, e);
        setHandlers(c, e.handlers());
        return c;
    }

    private void apply(Channel c, Edit e) {
        List<String> problems = new ArrayList<>();
        String name = e.name() == null ? "" : e.name().strip();
        if (name.isEmpty() || name.length() > 120) {
            problems.add("name: give a name of 1 to 120 characters.");
        }
        String description = e.description() == null ? "" : e.description().strip();
        if (description.length() > 2000) {
            problems.add("description: at most 2,000 characters.");
        }
        LinkedHashSet<String> categories = new LinkedHashSet<>();
        (e.categories() == null ? List.<String>of() : e.categories()).stream().map(String::strip)
                .filter(x -> !x.isEmpty()).forEach(categories::add);
        if (categories.isEmpty() || categories.size() > 30 || categories.stream().anyMatch(x -> x.length() > 120)) {
            problems.add("categories: give 1 to 30 categories of wrongdoing, one per line, each up to 120 characters.");
        }
        int ack = e.acknowledgeDays() == null ? 7 : e.acknowledgeDays();
        int feedback = e.feedbackDays() == null ? 90 : e.feedbackDays();
        int retention = e.retentionDays() == null ? 90 : e.retentionDays();
        if (ack < 1 || ack > 90) {
            problems.add("acknowledgeDays: 1 to 90 days (the EU directive asks for 7 at most).");
        }
        if (feedback < 7 || feedback > 365) {
            problems.add("feedbackDays: 7 to 365 days (the EU directive asks for 3 months at most).");
        }
        if (retention < 7 || retention > 3650) {
            problems.add("retentionDays: 7 to 3,650 days after a case is concluded.");
        }
        if (!problems.isEmpty()) {
            throw new ProblemException(400, "The channel was not saved: " + String.join(" ", problems), problems);
        }
        Channel same = Channel.find("organisationId = ?1 and name = ?2", c.organisationId, name).firstResult();
        if (same != null && !same.id.equals(c.id)) {
            throw ProblemException.conflict("This organisation already has a channel called '" + name + "'.");
        }
        c.name = name;
        c.description = description;
        c.categories = categories.toArray(String[]::new);
        c.acknowledgeDays = ack;
        c.feedbackDays = feedback;
        c.retentionDays = retention;
    }

    private void setHandlers(Channel c, List<UUID> handlers) {
        List<UUID> allowed = candidates(c.organisationId).stream().map(a -> a.id).toList();
        List<UUID> chosen = handlers == null ? List.of() : handlers.stream().distinct().toList();
        for (UUID h : chosen) {
            if (!allowed.contains(h)) {
                throw ProblemException.badRequest("handlers: each handler must be an account of this organisation with"
                        + " the HANDLER role.");
            }
        }
        em.createNativeQuery("delete from wb_channel_handler where channel_id = ?1").setParameter(1, c.id).executeUpdate();
        for (UUID h : chosen) {
            em.createNativeQuery("insert into wb_channel_handler (channel_id, account_id) values (?1, ?2)")
                    .setParameter(1, c.id).setParameter(2, h).executeUpdate();
        }
    }

    private static void admin(StaffPrincipal actor, Organisation o) {
        if (!actor.mayActFor(o.id) || !actor.roles().contains(Role.ADMIN)) {
            throw ProblemException.notFound("No such organisation.");
        }
    }
}
