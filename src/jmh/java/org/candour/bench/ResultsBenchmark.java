package org.candour.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.candour.db.EmbeddedPostgresLauncher;
import org.candour.db.Migrations;
import org.candour.response.MixBatch;
import org.candour.results.LaminarRelease;
import org.candour.results.ReleaseLedger;
import org.candour.results.ReleasedFigures;
import org.candour.results.ResultsService;
import org.candour.survey.SurveyDefinition;
import org.candour.survey.SurveyDefinitionParser;

/**
 * Time to compute a closed survey's whole dashboard: by default 1,000,000 responses over 500 units
 * (10 regions of 49 teams, plus the regions) and 40 likert questions, against its own embedded
 * PostgreSQL 18. Times exactly {@link ResultsService#compute}: the counts PostgreSQL makes, then one
 * laminar release per question and one for participation. Not a JMH benchmark: one set-up (about a
 * minute), then three timed runs. Options: {@code --responses N}, {@code --questions Q}, {@code --breakdowns B}
 * (0 to 3 demographics of four bands, the survey broken down by all of them in turn).
 *
 * <pre>./mvnw -B -Pbench -DskipTests test-compile exec:exec@results</pre>
 */
public final class ResultsBenchmark {

    private ResultsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int responses = 1_000_000;
        int questions = 40;
        int breakdowns = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--responses" -> responses = Integer.parseInt(args[i + 1]);
                case "--questions" -> questions = Integer.parseInt(args[i + 1]);
                case "--breakdowns" -> breakdowns = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path dir = Files.createTempDirectory("candour-results-bench");
        var pg = EmbeddedPostgresLauncher.start(dir, true);
        try (Connection c = DriverManager.getConnection(EmbeddedPostgresLauncher.jdbcUrl(pg), "postgres", "postgres")) {
            Migrations.apply(c);
            UUID org = UUID.randomUUID();
            UUID survey = UUID.randomUUID();
            List<LaminarRelease.Unit> tree = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            StringBuilder def = new StringBuilder("{\"title\": \"Benchmark\", \"k\": 10, \"questions\": [");
            for (int q = 1; q <= questions; q++) {
                def.append(q > 1 ? "," : "").append("{\"id\": \"q").append(q)
                        .append("\", \"type\": \"likert5\", \"text\": \"Question ").append(q).append("\"}");
            }
            // Demographics d1..dN (four bands each), the survey broken down by all of them in turn.
            for (int b = 1; b <= breakdowns; b++) {
                def.append(",{\"id\": \"d").append(b).append("\", \"type\": \"single\", \"demographic\": true,")
                        .append(" \"text\": \"Demographic ").append(b).append("\", \"options\": [");
                for (int o = 1; o <= 4; o++) {
                    def.append(o > 1 ? "," : "").append("{\"id\": \"b").append(o).append("\", \"label\": \"Band ")
                            .append(o).append("\"}");
                }
                def.append("]}");
            }
            def.append("]");
            if (breakdowns > 0) {
                def.append(", \"breakdown\": [");
                for (int b = 1; b <= breakdowns; b++) {
                    def.append(b > 1 ? "," : "").append("\"d").append(b).append('"');
                }
                def.append(']');
            }
            def.append('}');
            SurveyDefinition d = SurveyDefinitionParser.parse(def.toString().getBytes(StandardCharsets.UTF_8));
            try (Statement st = c.createStatement()) {
                st.execute("insert into organisation (id, slug, name) values ('" + org + "', 'bench', 'Bench')");
                st.execute("insert into survey (id, organisation_id, title, definition, k_threshold, status) values ('"
                        + survey + "', '" + org + "', 'Benchmark', '" + SurveyDefinitionParser.toJson(d).replace("'", "''")
                        + "', 10, 'OPEN')");
            }
            try (PreparedStatement unit = c.prepareStatement("insert into reporting_unit (id, organisation_id, external_id,"
                    + " name, parent_id) values (?, ?, ?, ?, ?)");
                    PreparedStatement key = c.prepareStatement("insert into issuer_key (key_id, survey_id, unit_id, spki)"
                            + " values (?, ?, ?, '\\x00')")) {
                for (int r = 0; r < 10; r++) {
                    UUID region = UUID.randomUUID();
                    insertUnit(unit, region, org, "r" + r, "Region " + r, null);
                    tree.add(new LaminarRelease.Unit(region.toString(), null, "Region " + r));
                    for (int t = 0; t < 49; t++) {
                        UUID team = UUID.randomUUID();
                        insertUnit(unit, team, org, "r" + r + "t" + t, "Team " + r + "." + t, region);
                        tree.add(new LaminarRelease.Unit(team.toString(), region.toString(), "Team " + r + "." + t));
                        String keyId = String.format("%064x", (long) r * 100 + t);
                        key.setString(1, keyId);
                        key.setObject(2, survey);
                        key.setObject(3, team);
                        key.executeUpdate();
                        keys.add(keyId);
                    }
                }
            }
            long t0 = System.nanoTime();
            try (Statement st = c.createStatement()) {
                // Team sizes vary (a skewed pick of keys), answers are random 1-5 with some left out.
                st.execute("create temporary table bench_keys as select row_number() over () as n, key_id"
                        + " from issuer_key where survey_id = '" + survey + "'");
                st.execute("insert into response_holding (id, survey_id, key_id, answers, receipt)"
                        + " select gen_random_uuid(), '" + survey + "', k.key_id,"
                        + " (select jsonb_agg(jsonb_build_object('questionId', 'q' || j, 'value', 1 + floor(random() * 5)::int))"
                        + "    from generate_series(1, " + questions + ") j where random() > 0.05 or i < 0)"
                        + " || coalesce((select jsonb_agg(jsonb_build_object('questionId', 'd' || j, 'value', 'b' || (1 + floor(power(random(), 2) * 4)::int)))"
                        + "    from generate_series(1, " + breakdowns + ") j where random() > 0.1 or i < 0), '[]'::jsonb),"
                        + " md5(i::text) from (select i, 1 + floor(power(random(), 1.5) * " + keys.size() + ")::int as n"
                        + " from generate_series(1, " + responses + ") i) g join bench_keys k on k.n = g.n");
            }
            System.out.printf("set-up: %,d responses, %d units, %d questions in %.1f s%n", responses, tree.size(),
                    questions, (System.nanoTime() - t0) / 1e9);
            // As while the survey runs: the mix moves held responses and keeps the answer counts.
            long m0 = System.nanoTime();
            c.setAutoCommit(false);
            MixBatch.Moved moved = MixBatch.move(c, survey);
            c.commit();
            c.setAutoCommit(true);
            System.out.printf("mix: %,d responses moved and counted in one batch in %.1f s%n", moved.responses(),
                    (System.nanoTime() - m0) / 1e9);
            try (Statement st = c.createStatement()) {
                st.execute("update survey set status = 'CLOSED' where id = '" + survey + "'");
                st.execute("vacuum analyze response, answer_count");
            }
            try (Statement st = c.createStatement()) {
                long q0 = System.nanoTime();
                st.execute("select r.key_id, a ->> 'questionId', a ->> 'value', count(*) from response r"
                        + " cross join lateral jsonb_array_elements(r.answers) a where r.survey_id = '" + survey + "'"
                        + " and jsonb_typeof(a -> 'value') in ('number', 'string') group by 1, 2, 3");
                System.out.printf("for comparison, counting from the responses themselves (the fallback): %.2f s%n", (System.nanoTime() - q0) / 1e9);
            }
            for (int run = 1; run <= 3; run++) {
                long start = System.nanoTime();
                ResultsService.Results r = ResultsService.compute(c, survey, "Benchmark", d, tree, 10);
                double seconds = (System.nanoTime() - start) / 1e9;
                long shown = r.questions().get(0).release().units().stream().filter(LaminarRelease.UnitFigures::released).count();
                long rows = r.questions().get(0).release().units().stream().mapToLong(u -> u.bands().size()).sum();
                // The first view after close also records every figure in the release ledger.
                long recording = System.nanoTime();
                java.util.Map<String, String> figures = ReleaseLedger.values(
                        ReleasedFigures.of(r));
                ReleaseLedger.record(c, survey, ReleaseLedger.RESULTS, figures);
                double ledger = (System.nanoTime() - recording) / 1e9;
                System.out.printf("run %d: dashboard computed in %.2f s, and its %,d figures recorded in the release ledger"
                        + " in %.2f s (%d questions released; question 1 shows %d of %d units and the organisation, %,d"
                        + " respondents, %d rows by band)%n", run, seconds, figures.size(), ledger,
                        r.questions().size(), shown, tree.size() + 1,
                        r.questions().get(0).release().unit(LaminarRelease.ORGANISATION).respondents(), rows);
            }
        } finally {
            pg.close();
            try (var paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void insertUnit(PreparedStatement st, UUID id, UUID org, String external, String name, UUID parent)
            throws Exception {
        st.setObject(1, id);
        st.setObject(2, org);
        st.setString(3, external);
        st.setString(4, name);
        st.setObject(5, parent);
        st.executeUpdate();
    }
}
