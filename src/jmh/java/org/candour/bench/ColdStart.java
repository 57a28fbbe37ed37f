package org.candour.bench;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cold-start test of spending (issue 19, docs/performance.md): survey passes issued before a restart
 * are spent at a fixed rate from the moment the restarted server's port accepts a connection.
 *
 * <p>Against a running Candour: sets up a survey and issues passes with {@link LoadTest} (claim and
 * fetch, as there), then stops the server ({@code --server-pid}, SIGTERM, which also stops its embedded
 * PostgreSQL), starts it again with {@code --start} (a shell command run in this directory, with this
 * process's environment; default {@code exec java $JAVA_OPTS -jar target/quarkus-app/quarkus-run.jar}, its
 * output to {@code --start-log}, default {@code target/cold-start-server.log}), polls the port every
 * 10 ms and, from the first accepted connection, sends one spend every {@code 1/--rate} s (100 a second)
 * for {@code --seconds} (5) s, open loop: each at its time, whether or not the earlier ones were
 * answered. At the first send it also sends {@code --double-spend} (50) spends of one other pass at
 * once, each with its own submission id, so exactly one may be stored (201) and every other must be
 * refused (409). Every status is counted; any 5xx, any request without an answer, or a double spend
 * that is not exactly one 201 fails the run (exit status 1). The restarted server is left running; its
 * pid is printed.
 */
public final class ColdStart {

    private static final Pattern SUBMISSION_ID = Pattern.compile("\"submissionId\":\"[^\"]*\"");

    private ColdStart() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = LoadTest.options(args);
        LoadTest load = LoadTest.from(opt);
        URI base = URI.create(opt.getOrDefault("base", "http://127.0.0.1:8080"));
        int rate = Integer.parseInt(opt.getOrDefault("rate", "100"));
        int seconds = Integer.parseInt(opt.getOrDefault("seconds", "5"));
        int doubles = Integer.parseInt(opt.getOrDefault("double-spend", "50"));
        long serverPid = Long.parseLong(required(opt, "server-pid"));
        String start = opt.getOrDefault("start", "exec java $JAVA_OPTS -jar target/quarkus-app/quarkus-run.jar");
        File startLog = new File(opt.getOrDefault("start-log", "target/cold-start-server.log"));
        int n = rate * seconds;

        // ---- before the restart: passes issued (claimed, fetched, finalised), not timed here ----
        // Each issuing key's last fewer than k claims stay waiting for their round, so ask for more.
        System.out.printf("Candour cold-start test: %s, %d spends at %d/s and a %d-way double spend after a restart%n",
                base, n, rate, doubles);
        LoadTest.Passes passes = load.issue(n + 100, 4, 8);
        if (passes.spendBodies().length < n + 1) {
            throw new IllegalStateException("only " + passes.spendBodies().length + " passes were issued");
        }
        String[] spends = Arrays.copyOf(passes.spendBodies(), n);
        String[] doubleSpends = new String[doubles];
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < doubles; i++) {
            byte[] id = new byte[32];
            random.nextBytes(id);
            doubleSpends[i] = SUBMISSION_ID.matcher(passes.spendBodies()[n]).replaceFirst(Matcher.quoteReplacement(
                    "\"submissionId\":\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(id) + "\""));
        }

        // ---- the restart ----
        ProcessHandle old = ProcessHandle.of(serverPid)
                .orElseThrow(() -> new IllegalArgumentException("no process " + serverPid));
        long t0 = System.nanoTime();
        old.destroy();
        try {
            old.onExit().get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the server " + serverPid + " did not stop within 60 s");
        }
        System.out.printf("stopped the server %d in %.1f s%n", serverPid, (System.nanoTime() - t0) / 1e9);
        Process server = new ProcessBuilder("sh", "-c", start).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(startLog)).start();
        long started = System.nanoTime();
        awaitPort(base, server, 120);
        long accepted = System.nanoTime();
        System.out.printf("started the server again (pid %d, output in %s); its port accepted after %.2f s%n",
                server.pid(), startLog, (accepted - started) / 1e9);

        // ---- open loop from the first accepted connection ----
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        int[] status = new int[n];
        long[] sentAt = new long[n];
        long[] nanos = new long[n];
        int[] doubleStatus = new int[doubles];
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (int i = 0; i < doubles; i++) {
            int d = i;
            pending.add(send(http, passes.spendUri(), doubleSpends[i]).handle((r, e) -> {
                doubleStatus[d] = e == null ? r.statusCode() : -1;
                return null;
            }));
        }
        for (int i = 0; i < n; i++) {
            long due = accepted + i * 1_000_000_000L / rate;
            for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(wait);
            }
            int s = i;
            sentAt[i] = System.nanoTime() - accepted;
            long t = System.nanoTime();
            pending.add(send(http, passes.spendUri(), spends[i]).handle((r, e) -> {
                nanos[s] = System.nanoTime() - t;
                status[s] = e == null ? r.statusCode() : -1;
                return null;
            }));
        }
        double sendSeconds = (System.nanoTime() - accepted) / 1e9;
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();

        // ---- report ----
        System.out.printf("sent %d spends in %.2f s (the last due at %.2f s)%n", n, sendSeconds, (n - 1) / (double) rate);
        System.out.printf("%-8s %6s %6s %6s %6s %6s %8s %8s %8s%n", "second", "sent", "2xx", "4xx", "5xx", "none",
                "p50 ms", "p99 ms", "max ms");
        int bad = 0;
        for (int sec = 0; sec * rate < n; sec++) {
            int from = sec * rate;
            int to = Math.min(n, from + rate);
            int[] c = new int[4];
            long[] lat = Arrays.copyOfRange(nanos, from, to);
            Arrays.sort(lat);
            for (int i = from; i < to; i++) {
                c[bucket(status[i])]++;
            }
            bad += c[2] + c[3];
            System.out.printf("%-8s %6d %6d %6d %6d %6d %8.1f %8.1f %8.1f%n", sec + "-" + (sec + 1), to - from, c[0],
                    c[1], c[2], c[3], pct(lat, 50), pct(lat, 99), pct(lat, 100));
        }
        Map<Integer, Integer> all = new TreeMap<>();
        Arrays.stream(status).forEach(s -> all.merge(s, 1, Integer::sum));
        Map<Integer, Integer> dbl = new TreeMap<>();
        Arrays.stream(doubleStatus).forEach(s -> dbl.merge(s, 1, Integer::sum));
        System.out.printf("spends by status: %s (-1: no answer)%n", all);
        System.out.printf("double spend of one pass, %d at once: %s%n", doubles, dbl);
        boolean doubleOk = dbl.getOrDefault(201, 0) == 1 && dbl.getOrDefault(409, 0) == doubles - 1;
        boolean ok = bad == 0 && all.getOrDefault(201, 0) == n && doubleOk;
        System.out.printf("%s: %d spends with a 5xx or no answer; %d of %d stored; double spend %s%n",
                ok ? "PASS" : "FAIL", bad, all.getOrDefault(201, 0), n,
                doubleOk ? "one 201, the rest 409" : "NOT one 201 and the rest 409");
        System.out.printf("the restarted server (pid %d) is still running%n", server.pid());
        System.exit(ok ? 0 : 1);
    }

    private static String required(Map<String, String> opt, String name) {
        String v = opt.get(name);
        if (v == null) {
            throw new IllegalArgumentException("give --" + name);
        }
        return v;
    }

    /** 0: 2xx, 1: 4xx (or any other answer), 2: 5xx, 3: no answer. */
    private static int bucket(int status) {
        return status < 0 ? 3 : status >= 500 ? 2 : status >= 200 && status < 300 ? 0 : 1;
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    private static CompletableFuture<HttpResponse<String>> send(HttpClient http, URI uri, String body) {
        return http.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until {@code base}'s port accepts a connection, trying every 10 ms. */
    private static void awaitPort(URI base, Process server, int timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        InetSocketAddress address = new InetSocketAddress(base.getHost(), base.getPort());
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the server exited with " + server.exitValue() + " before its port "
                        + "accepted; see its output");
            }
            try (Socket s = new Socket()) {
                s.connect(address, 100);
                return;
            } catch (IOException e) {
                Thread.sleep(10);
            }
        }
        throw new IllegalStateException("the port did not accept within " + timeoutSeconds + " s");
    }
}
