package org.candour.whistleblowing;

import io.agroal.api.AgroalDataSource;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.candour.web.SharedRateLimit;

/**
 * How fast receipts may be tried, right or wrong, over all replicas: a shared bucket that counts tries,
 * never who made them. Outside any caller's transaction, as the bucket commits on its own.
 */
@ApplicationScoped
public class ReceiptThrottle {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    WhistleblowingConfig config;

    private SharedRateLimit tries;

    @PostConstruct
    void init() {
        tries = SharedRateLimit.perSecond(dataSource, "wb-receipt", config.receiptTriesPerSecond());
    }

    /** Takes one try, or throws a 429. */
    @Transactional(TxType.NOT_SUPPORTED)
    public void acquire() {
        tries.acquire();
    }
}
