package org.candour.web;

/**
 * A token bucket shared by everyone who calls an endpoint. It counts requests, never who made
 * them, so it can be used on anonymous paths without recording anything about a person.
 */
public final class RateLimiter {

    private final double perSecond;
    private final double burst;
    private final java.util.function.LongSupplier nanoTime;
    private double tokens;
    private long last;

    public RateLimiter(double perSecond, double burst) {
        this(perSecond, burst, System::nanoTime);
    }

    /** With the monotonic clock given, in nanoseconds (tests pass their own). */
    RateLimiter(double perSecond, double burst, java.util.function.LongSupplier nanoTime) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.tokens = burst;
        this.last = nanoTime.getAsLong();
    }

    /** A limiter for {@code rate} requests a second that absorbs bursts of twice that. */
    public static RateLimiter perSecond(int rate) {
        return new RateLimiter(rate, 2.0 * rate);
    }

    /** Takes one token, or throws a 429 that says to try again shortly. */
    public synchronized void acquire() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) / 1e9 * perSecond);
        last = now;
        if (tokens < 1) {
            throw new ProblemException(429, "Too many requests right now. Please try again in a minute.");
        }
        tokens -= 1;
    }
}
