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
 * <b>phase 1</b> issues all N passes with W closed-loop workers (timed: only
 * {@code POST /api/v1/tokens/issue}), finalises them (not timed), and <b>phase 2</b> spends all N with
 * W workers (timed: only {@code POST /api/v1/surveys/{id}/responses}).
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
 * from /proc; Linux only).
 */
public final class LoadTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String base;
    private final String basicAuth;
    private final long serverPid;
    private final long dbPid;
    private final HttpClient http;

    private LoadTest(String base, String user, String password, long serverPid, long dbPid) {
        this.base = base;
        this.basicAuth = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.serverPid = serverPid;
        this.dbPid = dbPid;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            opt.put(args[i].substring(2), args[i + 1]);
        }
        String password = opt.getOrDefault("admin-password", System.getenv("CANDOUR_BOOTSTRAP_ADMIN_PASSWORD"));
        if (password == null) {
            throw new IllegalArgumentException("give --admin-password or set CANDOUR_BOOTSTRAP_ADMIN_PASSWORD");
        }
        LoadTest t = new LoadTest(opt.getOrDefault("base", "http://127.0.0.1:8080"),
                opt.getOrDefault("admin-user", "admin"), password,
                Long.parseLong(opt.getOrDefault("server-pid", "0")), Long.parseLong(opt.getOrDefault("db-pid", "0")));
        int n = Integer.parseInt(opt.getOrDefault("respondents", "10000"));
        int units = Integer.parseInt(opt.getOrDefault("units", "4"));
        int warmup = Integer.parseInt(opt.getOrDefault("warmup", "2000"));
        int[] workers = Arrays.stream(opt.getOrDefault("workers", "4,8,16").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();

        System.out.printf("Candour load test: %s, %d respondents per round in %d units, workers %s, %d cores here%n",
                t.base, n, units, Arrays.toString(workers), Runtime.getRuntime().availableProcessors());
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

    private record Prepared(String code, String keyId, BlindClient client, BlindClient.Blinded blinded, String body) {
    }

    private record Key(String keyId, BlindClient client) {
    }

    private List<String> round(String label, int n, int unitCount, int workers) throws Exception {
        System.out.printf("%n== %s: %d respondents, %d workers%n", label, n, workers);
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
        admin("POST", "/api/admin/surveys/" + surveyId + "/open", null, null, 200);

        JsonNode def = JSON.readTree(get("/api/v1/surveys/" + surveyId));
        List<String> plans = new ArrayList<>();
        for (JsonNode q : def.get("questions")) {
            if (q.get("id").asText().equals("plans")) {
                q.get("options").forEach(o -> plans.add(o.get("id").asText()));
            }
        }
        if (plans.isEmpty()) {
            throw new IllegalStateException("the survey has no 'plans' question with options");
        }
        Map<String, Key> keyByUnit = new HashMap<>();
        for (JsonNode k : JSON.readTree(get("/api/v1/surveys/" + surveyId + "/issuer-keys")).get("keys")) {
            keyByUnit.put(k.get("unitId").asText(),
                    new Key(k.get("keyId").asText(), BlindClient.forKey(B64D.decode(k.get("spki").asText()))));
        }
        System.out.printf("set up: survey %s, %d invitations, %d issuer keys%n", surveyId, invitations.size(),
                keyByUnit.size());

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

        // ---- phase 1: issue ----
        URI issueUri = URI.create(base + "/api/v1/tokens/issue");
        String[] issueBodies = Arrays.stream(prepared).map(Prepared::body).toArray(String[]::new);
        Result issue = run("issue", issueUri, issueBodies, 200, workers);

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
                spendBodies[i] = "{\"token\":{\"keyId\":\"" + p.keyId() + "\",\"message\":\""
                        + B64.encodeToString(p.blinded().preparedMessage()) + "\",\"signature\":\""
                        + B64.encodeToString(sig) + "\"},\"answers\":["
                        + answer("workload-manageable", r.nextInt(1, 6)) + ","
                        + answer("caseload", r.nextInt(0, 201)) + ","
                        + answer("unpaid-hours", r.nextInt(0, 41)) + ","
                        + answer("time-for-quality", r.nextInt(1, 6)) + ","
                        + answer("trust-senior-leaders", r.nextInt(1, 6)) + ","
                        + answer("safe-to-speak-up", r.nextInt(1, 6)) + ","
                        + "{\"questionId\":\"plans\",\"value\":\"" + plans.get(r.nextInt(plans.size())) + "\"}]}";
            } catch (IOException | RuntimeException e) {
                bad.incrementAndGet();
            }
        });
        if (bad.get() > 0) {
            System.out.printf("%d blind signatures did not finalise and verify%n", bad.get());
        }
        String[] spendable = Arrays.stream(spendBodies).filter(b -> b != null).toArray(String[]::new);

        // ---- phase 2: spend ----
        Result spend = run("spend", URI.create(base + "/api/v1/surveys/" + surveyId + "/responses"), spendable, 201,
                workers);
        return List.of(issue.line(label), spend.line(label));
    }

    private static String answer(String id, int value) {
        return "{\"questionId\":\"" + id + "\",\"value\":" + value + "}";
    }

    private static final class Result {
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

        String line(String label) {
            return String.format("%-12s %-6s %7d %6d %9.0f %8.1f %8.1f %8.1f %8.1f", label, phase, n, errors,
                    n / seconds, pct(50), pct(95), pct(99), pct(100));
        }
    }

    /** Sends every body once with {@code workers} closed-loop workers; records each request's latency. */
    private Result run(String phase, URI uri, String[] bodies, int expect, int workers) throws Exception {
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
        System.out.printf("%s: %d requests in %.2f s = %.0f/s; p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms; "
                + "errors %d %s%n", phase, n, seconds, n / seconds, r.pct(50), r.pct(95), r.pct(99), r.pct(100),
                errors.get(), statuses.isEmpty() ? "" : statuses.toString());
        System.out.println("  CPU " + before.until(after, seconds));
        return r;
    }

    private String admin(String method, String path, String contentType, String body, int expect)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
                .header("Authorization", basicAuth);
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

        static final double HZ = 100.0; // USER_HZ on Linux

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
            return new Cpu(m, tree(serverPid), tree(dbPid), ticks(ProcessHandle.current().pid()));
        }

        /** The process and its descendants (for PostgreSQL: the postmaster and its backends). */
        static long tree(long pid) {
            if (pid <= 0) {
                return 0;
            }
            return ticks(pid) + ProcessHandle.of(pid).map(p -> p.descendants().mapToLong(d -> ticks(d.pid())).sum())
                    .orElse(0L);
        }

        static long ticks(long pid) {
            try {
                String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime
            } catch (IOException | RuntimeException e) {
                return 0;
            }
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
