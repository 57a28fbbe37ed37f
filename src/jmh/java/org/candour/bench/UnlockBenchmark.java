package org.candour.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.stream.IntStream;
import org.candour.crypto.HpkeBox;
import org.candour.crypto.HpkeKeyPair;
import org.candour.crypto.KeyedHash;
import org.candour.crypto.SecretSharing;
import org.candour.custody.CommentSealing;
import org.candour.custody.CommentVault;
import org.candour.custody.ResultsKeys;
import org.candour.custody.UnlockService;
import org.candour.db.EmbeddedPostgresLauncher;
import org.candour.db.Migrations;
import org.candour.response.AnswerValidator;
import org.candour.response.SpendService;
import org.candour.survey.SurveyDefinition;
import org.candour.survey.SurveyDefinitionParser;

/**
 * Time to unlock and decrypt a survey's comments (default about 100,000), against a PostgreSQL 18
 * of its own. Not a JMH benchmark: a plain main class, compiled only with {@code -Pbench}; run it
 * with {@code ./mvnw -B -Pbench -DskipTests test-compile exec:exec@unlock} (docs/performance.md).
 *
 * <p>Set-up (not timed): starts the embedded PostgreSQL in a temporary directory with the
 * production durability settings ({@link EmbeddedPostgresLauncher}), applies the migrations, inserts
 * one organisation, unit, OPEN survey (the probation template) and issuer key, makes a results key
 * pair and splits its private key 2 of 3 with {@link SecretSharing}, then inserts the responses
 * straight into {@code response} (where the mix leaves them), in batches: each has six likert /
 * number answers, one single-choice answer and three free-text answers of 200, 600 and 2,000
 * characters of varied text, validated by {@link AnswerValidator} and stored exactly as
 * {@code SpendService.canonical} stores them, comments sealed with {@link CommentSealing#sealAll}.
 * Then {@code VACUUM ANALYZE}, so that every run reads the same settled table.
 *
 * <p>Timed, each run: (1) {@link SecretSharing#combine} of two of the three shares and the
 * {@link HpkeBox#publicKeyOf} check against the stored public key; (2)
 * {@link UnlockService#decryptAll(Connection, HpkeBox.Opener, UUID, String)} with a fresh opener, the
 * exact code the server runs on the t-th presentation; (3) the shuffle that {@code unlock} does
 * before handing the list to the vault. The connection is opened before the clock starts (the
 * server takes one from its pool). After each run the count and the texts of a sample of comments
 * (every response whose index is a multiple of {@code --sample}) are checked against what was
 * sealed. Not included: what each trustee's presentation costs before the last one (the Argon2id
 * of the key file, opening the share).
 *
 * <p>Options ({@code --name value}): {@code --comments} (100000: responses = comments / 3, rounded
 * up), {@code --runs} (3), {@code --sample} (100). Also prints, per run, this JVM's and PostgreSQL's
 * CPU time from /proc (Linux only) and the load average. The temporary directory is deleted at the
 * end, also on Ctrl-C.
 */
public final class UnlockBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String[] TEXT_QUESTIONS = {"one-change", "safety-comments", "anything-else"};
    private static final int BATCH = 1000;


    private final Path dataDir;
    private final AtomicBoolean cleaned = new AtomicBoolean();
    /** Each inserted response's index, from which its texts can be made again for the check. */
    private final Map<UUID, Integer> indexById = new HashMap<>();
    private EmbeddedPostgres pg;

    private UnlockBenchmark(Path dataDir) {
        this.dataDir = dataDir;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("${unlock.args}")) {
                continue; // exec:exec@unlock without -Dunlock.args passes the expression through unresolved
            }
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            opt.put(args[i].substring(2), args[++i]);
        }
        int comments = Integer.parseInt(opt.getOrDefault("comments", "100000"));
        int runs = Integer.parseInt(opt.getOrDefault("runs", "3"));
        int sample = Integer.parseInt(opt.getOrDefault("sample", "100"));
        int responses = (comments + TEXT_QUESTIONS.length - 1) / TEXT_QUESTIONS.length;

        UnlockBenchmark b = new UnlockBenchmark(Files.createTempDirectory("candour-unlock-pg"));
        Runtime.getRuntime().addShutdownHook(new Thread(b::cleanUp, "unlock-benchmark-clean-up"));
        try {
            b.run(responses, runs, sample);
        } finally {
            b.cleanUp();
        }
    }

    /** The survey's fixed rows and keys, made in set-up. */
    private record Fixture(UUID surveyId, String issuerKeyId, ResultsKeys.Key resultsKey,
            List<SecretSharing.Share> shares, SurveyDefinition definition, String[] plans) {
    }

    /** One timed run. */
    private record Run(double combineMs, double decryptMs, double shuffleMs, int comments, double jvmCpu, double dbCpu,
            String load) {
        double totalMs() {
            return combineMs + decryptMs + shuffleMs;
        }
    }

    private void run(int responses, int runs, int sample) throws Exception {
        System.out.printf("Candour unlock benchmark: %d responses x %d comments = %d comments, %d runs, %d cores, "
                + "data in %s%n", responses, TEXT_QUESTIONS.length, responses * TEXT_QUESTIONS.length, runs,
                Runtime.getRuntime().availableProcessors(), dataDir);
        long t0 = System.nanoTime();
        pg = EmbeddedPostgresLauncher.start(dataDir, true);
        migrate();
        System.out.printf("PostgreSQL started and migrated in %.1f s (not timed)%n", (System.nanoTime() - t0) / 1e9);

        Fixture f = setUp();
        t0 = System.nanoTime();
        insertResponses(f, responses);
        System.out.printf("inserted %d responses in %.1f s (not timed)%n", responses, (System.nanoTime() - t0) / 1e9);
        try (Connection c = connect(); Statement st = c.createStatement()) {
            t0 = System.nanoTime();
            st.execute("vacuum analyze response");
            st.execute("checkpoint");
            try (ResultSet rs = st.executeQuery("select pg_size_pretty(pg_total_relation_size('response')),"
                    + " pg_size_pretty(pg_relation_size('response'))")) {
                rs.next();
                System.out.printf("vacuum analyze and checkpoint in %.1f s (not timed); table response: %s with "
                        + "TOAST and indexes, %s main fork%n", (System.nanoTime() - t0) / 1e9, rs.getString(1),
                        rs.getString(2));
            }
        }

        HpkeBox hpke = new HpkeBox();
        long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
        List<Run> results = new ArrayList<>();
        for (int r = 1; r <= runs; r++) {
            results.add(timedRun(hpke, f, postmaster, responses, sample));
            Run last = results.get(results.size() - 1);
            System.out.printf("run %d: combine + check %.3f ms, decryptAll %.0f ms, shuffle %.1f ms, total %.0f ms; "
                    + "%d comments; CPU: this JVM %.1f s, PostgreSQL %.1f s; load average %s%n", r, last.combineMs(),
                    last.decryptMs(), last.shuffleMs(), last.totalMs(), last.comments(), last.jvmCpu(), last.dbCpu(),
                    last.load());
        }

        System.out.println();
        System.out.printf("Summary: %d comments (%d responses), unlock = combine 2 of 3 shares + check, decryptAll, "
                + "shuffle%n", responses * TEXT_QUESTIONS.length, responses);
        System.out.printf("%-4s %15s %14s %11s %11s %12s %9s %8s  %s%n", "run", "combine+check", "decryptAll",
                "shuffle", "total", "comments/s", "JVM CPU", "PG CPU", "load average (1/5/15 min)");
        for (int r = 0; r < results.size(); r++) {
            Run x = results.get(r);
            System.out.printf("%-4d %12.3f ms %11.0f ms %8.1f ms %8.0f ms %12.0f %7.1f s %6.1f s  %s%n", r + 1,
                    x.combineMs(), x.decryptMs(), x.shuffleMs(), x.totalMs(), x.comments() / (x.decryptMs() / 1e3),
                    x.jvmCpu(), x.dbCpu(), x.load());
        }
    }

    private Run timedRun(HpkeBox hpke, Fixture f, long postmaster, int responses, int sample) throws Exception {
        System.gc();
        try (Connection c = connect()) {
            long cpu0 = ProcCpu.ticks(ProcessHandle.current().pid());
            long db0 = ProcCpu.tree(postmaster);

            // (1) The t-th presentation: rebuild the results key from two shares and check it.
            long t0 = System.nanoTime();
            List<SecretSharing.Share> two = List.of(copy(f.shares().get(0)), copy(f.shares().get(2)));
            byte[] privateKey = SecretSharing.combine(two);
            if (!Arrays.equals(HpkeBox.publicKeyOf(privateKey), f.resultsKey().publicKey())) {
                throw new IllegalStateException("the shares do not rebuild the results key");
            }
            long t1 = System.nanoTime();

            // (2) Decrypt every comment, exactly as UnlockService.unlock does.
            List<CommentVault.Comment> comments;
            try {
                comments = UnlockService.decryptAll(c, hpke.opener(privateKey), f.surveyId(), f.resultsKey().keyId());
            } finally {
                Arrays.fill(privateKey, (byte) 0);
            }
            long t2 = System.nanoTime();

            // (3) The shuffle before the vault.
            Collections.shuffle(comments, RANDOM);
            long t3 = System.nanoTime();

            double jvmCpu = (ProcCpu.ticks(ProcessHandle.current().pid()) - cpu0) / ProcCpu.HZ;
            double dbCpu = (ProcCpu.tree(postmaster) - db0) / ProcCpu.HZ;
            String load = Files.readString(Path.of("/proc/loadavg")).trim().replaceAll("^(\\S+ \\S+ \\S+).*", "$1");
            check(f, comments, responses, sample);
            return new Run((t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, comments.size(), jvmCpu, dbCpu, load);
        }
    }

    /** The count, the issuing key, and the text of every comment of every sample-th response. */
    private void check(Fixture f, List<CommentVault.Comment> comments, int responses, int sample) {
        int expected = responses * TEXT_QUESTIONS.length;
        if (comments.size() != expected) {
            throw new IllegalStateException("decrypted " + comments.size() + " comments, expected " + expected);
        }
        int checked = 0;
        for (CommentVault.Comment c : comments) {
            if (!c.keyId().equals(f.issuerKeyId())) {
                throw new IllegalStateException("a comment came back with the wrong issuing key");
            }
            int index = indexOf(c.responseId());
            if (index % sample == 0) {
                int q = Arrays.asList(TEXT_QUESTIONS).indexOf(c.questionId());
                if (q < 0 || !c.text().equals(texts(index)[q])) {
                    throw new IllegalStateException("comment " + c.questionId() + " of response " + index
                            + " does not decrypt to what was sealed");
                }
                checked++;
            }
        }
        int sampled = TEXT_QUESTIONS.length * ((responses - 1) / sample + 1);
        if (checked != sampled) {
            throw new IllegalStateException("checked " + checked + " sample comments, expected " + sampled);
        }
    }

    private static SecretSharing.Share copy(SecretSharing.Share s) {
        return new SecretSharing.Share(s.index(), s.value().clone());
    }

    // ---------------------------------------------------------------------------------------
    // Set-up (not timed)

    private Fixture setUp() throws Exception {
        UUID org = UUID.randomUUID();
        UUID unit = UUID.randomUUID();
        UUID survey = UUID.randomUUID();
        String template = new String(UnlockBenchmark.class.getResourceAsStream("/survey-templates/probation-wellbeing.json")
                .readAllBytes(), StandardCharsets.UTF_8);
        SurveyDefinition definition = SurveyDefinitionParser.parse(template);
        String[] plans = definition.questions().stream().filter(q -> q.id().equals("plans")).findFirst().orElseThrow()
                .options().stream().map(SurveyDefinition.Option::id).toArray(String[]::new);
        byte[] spki = new byte[294];
        RANDOM.nextBytes(spki);
        String issuerKeyId = HexFormat.of().formatHex(KeyedHash.sha256(spki));

        HpkeKeyPair results = HpkeBox.generateKeyPair();
        String resultsKeyId = HexFormat.of().formatHex(KeyedHash.sha256(results.publicKey()));
        List<SecretSharing.Share> shares = SecretSharing.split(results.privateKey(), 2, 3);
        results.wipe();

        try (Connection c = connect()) {
            c.setAutoCommit(false);
            update(c, "insert into organisation (id, slug, name) values (?, 'unlock-bench', 'Unlock benchmark')", org);
            update(c, "insert into reporting_unit (id, organisation_id, external_id, name) values (?, ?, 'u1', 'Unit 1')",
                    unit, org);
            update(c, "insert into survey (id, organisation_id, title, definition, k_threshold, status, opened_at)"
                    + " values (?, ?, ?, cast(? as jsonb), ?, 'OPEN', now())", survey, org, definition.title(),
                    SurveyDefinitionParser.toJson(definition), definition.k());
            update(c, "insert into issuer_key (key_id, survey_id, unit_id, spki) values (?, ?, ?, ?)", issuerKeyId,
                    survey, unit, spki);
            update(c, "insert into results_key (survey_id, key_id, public_key) values (?, ?, ?)", survey, resultsKeyId,
                    results.publicKey());
            c.commit();
        }
        return new Fixture(survey, issuerKeyId, new ResultsKeys.Key(resultsKeyId, results.publicKey()), shares,
                definition, plans);
    }

    private int indexOf(UUID responseId) {
        Integer i = indexById.get(responseId);
        if (i == null) {
            throw new IllegalStateException("a comment came back for a response that was not inserted");
        }
        return i;
    }

    private record Row(UUID id, String answers, String receipt) {
    }

    private void insertResponses(Fixture f, int responses) throws Exception {
        Method canonical = SpendService.class.getDeclaredMethod("canonical", AnswerValidator.ValidatedAnswers.class,
                BiFunction.class);
        canonical.setAccessible(true); // package-private in SpendService; called so the stored JSON is exactly its
        HpkeBox hpke = new HpkeBox();
        try (Connection c = DriverManager.getConnection(EmbeddedPostgresLauncher.jdbcUrl(pg)
                + "?reWriteBatchedInserts=true", "postgres", "postgres")) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("insert into response (id, survey_id, key_id, answers, receipt)"
                    + " values (?, ?, ?, cast(? as jsonb), ?)")) {
                for (int from = 0; from < responses; from += BATCH) {
                    Row[] rows = IntStream.range(from, Math.min(responses, from + BATCH)).parallel()
                            .mapToObj(i -> row(f, hpke, canonical, i)).toArray(Row[]::new);
                    for (int i = 0; i < rows.length; i++) {
                        indexById.put(rows[i].id(), from + i);
                        ps.setObject(1, rows[i].id());
                        ps.setObject(2, f.surveyId());
                        ps.setString(3, f.issuerKeyId());
                        ps.setString(4, rows[i].answers());
                        ps.setString(5, rows[i].receipt());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                    c.commit();
                }
            }
        }
    }

    /** Response {@code i}: the answers as SpendService stores them, and its receipt. */
    private static Row row(Fixture f, HpkeBox hpke, Method canonical, int i) {
        Random r = new Random(i * 7919L + 1);
        String[] texts = texts(i);
        StringBuilder in = new StringBuilder("[");
        in.append(answer("workload-manageable", r.nextInt(5) + 1)).append(',')
                .append(answer("caseload", r.nextInt(201))).append(',')
                .append(answer("unpaid-hours", r.nextInt(41))).append(',')
                .append(answer("time-for-quality", r.nextInt(5) + 1)).append(',')
                .append(answer("trust-senior-leaders", r.nextInt(5) + 1)).append(',')
                .append(answer("safe-to-speak-up", r.nextInt(5) + 1)).append(',')
                .append("{\"questionId\":\"plans\",\"value\":\"").append(f.plans()[r.nextInt(f.plans().length)])
                .append("\"}");
        for (int q = 0; q < TEXT_QUESTIONS.length; q++) {
            in.append(",{\"questionId\":\"").append(TEXT_QUESTIONS[q]).append("\",\"value\":")
                    .append(quoted(texts[q])).append('}');
        }
        in.append(']');
        try {
            AnswerValidator.ValidatedAnswers valid = AnswerValidator.validate(f.definition(), JSON.readTree(in.toString()));
            byte[] prepared = new byte[32 + 120];
            RANDOM.nextBytes(prepared);
            byte[] secret = CommentSealing.responseSecret(prepared);
            BiFunction<List<String>, List<String>, byte[][]> sealAll = (questionIds, comments) ->
                    CommentSealing.sealAll(hpke, f.resultsKey(), f.surveyId(), questionIds, comments, secret);
            byte[] stored = (byte[]) canonical.invoke(null, valid, sealAll);
            byte[] tokenHash = KeyedHash.sha256(prepared);
            byte[] submissionId = new byte[SpendService.SUBMISSION_ID_BYTES];
            RANDOM.nextBytes(submissionId);
            String receipt = SpendService.receipt(submissionId, tokenHash);
            return new Row(UUID.randomUUID(), new String(stored, StandardCharsets.UTF_8), receipt);
        } catch (ReflectiveOperationException | IOException e) {
            throw new IllegalStateException("could not build response " + i, e);
        }
    }

    /**
     * The three comments of response {@code i}: 200, 600 and 2,000 characters of words in varied
     * order, in sentences and paragraphs, the same every time for the same {@code i}, and already in
     * the form AnswerValidator keeps (NFC, trimmed), so a decrypted text must equal it.
     */
    static String[] texts(int i) {
        Random r = new Random(i * 104729L + 17);
        String[] out = new String[CommentText.LENGTHS.length];
        for (int q = 0; q < out.length; q++) {
            out[q] = CommentText.of(r, CommentText.LENGTHS[q]);
        }
        return out;
    }

    private static String answer(String id, int value) {
        return "{\"questionId\":\"" + id + "\",\"value\":" + value + "}";
    }

    private static String quoted(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The application's own migrations, in version order, as Flyway would apply them. */
    private void migrate() throws Exception {
        try (Connection c = connect()) {
            Migrations.apply(c);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(EmbeddedPostgresLauncher.jdbcUrl(pg), "postgres", "postgres");
    }

    private static void update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }

    /** Stops PostgreSQL and deletes the temporary directory; once, from the end of main or a shutdown hook. */
    private void cleanUp() {
        if (!cleaned.compareAndSet(false, true)) {
            return;
        }
        try {
            if (pg != null) {
                pg.close();
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("stopping PostgreSQL: " + e);
        }
        try (var paths = Files.walk(dataDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("deleting " + dataDir + ": " + e);
        }
        System.out.println((Files.exists(dataDir) ? "could not delete " : "deleted ") + dataDir);
    }
}
