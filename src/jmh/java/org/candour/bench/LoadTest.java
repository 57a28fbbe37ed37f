package org.candour.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.candour.crypto.BlindClient;

/**
 * End-to-end HTTP load test of issuance and spending against a running Candour (see
 * docs/performance.md). Not a JMH benchmark: a plain main class, compiled only with {@code -Pbench}.
 *
 * <p>Per round: sets up an organisation, units, a survey from the probation template and N
 * invitations through the admin API (HTTP Basic), opens it, blinds N messages (not timed), then
 * <b>phase 1</b> claims all N invitations with W closed-loop workers (timed: only
 * {@code POST /api/v1/tokens/issue}, answered 202; rounds of k release as claims arrive), then fetches
 * all N blind signatures with the same requests (timed; 200 for every released claim, 202 for each
 * key's last fewer than k, which stay waiting), finalises them (not timed), and <b>phase 2</b> spends
 * what was signed with W workers (timed: only {@code POST /api/v1/surveys/{id}/responses}).
 *
 * <p>Closed loop: each worker sends its next request only when the previous answer has arrived,
 * and the latency of every request (send to full response) is kept in an array. So the percentiles
 * are service times at the offered concurrency; they do not correct for coordinated omission and
 * say nothing about latency under an open arrival rate.
 *
 * <p>Options ({@code --name value}): {@code --base} (http://127.0.0.1:8080), {@code --admin-user}
 * (admin), {@code --admin-password} (default: env CANDOUR_BOOTSTRAP_ADMIN_PASSWORD),
 * {@code --respondents} (10000), {@code --units} (4), {@code --workers} (4,8,16: one round each),
 * {@code --warmup} (2000 respondents with 8 workers first, not reported as a result; 0 skips),
 * {@code --server-pid} and {@code --db-pid} (the server JVM's pid and the PostgreSQL postmaster's:
 * then the CPU time of each, with its child processes, and of this generator is reported per phase,
 * from /proc; Linux only), {@code --comments} (0 to 3, default 0: how many free-text answers each
 * spend carries, the template's text questions in order, 200, 600 and 2,000 characters of varied
 * text, made before the timed phase; the server seals each to the survey's results key).
 *
 * <p>Trustees: the probation template asks free-text questions, so the server opens such a survey
 * only once it has trustees with custody keys. When the survey's custody view says they are
 * {@code needed}, each round's set-up (not timed) also creates three trustee accounts with unique
 * usernames, registers a custody key for each (the server seals every key file with Argon2id at
 * {@code candour.custody.argon2-memory-kib} / {@code -iterations}, by default 64 MiB and t=3, so
 * about a second of set-up per round) and names them, 2 of 3; after the last invitation, two of them
 * approve the issuing plan, which opening requires. That is all the trustees do here: nothing is
 * unlocked.
 *
 * <p>{@code --driver wrk} sends the timed requests through wrk ({@link WrkDriver}) instead of the
 * JDK's HttpClient: same bodies, same closed loop (one connection per worker), latency measured per
 * request in the wrk thread; the generator's CPU is then wrk's.
 */
public final class LoadTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String TRUSTEE_PASSWORD = "load-test-trustee-password";
    private static final String TRUSTEE_PASSPHRASE = "load test trustee passphrase";

    private final String base;
    private final String basicAuth;
    private final long serverPid;
    private final long dbPid;
    private final int comments;
    private final boolean wrk;
    private final HttpClient http;

    private LoadTest(String base, String user, String password, long serverPid, long dbPid, int comments, boolean wrk) {
        this.base = base;
        this.basicAuth = basic(user, password);
        this.serverPid = serverPid;
        this.dbPid = dbPid;
        this.comments = comments;
        this.wrk = wrk;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = options(args);
        LoadTest t = from(opt);
        int n = Integer.parseInt(opt.getOrDefault("respondents", "10000"));
        int units = Integer.parseInt(opt.getOrDefault("units", "4"));
        int warmup = Integer.parseInt(opt.getOrDefault("warmup", "2000"));
        int[] workers = Arrays.stream(opt.getOrDefault("workers", "4,8,16").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();

        System.out.printf("Candour load test: %s, %d respondents per round in %d units, workers %s, %d cores here, "
                + "driver %s%n", t.base, n, units, Arrays.toString(workers), Runtime.getRuntime().availableProcessors(),
                t.wrk ? "wrk" : "java");
        if (t.comments > 0) {
            System.out.printf("each spend carries %d free-text answers of %s characters%n", t.comments,
                    Arrays.toString(Arrays.copyOf(CommentText.LENGTHS, t.comments)));
        }
        if (warmup > 0) {
            t.round("warm-up", warmup, units, 8);
        }
        List<String> summary = new ArrayList<>();
        for (int w : workers) {
            summary.addAll(t.round("workers=" + w, n, units, w));
        }
        System.out.println();
        System.out.println("Summary (closed loop; latency = send to full response, per request; no coordinated-omission correction)");
        System.out.printf("%-12s %-6s %7s %6s %9s %8s %8s %8s %8s%n",
                "round", "phase", "n", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms");
        summary.forEach(System.out::println);
    }

    /** The {@code --name value} pairs of {@code args}. */
    static Map<String, String> options(String[] args) {
        Map<String, String> opt = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            opt.put(args[i].substring(2), args[i + 1]);
        }
        return opt;
    }

    /** A load test against the server the options name (base, admin, pids, comments, driver). */
    static LoadTest from(Map<String, String> opt) {
        String password = opt.getOrDefault("admin-password", System.getenv("CANDOUR_BOOTSTRAP_ADMIN_PASSWORD"));
        if (password == null) {
            throw new IllegalArgumentException("give --admin-password or set CANDOUR_BOOTSTRAP_ADMIN_PASSWORD");
        }
        LoadTest t = new LoadTest(opt.getOrDefault("base", "http://127.0.0.1:8080"),
                opt.getOrDefault("admin-user", "admin"), password,
                Long.parseLong(opt.getOrDefault("server-pid", "0")), Long.parseLong(opt.getOrDefault("db-pid", "0")),
                Integer.parseInt(opt.getOrDefault("comments", "0")), driver(opt.getOrDefault("driver", "java")));
        if (t.comments < 0 || t.comments > CommentText.LENGTHS.length) {
            throw new IllegalArgumentException("--comments: 0 to " + CommentText.LENGTHS.length + ", not " + t.comments);
        }
        return t;
    }

    private static boolean driver(String name) {
        if (name.equals("java")) {
            return false;
        }
        if (!name.equals("wrk")) {
            throw new IllegalArgumentException("--driver: java or wrk, not " + name);
        }
        if (!WrkDriver.available()) {
            throw new IllegalArgumentException("--driver wrk: no wrk on the PATH (apt-get install wrk)");
        }
        return true;
    }

    private record Prepared(String code, String keyId, BlindClient client, BlindClient.Blinded blinded, String body) {
    }

    private record Key(String keyId, BlindClient client) {
    }

    private List<String> round(String label, int n, int unitCount, int workers) throws Exception {
        System.out.printf("%n== %s: %d respondents, %d workers%n", label, n, workers);
        Passes p = issue(n, unitCount, workers);
        Result spend = run("spend", p.spendUri(), p.spendBodies(), 201, workers);
        return List.of(p.claim().line(label), p.fetch().line(label), spend.line(label));
    }

    /**
     * Survey passes ready to spend: where to spend them, one spend body each (a fresh submission id,
     * answers, and the comments {@code --comments} asks for), and the timed claim and fetch phases.
     */
    record Passes(String surveyId, URI spendUri, String[] spendBodies, Result claim, Result fetch) {
    }

    /**
     * Sets up a survey with {@code n} invitations in {@code unitCount} units through the admin API, then
     * claims and fetches every pass with {@code workers} closed-loop workers (both timed) and finalises
     * what was signed (not timed).
     */
    Passes issue(int n, int unitCount, int workers) throws Exception {
        // ---- set-up through the admin API (not timed) ----
        String slug = "load-" + Long.toString(System.currentTimeMillis(), 36) + "-" + RANDOM.nextInt(1000);
        admin("POST", "/api/admin/organisations", "application/json",
                JSON.writeValueAsString(Map.of("slug", slug, "name", "Load test " + slug)), 201);
        StringBuilder csv = new StringBuilder("id,name,parent_id\nr,Region,\n");
        for (int u = 1; u <= unitCount; u++) {
            csv.append("u").append(u).append(",Unit ").append(u).append(",r\n");
        }
        admin("POST", "/api/admin/organisations/" + slug + "/units/import", "text/csv", csv.toString(), 200);
        String surveyId = JSON.readTree(admin("POST",
                "/api/admin/organisations/" + slug + "/surveys/from-template/probation-wellbeing", null, null, 201))
                .get("id").asText();
        List<String[]> invitations = new ArrayList<>();
        for (int u = 1; u <= unitCount; u++) {
            int count = n / unitCount + (u <= n % unitCount ? 1 : 0);
            for (int done = 0; done < count; ) {
                int batch = Math.min(5000, count - done);
                String body = admin("POST", "/api/admin/surveys/" + surveyId + "/invitations", "application/json",
                        JSON.writeValueAsString(Map.of("unitId", "u" + u, "count", batch)), 200);
                String[] lines = body.split("\r?\n");
                if (!lines[0].equals("code,unit_id,unit_name") || lines.length != batch + 1) {
                    throw new IllegalStateException("unexpected invitations CSV: " + lines[0] + " / " + lines.length);
                }
                for (int i = 1; i < lines.length; i++) {
                    String[] f = lines[i].split(",");
                    invitations.add(new String[] {f[0], f[1]});
                }
                done += batch;
            }
        }
        int trustees = custody(slug, surveyId);
        approvePlan(slug, surveyId, trustees);
        admin("POST", "/api/admin/surveys/" + surveyId + "/open", null, null, 200);

        JsonNode def = JSON.readTree(get("/api/v1/surveys/" + surveyId));
        List<String> plans = new ArrayList<>();
        List<JsonNode> textQuestions = new ArrayList<>();
        for (JsonNode q : def.get("questions")) {
            if (q.get("id").asText().equals("plans")) {
                q.get("options").forEach(o -> plans.add(o.get("id").asText()));
            }
            if (q.get("type").asText().equals("text")) {
                textQuestions.add(q);
            }
        }
        if (plans.isEmpty()) {
            throw new IllegalStateException("the survey has no 'plans' question with options");
        }
        if (textQuestions.size() < comments) {
            throw new IllegalStateException("--comments " + comments + ", but the survey has only "
                    + textQuestions.size() + " free-text questions");
        }
        Map<String, Key> keyByUnit = new HashMap<>();
        for (JsonNode k : JSON.readTree(get("/api/v1/surveys/" + surveyId + "/issuer-keys")).get("keys")) {
            keyByUnit.put(k.get("unitId").asText(),
                    new Key(k.get("keyId").asText(), BlindClient.forKey(B64D.decode(k.get("spki").asText()))));
        }
        System.out.printf("set up: survey %s, %d invitations, %d issuer keys%s%n", surveyId, invitations.size(),
                keyByUnit.size(), trustees == 0 ? "" : ", " + trustees + " trustees (2 of " + trustees + ")");
        String[] commentAnswers = commentAnswers(textQuestions, invitations.size());

        // ---- prepare every blinded message first (not timed) ----
        long t0 = System.nanoTime();
        Prepared[] prepared = IntStream.range(0, invitations.size()).parallel().mapToObj(i -> {
            String[] inv = invitations.get(i);
            Key key = keyByUnit.get(inv[1]);
            byte[] nonce = new byte[32];
            ThreadLocalRandom.current().nextBytes(nonce);
            byte[] msg = ("candour:v1:" + surveyId + ":" + key.keyId() + ":" + HexFormat.of().formatHex(nonce))
                    .getBytes(StandardCharsets.UTF_8);
            BlindClient.Blinded b = key.client().blind(msg);
            String body = "{\"invitationCode\":\"" + inv[0] + "\",\"keyId\":\"" + key.keyId()
                    + "\",\"blindedMessage\":\"" + B64.encodeToString(b.blindedMessage()) + "\"}";
            return new Prepared(inv[0], key.keyId(), key.client(), b, body);
        }).toArray(Prepared[]::new);
        System.out.printf("blinded %d messages in %.1f s (not timed)%n", prepared.length, (System.nanoTime() - t0) / 1e9);

        // ---- phase 1: claim (202), then fetch the signatures of the released rounds (200) ----
        // Each key's claims are released in rounds of k; the last fewer than k of a key stay waiting,
        // and their fetches count as errors (202).
        URI issueUri = URI.create(base + "/api/v1/tokens/issue");
        String[] issueBodies = Arrays.stream(prepared).map(Prepared::body).toArray(String[]::new);
        Result claim = run("claim", issueUri, issueBodies, 202, workers);
        Result issue = run("fetch", issueUri, issueBodies, 200, workers);

        // ---- finalise (not timed) ----
        String[] spendBodies = new String[prepared.length];
        AtomicInteger bad = new AtomicInteger();
        IntStream.range(0, prepared.length).parallel().forEach(i -> {
            if (issue.bodies[i] == null) {
                return;
            }
            try {
                Prepared p = prepared[i];
                byte[] blindSig = B64D.decode(JSON.readTree(issue.bodies[i]).get("blindSignature").asText());
                byte[] sig = p.client().finish(p.blinded(), blindSig);
                ThreadLocalRandom r = ThreadLocalRandom.current();
                byte[] submissionId = new byte[32];
                RANDOM.nextBytes(submissionId);
                spendBodies[i] = "{\"token\":{\"keyId\":\"" + p.keyId() + "\",\"message\":\""
                        + B64.encodeToString(p.blinded().preparedMessage()) + "\",\"signature\":\""
                        + B64.encodeToString(sig) + "\"},\"submissionId\":\"" + B64.encodeToString(submissionId)
                        + "\",\"answers\":["
                        + answer("workload-manageable", r.nextInt(1, 6)) + ","
                        + answer("caseload", r.nextInt(0, 201)) + ","
                        + answer("unpaid-hours", r.nextInt(0, 41)) + ","
                        + answer("time-for-quality", r.nextInt(1, 6)) + ","
                        + answer("trust-senior-leaders", r.nextInt(1, 6)) + ","
                        + answer("safe-to-speak-up", r.nextInt(1, 6)) + ","
                        + "{\"questionId\":\"plans\",\"value\":\"" + plans.get(r.nextInt(plans.size())) + "\"}"
                        + (commentAnswers == null ? "" : commentAnswers[i]) + "]}";
            } catch (IOException | RuntimeException e) {
                bad.incrementAndGet();
            }
        });
        if (bad.get() > 0) {
            System.out.printf("%d blind signatures did not finalise and verify%n", bad.get());
        }
        String[] spendable = Arrays.stream(spendBodies).filter(b -> b != null).toArray(String[]::new);
        return new Passes(surveyId, URI.create(base + "/api/v1/surveys/" + surveyId + "/responses"), spendable, claim,
                issue);
    }

    private static String answer(String id, int value) {
        return "{\"questionId\":\"" + id + "\",\"value\":" + value + "}";
    }

    /**
     * When the survey needs trustees (it asks free text), creates three with unique usernames,
     * registers a custody key for each and names them, 2 of 3; returns how many were named.
     */
    private int custody(String slug, String surveyId) throws IOException, InterruptedException {
        JsonNode view = JSON.readTree(admin("GET", "/api/admin/surveys/" + surveyId + "/custody", null, null, 200));
        if (!view.path("needed").asBoolean()) {
            return 0;
        }
        long t0 = System.nanoTime();
        List<String> usernames = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            String username = slug + "-trustee-" + i;
            admin("POST", "/api/admin/accounts", "application/json", JSON.writeValueAsString(Map.of("username", username,
                    "displayName", "Trustee " + i + " " + slug, "password", TRUSTEE_PASSWORD, "roles", List.of("TRUSTEE"))),
                    201);
            staff(basic(username, TRUSTEE_PASSWORD), "POST", "/api/admin/trustee/key", "application/json",
                    JSON.writeValueAsString(Map.of("passphrase", TRUSTEE_PASSPHRASE)), 201);
            usernames.add(username);
        }
        admin("PUT", "/api/admin/surveys/" + surveyId + "/custody", "application/json",
                JSON.writeValueAsString(Map.of("threshold", 2, "trustees", usernames)), 200);
        System.out.printf("trustees: %d accounts with custody keys, named 2 of %d, in %.1f s (not timed)%n",
                usernames.size(), usernames.size(), (System.nanoTime() - t0) / 1e9);
        return usernames.size();
    }

    /**
     * The first two of the round's {@code trustees} trustees approve the survey's issuing plan as it
     * stands (it names every invitation, so after the last is made), which opening requires.
     */
    private void approvePlan(String slug, String surveyId, int trustees) throws IOException, InterruptedException {
        if (trustees == 0) {
            return;
        }
        String digest = JSON.readTree(admin("GET", "/api/admin/surveys/" + surveyId + "/plan", null, null, 200))
                .get("planDigest").asText();
        for (int i = 1; i <= 2; i++) {
            staff(basic(slug + "-trustee-" + i, TRUSTEE_PASSWORD), "POST", "/api/admin/surveys/" + surveyId
                    + "/plan/approval", "application/json", JSON.writeValueAsString(Map.of("planDigest", digest)), 200);
        }
    }

    /**
     * For each of {@code n} spends, its free-text answers as JSON items, each preceded by a comma
     * (to follow the other answers), or null when {@code --comments} is 0. Made before the timed
     * phase; every text is different.
     */
    private String[] commentAnswers(List<JsonNode> textQuestions, int n) {
        if (comments == 0) {
            return null;
        }
        long t0 = System.nanoTime();
        String[] out = IntStream.range(0, n).parallel().mapToObj(i -> {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            StringBuilder sb = new StringBuilder();
            for (int q = 0; q < comments; q++) {
                JsonNode question = textQuestions.get(q);
                int length = Math.min(CommentText.LENGTHS[q], question.path("maxLength").asInt(CommentText.LENGTHS[q]));
                try {
                    sb.append(",{\"questionId\":").append(JSON.writeValueAsString(question.get("id").asText()))
                            .append(",\"value\":").append(JSON.writeValueAsString(CommentText.of(r, length))).append('}');
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            return sb.toString();
        }).toArray(String[]::new);
        System.out.printf("made %d x %d comments in %.1f s (not timed)%n", n, comments, (System.nanoTime() - t0) / 1e9);
        return out;
    }

    static final class Result {
        final String phase;
        final int n;
        final int errors;
        final double seconds;
        final long[] sortedNanos;
        final String[] bodies;

        Result(String phase, int n, int errors, double seconds, long[] nanos, String[] bodies) {
            this.phase = phase;
            this.n = n;
            this.errors = errors;
            this.seconds = seconds;
            this.sortedNanos = nanos.clone();
            Arrays.sort(this.sortedNanos);
            this.bodies = bodies;
        }

        double pct(double p) {
            int rank = (int) Math.ceil(p / 100.0 * sortedNanos.length);
            return sortedNanos[Math.max(0, rank - 1)] / 1e6;
        }

        /** The phase's figures and its CPU split, as printed while the test runs. */
        void print(String label, Map<Integer, ?> statuses, String cpu) {
            System.out.printf("%s: %d requests in %.2f s = %.0f/s; p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms; "
                    + "errors %d %s%n", label, n, seconds, n / seconds, pct(50), pct(95), pct(99), pct(100), errors,
                    statuses.isEmpty() ? "" : statuses.toString());
            System.out.println("  CPU " + cpu);
        }

        String line(String label) {
            return String.format("%-12s %-6s %7d %6d %9.0f %8.1f %8.1f %8.1f %8.1f", label, phase, n, errors,
                    n / seconds, pct(50), pct(95), pct(99), pct(100));
        }
    }

    /** Sends every body once with {@code workers} closed-loop workers; records each request's latency. */
    private Result run(String phase, URI uri, String[] bodies, int expect, int workers) throws Exception {
        if (wrk) {
            return runWrk(phase, uri, bodies, expect, workers);
        }
        int n = bodies.length;
        long[] nanos = new long[n];
        String[] out = new String[n];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        Map<Integer, AtomicInteger> statuses = new java.util.concurrent.ConcurrentHashMap<>();
        Cpu before = Cpu.sample(serverPid, dbPid);
        long start = System.nanoTime();
        Thread[] threads = new Thread[workers];
        for (int w = 0; w < workers; w++) {
            threads[w] = new Thread(() -> {
                for (int i; (i = next.getAndIncrement()) < n; ) {
                    HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(bodies[i])).build();
                    long t = System.nanoTime();
                    int status;
                    String body = null;
                    try {
                        HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
                        status = res.statusCode();
                        body = res.body();
                    } catch (IOException | InterruptedException e) {
                        status = -1;
                    }
                    nanos[i] = System.nanoTime() - t;
                    if (status == expect) {
                        out[i] = body;
                    } else {
                        errors.incrementAndGet();
                        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                    }
                }
            }, phase + "-" + w);
            threads[w].start();
        }
        for (Thread th : threads) {
            th.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Cpu after = Cpu.sample(serverPid, dbPid);
        Result r = new Result(phase, n, errors.get(), seconds, nanos, out);
        r.print(phase, statuses, before.until(after, seconds));
        return r;
    }

    /** As {@link #run}, with wrk as the generator (see {@link WrkDriver}); the generator's CPU is wrk's. */
    private Result runWrk(String phase, URI uri, String[] bodies, int expect, int workers) throws Exception {
        Cpu before = Cpu.sample(serverPid, dbPid);
        WrkDriver.Outcome o = WrkDriver.run(base, uri.getPath(), bodies, workers);
        Cpu after = Cpu.sample(serverPid, dbPid).plusGenerator(o.generatorTicks());
        int n = bodies.length;
        String[] out = new String[n];
        int errors = 0;
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (int i = 0; i < n; i++) {
            if (o.status()[i] == expect) {
                out[i] = o.body()[i];
            } else {
                errors++;
                statuses.merge(o.status()[i], 1, Integer::sum);
            }
        }
        Result r = new Result(phase, n, errors, o.seconds(), o.nanos(), out);
        r.print(phase + " (wrk)", statuses, before.until(after, o.seconds()));
        return r;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private String admin(String method, String path, String contentType, String body, int expect)
            throws IOException, InterruptedException {
        return staff(basicAuth, method, path, contentType, body, expect);
    }

    /** A staff API request with HTTP Basic {@code auth}; the body of the expected answer. */
    private String staff(String auth, String method, String path, String contentType, String body, int expect)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
                .header("Authorization", auth);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> res = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != expect) {
            throw new IllegalStateException(method + " " + path + ": " + res.statusCode() + " " + res.body());
        }
        return res.body();
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": " + res.statusCode() + " " + res.body());
        }
        return res.body();
    }

    /**
     * CPU seconds from /proc (Linux only): the whole machine's split, the server JVM, its
     * descendants (the embedded PostgreSQL's postmaster and backends) and this generator.
     */
    private record Cpu(long[] machine, long server, long db, long self) {

        static final double HZ = ProcCpu.HZ;

        static Cpu sample(long serverPid, long dbPid) {
            long[] m = new long[8];
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                for (int i = 0; i < 8; i++) {
                    m[i] = Long.parseLong(f[i + 1]);
                }
            } catch (IOException | RuntimeException e) {
                return new Cpu(null, 0, 0, 0);
            }
            return new Cpu(m, ProcCpu.tree(serverPid), ProcCpu.tree(dbPid), ProcCpu.ticks(ProcessHandle.current().pid()));
        }

        /** This sample with another process's CPU (wrk's) counted as the generator's. */
        Cpu plusGenerator(long ticks) {
            return new Cpu(machine, server, db, self + ticks);
        }

        String until(Cpu after, double seconds) {
            if (machine == null || after.machine == null) {
                return "(no /proc)";
            }
            long[] d = new long[8];
            long total = 0;
            for (int i = 0; i < 8; i++) {
                d[i] = after.machine[i] - machine[i];
                total += d[i];
            }
            double pct = 100.0 / Math.max(1, total);
            String m = String.format("machine: user %.0f%%, system %.0f%%, iowait %.0f%%, idle %.0f%%, softirq %.0f%%",
                    (d[0] + d[1]) * pct, d[2] * pct, d[4] * pct, d[3] * pct, d[6] * pct);
            String p = String.format("; core-seconds per wall second: server JVM %.2f, PostgreSQL %.2f, generator %.2f",
                    (after.server - server) / HZ / seconds, (after.db - db) / HZ / seconds,
                    (after.self - self) / HZ / seconds);
            return m + p;
        }
    }
}
