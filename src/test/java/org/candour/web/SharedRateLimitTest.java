package org.candour.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import org.candour.db.EmbeddedPostgresTestResource;
import org.junit.jupiter.api.Test;

/**
 * The rate limit is one bucket for every replica: two limiters of one name (two processes, as far as
 * the bucket can tell) share it, on the database's clock.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresTestResource.class)
class SharedRateLimitTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void twoReplicasShareOneBurstAndGetA429ThatSaysToTryAgain() {
        String name = "test-" + UUID.randomUUID();
        SharedRateLimit a = new SharedRateLimit(dataSource, name, 0.001, 3);
        SharedRateLimit b = new SharedRateLimit(dataSource, name, 0.001, 3);
        a.acquire();
        b.acquire();
        a.acquire();
        ProblemException refused = assertThrows(ProblemException.class, b::acquire);
        assertEquals(429, refused.status());
        assertEquals("Too many requests right now. Please try again in a minute.", refused.getMessage());
        assertThrows(ProblemException.class, a::acquire);
    }

    @Test
    void refillsOnTheDatabaseClockNeverAboveTheBurst() throws Exception {
        String name = "test-" + UUID.randomUUID();
        SharedRateLimit a = new SharedRateLimit(dataSource, name, 0.01, 2);
        SharedRateLimit b = new SharedRateLimit(dataSource, name, 0.01, 2);
        a.acquire();
        a.acquire();
        assertThrows(ProblemException.class, b::acquire);
        // 1,000 s pass for the bucket (its last lease moved back): 10 tokens' worth, but never above the burst of 2.
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("update rate_bucket set updated_at = updated_at - interval '1000 seconds' where name = '"
                    + name + "'");
        }
        b.acquire();
        a.acquire();
        assertThrows(ProblemException.class, b::acquire);
        assertThrows(ProblemException.class, a::acquire);
    }

    @Test
    void leasesAFiftiethOfASecondAtOnceAtLeastOneAtMostAQuarterOfTheBurst() {
        assertEquals(1, SharedRateLimit.chunk(10, 20));
        assertEquals(20, SharedRateLimit.chunk(1000, 2000));
        assertEquals(2, SharedRateLimit.chunk(1000, 8));
        assertEquals(1, SharedRateLimit.chunk(0.001, 3));
    }
}
