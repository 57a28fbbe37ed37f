package org.candour.whistleblowing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    @Transactional(TxType.SUPPORTS)
    public List<Row> rows(UUID organisationId) {
        int k = config.statisticsK();
        Map<UUID, Channel> channels = new HashMap<>();
        Channel.ofOrganisation(organisationId).forEach(c -> channels.put(c.id, c));
        Map<UUID, Map<Integer, Counts>> counts = new HashMap<>();
        for (Object o : em.createNativeQuery("select rc.channel_id, extract(year from r.received_on)::int, r.status,"
                + " r.category, count(*) from wb_report r join wb_report_channel rc on rc.report_id = r.id"
                + " join wb_channel c on c.id = rc.channel_id where c.organisation_id = ?1 group by 1, 2, 3, 4")
                .setParameter(1, organisationId).getResultList()) {
            Object[] r = (Object[]) o;
            Counts n = counts(counts, r[0], r[1]);
            int many = ((Number) r[4]).intValue();
            n.outcomes[OUTCOMES.indexOf((String) r[2])] += many;
            if (r[3] != null) {
                n.categories.merge((String) r[3], many, Integer::sum);
            }
        }
        for (Object o : em.createNativeQuery("select d.channel_id, d.year, d.count from wb_deleted d join wb_channel c on"
                + " c.id = d.channel_id where c.organisation_id = ?1").setParameter(1, organisationId).getResultList()) {
            Object[] r = (Object[]) o;
            counts(counts, r[0], r[1]).outcomes[OUTCOMES.size() - 1] += ((Number) r[2]).intValue();
        }
        for (Object o : em.createNativeQuery("select d.channel_id, d.year, d.category, d.count from wb_deleted_category d"
                + " join wb_channel c on c.id = d.channel_id where c.organisation_id = ?1").setParameter(1, organisationId)
                .getResultList()) {
            Object[] r = (Object[]) o;
            counts(counts, r[0], r[1]).categories.merge((String) r[2], ((Number) r[3]).intValue(), Integer::sum);
        }
        List<Row> out = new ArrayList<>();
        counts.forEach((channelId, years) -> years.forEach((year, n) -> {
            Channel c = channels.get(channelId);
            List<String> categories = new ArrayList<>(c.categoryList());
            categories.remove(OTHER);
            categories.add(OTHER);
            out.add(row(c.name, year, n.outcomes, categories, byCategory(categories, n), k));
        }));
        out.sort(Comparator.comparing(Row::channel).thenComparing(Row::year));
        return out;
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

    private static Counts counts(Map<UUID, Map<Integer, Counts>> counts, Object channelId, Object year) {
        return counts.computeIfAbsent(Cases.uuid(channelId), x -> new HashMap<>())
                .computeIfAbsent(((Number) year).intValue(), x -> new Counts());
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
