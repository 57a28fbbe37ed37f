package org.candour.token;

import io.agroal.api.AgroalDataSource;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.candour.web.SharedRateLimit;

/**
 * The one token bucket that lookups and issues share ({@code candour.token.rate-per-second}), over all
 * replicas. It may ask the database: call it on a worker thread.
 */
@Singleton
public class TokenRateLimit {

    private final SharedRateLimit limiter;

    @Inject
    TokenRateLimit(TokenConfig config, AgroalDataSource dataSource) {
        this.limiter = SharedRateLimit.perSecond(dataSource, "token", config.ratePerSecond());
    }

    /** Takes one token, or throws the 429. */
    public void acquire() {
        limiter.acquire();
    }
}
