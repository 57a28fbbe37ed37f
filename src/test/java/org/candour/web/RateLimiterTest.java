package org.candour.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The global token bucket, no Quarkus. */
class RateLimiterTest {

    @Test
    void refusesBeyondTheBurstWithA429ThatSaysToTryAgain() {
        RateLimiter limiter = new RateLimiter(0.001, 3);
        limiter.acquire();
        limiter.acquire();
        limiter.acquire();
        ProblemException refused = assertThrows(ProblemException.class, limiter::acquire);
        assertEquals(429, refused.status());
        assertEquals("Too many requests right now. Please try again in a minute.", refused.getMessage());
    }

    @Test
    void refillsOverTime() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(1000, 1);
        limiter.acquire();
        assertThrows(ProblemException.class, limiter::acquire);
        Thread.sleep(20);
        limiter.acquire();
    }
}
