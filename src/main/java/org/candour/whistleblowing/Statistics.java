package org.candour.whistleblowing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.candour.results.LaminarRelease;

/**
 * Per channel and year received, how many cases there were and where they stand (new … concluded,
 * and deleted after retention), under the survey rule (docs/privacy-thresholds.md, rule 4): the
 * total only when it is at least k, each outcome only when it is 0 or at least k and what is left
 * of the total is too; the rest shown together. Categories of wrongdoing are sealed in the reports
 * and are not counted.
 */
@ApplicationScoped
public class Statistics {

    /** The outcomes counted, in order. */
    public static final List<String> OUTCOMES = List.of("new", "acknowledged", "assessing", "investigating", "concluded",
            "deleted");

    @Inject
    EntityManager em;

    @Inject
    WhistleblowingConfig config;

    /** One figure as shown. */
    public record Figure(String label, int count) {
    }

    /** One channel's year: the total (null below k), the outcomes shown, and the rest together. */
    public record Row(String channel, int year, Integer total, List<Figure> shown, List<String> together,
            int togetherCount) {
    }

    public int k() {
        return config.statisticsK();
    }

    @Transactional(TxType.SUPPORTS)
    public List<Row> rows(UUID organisationId) {
        int k = config.statisticsK();
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (Object o : em.createNativeQuery("select c.name, extract(year from r.received_on)::int, r.status, count(*)"
                + " from wb_report r join wb_report_channel rc on rc.report_id = r.id join wb_channel c on c.id = rc.channel_id"
                + " where c.organisation_id = ?1 group by 1, 2, 3 order by 1, 2").setParameter(1, organisationId)
                .getResultList()) {
            Object[] r = (Object[]) o;
            counts.computeIfAbsent(r[0] + "\u0000" + r[1], x -> new int[OUTCOMES.size()])[OUTCOMES.indexOf((String) r[2])] +=
                    ((Number) r[3]).intValue();
        }
        for (Object o : em.createNativeQuery("select c.name, d.year, d.count from wb_deleted d join wb_channel c on"
                + " c.id = d.channel_id where c.organisation_id = ?1").setParameter(1, organisationId).getResultList()) {
            Object[] r = (Object[]) o;
            counts.computeIfAbsent(r[0] + "\u0000" + r[1], x -> new int[OUTCOMES.size()])[OUTCOMES.size() - 1] +=
                    ((Number) r[2]).intValue();
        }
        List<Row> out = new ArrayList<>();
        counts.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            String[] key = e.getKey().split("\u0000");
            out.add(row(key[0], Integer.parseInt(key[1]), e.getValue(), k));
        });
        return out;
    }

    /** The rule applied to one channel's year. */
    static Row row(String channel, int year, int[] v, int k) {
        int total = java.util.Arrays.stream(v).sum();
        if (total < k) {
            return new Row(channel, year, null, List.of(), List.of(), 0);
        }
        boolean[] exact = LaminarRelease.exactly(v, k);
        List<Figure> shown = new ArrayList<>();
        List<String> together = new ArrayList<>();
        int rest = 0;
        for (int j = 0; j < v.length; j++) {
            if (exact[j]) {
                shown.add(new Figure(OUTCOMES.get(j), v[j]));
            } else {
                together.add(OUTCOMES.get(j));
                rest += v[j];
            }
        }
        return new Row(channel, year, total, shown, together, rest);
    }
}
