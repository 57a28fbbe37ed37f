package org.candour.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The global token bucket, no Quarkus. */
class RateLimiterTest {

    @Test
    void refusesBeyondTheBurstWithA429ThatSaysToTryAgain() {
        RateLimiter limiter = new RateLimiter(0.001, 3, () -> 0L);
        limiter.acquire();
        limiter.acquire();
        limiter.acquire();
        ProblemException refused = assertThrows(ProblemException.class, limiter::acquire);
        assertEquals(429, refused.status());
        assertEquals("Too many requests right now. Please try again in a minute.", refused.getMessage());
    }

    @Test
    void refillsOverTime() {
        long[] now = {0};
        RateLimiter limiter = new RateLimiter(1000, 1, () -> now[0]);
        limiter.acquire();
        assertThrows(ProblemException.class, limiter::acquire);
        now[0] += 999_000; // 0.999 ms: not yet a whole token
        assertThrows(ProblemException.class, limiter::acquire);
        now[0] += 1_000; // 1 ms in all: one token
        limiter.acquire();
        assertThrows(ProblemException.class, limiter::acquire);
        now[0] += 1_000_000_000L; // a second: refilled, but never above the burst of 1
        limiter.acquire();
        assertThrows(ProblemException.class, limiter::acquire);
    }
}
