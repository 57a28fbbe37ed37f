package org.candour.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Sends a fixed list of POST bodies through <a href="https://github.com/wg/wrk">wrk</a> (Debian's
 * {@code wrk} package), each body exactly once, and reads back every answer: the load generator of
 * {@link LoadTest} with {@code --driver wrk}, far cheaper per request than the JDK's HttpClient.
 *
 * <p>wrk runs W threads with one connection each, so every thread is one closed-loop worker whose
 * requests and answers alternate. Body {@code i} goes to thread {@code i % W}; each thread reads its
 * own file of bodies, times each request with {@code CLOCK_MONOTONIC} (LuaJIT's FFI), writes
 * {@code index, status, latency in ns, body} for every answer to its own file, and when its bodies
 * run out writes its first send and last answer and stops. wrk's main thread only returns at its
 * duration or on SIGINT, so the driver sends SIGINT once every thread has finished; wrk's own
 * summary is not used.
 */
final class WrkDriver {

    /** Answers in body order; {@code status[i]} is -1 where no answer came. */
    record Outcome(int[] status, String[] body, long[] nanos, double seconds, long generatorTicks) {
    }

    private static final String SCRIPT = """
            local ffi = require("ffi")
            ffi.cdef[[
              typedef struct { long tv_sec; long tv_nsec; } candour_timespec;
              int clock_gettime(int clk_id, candour_timespec *tp);
            ]]
            local ts = ffi.new("candour_timespec")
            local function now()
              ffi.C.clock_gettime(1, ts)
              return tonumber(ts.tv_sec) * 1000000000 + tonumber(ts.tv_nsec)
            end

            local counter = 0
            function setup(thread)
              thread:set("id", counter)
              counter = counter + 1
            end

            function init(args)
              dir = args[1]
              path = args[2]
              bodies, indexes = {}, {}
              for line in io.lines(dir .. "/in-" .. id) do
                local tab = line:find("\\t", 1, true)
                indexes[#indexes + 1] = line:sub(1, tab - 1)
                bodies[#bodies + 1] = line:sub(tab + 1)
              end
              out = io.open(dir .. "/out-" .. id, "w")
              answered, first, started = 0, nil, nil
            end

            -- One connection per thread, so the request being made is always for the body after the
            -- last one answered (wrk also calls request() once before starting, to check it).
            function request()
              started = now()
              return wrk.format("POST", path, {["Content-Type"] = "application/json"}, bodies[answered + 1])
            end

            function response(status, headers, body)
              if answered >= #bodies then return end
              local t = now()
              if first == nil then first = started end
              answered = answered + 1
              out:write(indexes[answered], "\\t", status, "\\t", string.format("%d", t - started), "\\t",
                        (body:gsub("[\\r\\n\\t]", " ")), "\\n")
              if answered == #bodies then
                out:close()
                local done = io.open(dir .. "/done-" .. id, "w")
                done:write(string.format("%d\\t%d\\n", first or t, t))
                done:close()
                wrk.thread:stop()
              end
            end
            """;

    private WrkDriver() {
    }

    /** Whether a wrk executable is on the PATH. */
    static boolean available() {
        try {
            Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(10, TimeUnit.SECONDS);
            return true;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static Outcome run(String base, String path, String[] bodies, int workers) throws IOException, InterruptedException {
        int n = bodies.length;
        Path dir = Files.createTempDirectory("candour-wrk-");
        try {
            Writer[] in = new Writer[workers];
            for (int w = 0; w < workers; w++) {
                in[w] = Files.newBufferedWriter(dir.resolve("in-" + w), StandardCharsets.UTF_8);
            }
            for (int i = 0; i < n; i++) {
                if (bodies[i].indexOf('\n') >= 0 || bodies[i].indexOf('\r') >= 0) {
                    throw new IllegalArgumentException("body " + i + " spans lines");
                }
                in[i % workers].write(i + "\t" + bodies[i] + "\n");
            }
            for (Writer w : in) {
                w.close();
            }
            Path script = dir.resolve("bodies.lua");
            Files.writeString(script, SCRIPT);
            Process wrk = new ProcessBuilder("wrk", "-t", String.valueOf(workers), "-c", String.valueOf(workers),
                    "-d", "3600s", "--timeout", "30s", "-s", script.toString(), base, "--", dir.toString(), path)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("wrk.log").toFile()).start();
            long ticks = 0;
            try {
                while (count(dir, "done-") < workers) {
                    if (!wrk.isAlive()) {
                        throw new IllegalStateException("wrk stopped early: " + Files.readString(dir.resolve("wrk.log")));
                    }
                    Thread.sleep(20);
                }
                ticks = ProcCpu.ticks(wrk.pid());
                new ProcessBuilder("kill", "-INT", String.valueOf(wrk.pid())).start().waitFor();
                if (!wrk.waitFor(30, TimeUnit.SECONDS)) {
                    wrk.destroyForcibly();
                }
            } finally {
                if (wrk.isAlive()) {
                    wrk.destroyForcibly();
                }
            }
            int[] status = new int[n];
            java.util.Arrays.fill(status, -1);
            String[] body = new String[n];
            long[] nanos = new long[n];
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (int w = 0; w < workers; w++) {
                String[] span = Files.readString(dir.resolve("done-" + w)).trim().split("\t");
                first = Math.min(first, Long.parseLong(span[0]));
                last = Math.max(last, Long.parseLong(span[1]));
                try (BufferedReader r = Files.newBufferedReader(dir.resolve("out-" + w), StandardCharsets.UTF_8)) {
                    for (String line; (line = r.readLine()) != null; ) {
                        String[] f = line.split("\t", 4);
                        int i = Integer.parseInt(f[0]);
                        status[i] = Integer.parseInt(f[1]);
                        nanos[i] = Long.parseLong(f[2]);
                        body[i] = f.length > 3 ? f[3] : "";
                    }
                }
            }
            return new Outcome(status, body, nanos, (last - first) / 1e9, ticks);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                List<Path> all = new ArrayList<>(files.sorted(Comparator.reverseOrder()).toList());
                for (Path p : all) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static long count(Path dir, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)).count();
        }
    }
}
