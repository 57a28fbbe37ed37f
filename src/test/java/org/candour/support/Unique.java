package org.candour.support;

import java.util.concurrent.atomic.AtomicInteger;

/** Names that no other test uses: the tests share one database and never assume it is empty. */
public final class Unique {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final String RUN = Long.toString(System.nanoTime() % 1_000_000, 36);

    private Unique() {
    }

    public static String name(String prefix) {
        return prefix + "-" + RUN + "-" + COUNTER.incrementAndGet();
    }
}
