package org.candour.response;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many respondent requests (token issues and spends) the service has taken since start-up: one
 * number in memory, so that the mixer can tell a burst from a quiet moment. It holds nothing about any
 * one request, not even when it came.
 */
@ApplicationScoped
public class IntakeMeter {

    private final LongAdder requests = new LongAdder();

    /** Counts one respondent request. */
    public void request() {
        requests.increment();
    }

    long total() {
        return requests.sum();
    }
}
