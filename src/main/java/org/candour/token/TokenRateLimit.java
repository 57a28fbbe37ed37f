package org.candour.token;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.candour.web.RateLimiter;

/** The one token bucket that lookups and issues share ({@code candour.token.rate-per-second}). */
@Singleton
public class TokenRateLimit {

    private final RateLimiter limiter;

    @Inject
    TokenRateLimit(TokenConfig config) {
        this.limiter = RateLimiter.perSecond(config.ratePerSecond());
    }

    /** Takes one token, or throws the 429. */
    public void acquire() {
        limiter.acquire();
    }
}
