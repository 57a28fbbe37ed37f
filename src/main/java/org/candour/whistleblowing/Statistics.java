package org.candour.whistleblowing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.candour.results.LaminarRelease;

/**
 * Per channel and year received, how many cases there were, where they stand (new … concluded, and
 * deleted after retention) and, for the concluded and deleted, their category of wrongdoing as the
 * handler recorded it at conclusion, under the survey rule (docs/privacy-thresholds.md, rule 4, and
 * "Whistleblowing statistics"): nothing for a year of fewer than k cases; each figure 0 or at least k,
 * the rest shown together, also 0 or at least k.
 *
 * <p>Outcomes and categories are two partitions of the same cases, and only concluded and deleted
 * cases have a category, so the categories' sum tells how many are concluded or deleted and how many
 * are still open. The categories are therefore shown only when both of those are 0 or at least k, and
 * then rule 4 is applied to the open outcomes and to the closed ones separately: every outcome part is
 * then inside the open or the closed cases, and every (outcome part, category part) pair can hold k or
 * more in some table that fits the figures, so nothing below k follows from the two together. Otherwise
 * only the outcomes are shown, as before categories were counted.
 *
 * <p>Only completed years are released, each once: the first time a channel's completed year is asked
 * for, its figures are computed and stored (V24), and from then on the stored figures are shown, never
 * recomputed, so two views at different moments cannot differ (docs/privacy-thresholds.md, "What the
 * pattern and time say"). The current year (Europe/London) shows no figures.
 */
@ApplicationScoped
public class Statistics {

    /** The outcomes counted, in order: the open ones, then the closed ones. */
    public static final List<String> OUTCOMES = List.of("new", "acknowledged", "assessing", "investigating", "concluded",
            "deleted");
    /** How many of {@link #OUTCOMES} are open (not concluded or deleted): the first four. */
    static final int OPEN = 4;
    /** The category of a closed case with none recorded, or one no longer in the channel's list. */
    public static final String OTHER = "other or not recorded";

    @Inject
    EntityManager em;

    @Inject
    WhistleblowingConfig config;

    @Inject
    ObjectMapper mapper;

    /** One figure as shown. */
    public record Figure(String label, int count) {
    }

    /** Labels shown together, with the count of them all. */
    public record Together(List<String> labels, int count) {
    }

    /** One partition as shown: the figures on their own, then those shown together. */
    public record Partition(List<Figure> shown, List<Together> together) {
    }

    /**
     * One channel's year: the total (null below k, and then nothing else), the outcomes, and the
     * categories of the concluded and deleted cases (null when not shown).
     */
    public record Row(String channel, int year, Integer total, Partition outcomes, Partition categories) {
    }

    public int k() {
        return config.statisticsK();
    }

    /** A channel's year as counted: cases per outcome, and concluded or deleted ones per category. */
    private static final class Counts {
        final int[] outcomes = new int[OUTCOMES.size()];
        final Map<String, Integer> categories = new HashMap<>();
    }

    /**
     * One channel's completed year as released, never to change: the day released and the k it was
     * released under, the total (null below k, and then nothing else), the outcomes, and the categories
     * of the concluded and deleted cases (null when not shown). The channel's name is its name now.
     */
    public record Release(String channel, int year, LocalDate released, int k, Integer total, Partition outcomes,
            Partition categories) {
    }

    /** The year not yet released: the current one, released from 1 January of the next. */
    public record Pending(int year, LocalDate releasedFrom) {
    }

    /** What a release stores: the figures of a {@link Row} without its channel and year. */
    record Figures(Integer total, Partition outcomes, Partition categories) {
    }

    /** The current year in Europe/London: no figures until it has ended. */
    public static Pending pending() {
        int year = ReportService.today().getYear();
        return new Pending(year, LocalDate.of(year + 1, 1, 1));
    }

    /**
     * The organisation's channels' completed years, each as first released. A completed year of a channel
     * (since it was created, or with cases) with no release yet is computed now and stored; then every
     * release is read back as stored, so a replica that released the same year at the same moment and this
     * one show the same figures.
     */
    @Transactional
    public List<Release> released(UUID organisationId) {
        int k = config.statisticsK();
        LocalDate today = ReportService.today();
        Map<UUID, Channel> channels = new HashMap<>();
        Channel.ofOrganisation(organisationId).forEach(c -> channels.put(c.id, c));
        unreleased(organisationId, today.getYear()).forEach((channelId, years) -> years.forEach((year, n) -> {
            Row row = row(channels.get(channelId), year, n, k);
            em.createNativeQuery("insert into wb_statistics_release (channel_id, year, released_on, k, figures)"
                    + " values (?1, ?2, ?3, ?4, cast(?5 as jsonb)) on conflict (channel_id, year) do nothing")
                    .setParameter(1, channelId).setParameter(2, year).setParameter(3, Date.valueOf(today))
                    .setParameter(4, k).setParameter(5, json(new Figures(row.total(), row.outcomes(), row.categories())))
                    .executeUpdate();
        }));
        List<Release> out = new ArrayList<>();
        for (Object o : em.createNativeQuery("select s.channel_id, s.year, s.released_on, s.k, s.figures::text"
                + " from wb_statistics_release s join wb_channel c on c.id = s.channel_id where c.organisation_id = ?1")
                .setParameter(1, organisationId).getResultList()) {
            Object[] r = (Object[]) o;
            Figures f = figures((String) r[4]);
            out.add(new Release(channels.get(Cases.uuid(r[0])).name, ((Number) r[1]).intValue(),
                    Cases.day(r[2]), ((Number) r[3]).intValue(), f.total(), f.outcomes(), f.categories()));
        }
        out.sort(Comparator.comparing(Release::channel).thenComparing(Release::year));
        return out;
    }

    /**
     * The counts of every channel's year before {@code year} with no release, since the channel was created
     * or with cases, in one statement (one snapshot, so a case retention deletes meanwhile is counted once):
     * cases per status and category, and what retention left of the deleted ones. A year without cases is
     * there too, with nothing counted, so that whether a year is listed says nothing about its cases.
     * Sorted, so that two replicas releasing several years at once insert them in the same order and
     * neither waits for the other in a deadlock.
     */
    private Map<UUID, Map<Integer, Counts>> unreleased(UUID organisationId, int year) {
        Map<UUID, Map<Integer, Counts>> counts = new TreeMap<>();
        for (Object o : em.createNativeQuery("select x.channel_id, x.year, x.status, x.category, x.count from ("
                + " select ch.id as channel_id, y.year, null as status, null as category, 0 as count from wb_channel ch,"
                + " generate_series(extract(year from ch.created_on)::int, ?2 - 1) as y(year)"
                + " union all select rc.channel_id, extract(year from r.received_on)::int, r.status, r.category,"
                + " count(*) from wb_report r join wb_report_channel rc on rc.report_id = r.id"
                + " where r.received_on < make_date(?2, 1, 1) group by 1, 2, 3, 4"
                + " union all select d.channel_id, d.year, 'deleted', null, d.count from wb_deleted d where d.year < ?2"
                + " union all select d.channel_id, d.year, null, d.category, d.count from wb_deleted_category d"
                + " where d.year < ?2) x join wb_channel c on c.id = x.channel_id where c.organisation_id = ?1"
                + " and not exists (select 1 from wb_statistics_release s where s.channel_id = x.channel_id"
                + " and s.year = x.year)").setParameter(1, organisationId).setParameter(2, year).getResultList()) {
            Object[] r = (Object[]) o;
            Counts n = counts.computeIfAbsent(Cases.uuid(r[0]), x -> new TreeMap<>())
                    .computeIfAbsent(((Number) r[1]).intValue(), x -> new Counts());
            int many = ((Number) r[4]).intValue();
            if (r[2] != null) {
                n.outcomes[OUTCOMES.indexOf((String) r[2])] += many;
            }
            if (r[3] != null) {
                n.categories.merge((String) r[3], many, Integer::sum);
            }
        }
        return counts;
    }

    /** The rule applied to a channel's year as counted, under the channel's categories now, "other" last. */
    private static Row row(Channel c, int year, Counts n, int k) {
        List<String> categories = new ArrayList<>(c.categoryList());
        categories.remove(OTHER);
        categories.add(OTHER);
        return row(c.name, year, n.outcomes, categories, byCategory(categories, n), k);
    }

    private String json(Figures f) {
        try {
            return mapper.writeValueAsString(f);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("statistics figures could not be written", e);
        }
    }

    private Figures figures(String json) {
        try {
            return mapper.readValue(json, Figures.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored statistics release could not be read", e);
        }
    }

    /**
     * The rule applied to one channel's year.
     *
     * @param outcomes cases per outcome, in {@link #OUTCOMES} order
     * @param categories the categories, {@link #OTHER} last
     * @param byCategory the concluded and deleted cases per category, adding up to those two outcomes
     */
    static Row row(String channel, int year, int[] outcomes, List<String> categories, int[] byCategory, int k) {
        int total = Arrays.stream(outcomes).sum();
        if (total < k) {
            return new Row(channel, year, null, null, null);
        }
        int[] open = Arrays.copyOfRange(outcomes, 0, OPEN);
        int[] closed = Arrays.copyOfRange(outcomes, OPEN, outcomes.length);
        int openCount = Arrays.stream(open).sum();
        int closedCount = Arrays.stream(closed).sum();
        if (Arrays.stream(byCategory).sum() != closedCount) {
            throw new IllegalArgumentException("the categories must add up to the concluded and deleted cases");
        }
        if (closedCount < k || openCount > 0 && openCount < k) {
            return new Row(channel, year, total, partition(OUTCOMES, outcomes, k), null);
        }
        Partition first = partition(OUTCOMES.subList(0, OPEN), open, k);
        Partition second = partition(OUTCOMES.subList(OPEN, OUTCOMES.size()), closed, k);
        List<Figure> shown = new ArrayList<>(first.shown());
        shown.addAll(second.shown());
        List<Together> together = new ArrayList<>(first.together());
        together.addAll(second.together());
        return new Row(channel, year, total, new Partition(List.copyOf(shown), List.copyOf(together)),
                partition(categories, byCategory, k));
    }

    /** Rule 4 on one vector whose total is 0 or at least k: each entry on its own, or with the rest. */
    private static Partition partition(List<String> labels, int[] v, int k) {
        boolean[] exact = LaminarRelease.exactly(v, k);
        List<Figure> shown = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        int restCount = 0;
        for (int j = 0; j < v.length; j++) {
            if (exact[j]) {
                shown.add(new Figure(labels.get(j), v[j]));
            } else {
                rest.add(labels.get(j));
                restCount += v[j];
            }
        }
        return new Partition(List.copyOf(shown), rest.isEmpty() ? List.of() : List.of(new Together(List.copyOf(rest),
                restCount)));
    }

    /**
     * The closed cases per category of the channel's list (in its order), and last, every closed case in
     * none of them: recorded under a category since taken off the list or of another channel of the case,
     * or with none recorded.
     */
    private static int[] byCategory(List<String> categories, Counts n) {
        int[] v = new int[categories.size()];
        int listed = 0;
        for (int j = 0; j < categories.size() - 1; j++) {
            v[j] = n.categories.getOrDefault(categories.get(j), 0);
            listed += v[j];
        }
        v[v.length - 1] = n.outcomes[OPEN] + n.outcomes[OPEN + 1] - listed;
        return v;
    }
}
