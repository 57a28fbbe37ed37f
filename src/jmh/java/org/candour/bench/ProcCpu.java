package org.candour.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of processes from /proc (Linux only), in clock ticks, for the benchmarks' CPU split. */
final class ProcCpu {

    /** USER_HZ on Linux: ticks per second. */
    static final double HZ = 100.0;

    private ProcCpu() {
    }

    /** The process and its descendants (for PostgreSQL: the postmaster and its backends); 0 for no pid. */
    static long tree(long pid) {
        if (pid <= 0) {
            return 0;
        }
        return ticks(pid) + ProcessHandle.of(pid).map(p -> p.descendants().mapToLong(d -> ticks(d.pid())).sum())
                .orElse(0L);
    }

    /** utime + stime of one process, or 0 when it cannot be read. */
    static long ticks(long pid) {
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
