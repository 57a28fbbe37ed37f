package org.candour.account;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;

/** Password hashing, login lockout, sessions and the bootstrap admin. */
@ConfigMapping(prefix = "candour")
public interface AccountConfig {

    Password password();

    Login login();

    Session session();

    Bootstrap bootstrap();

    interface Password {
        @WithName("memory-kib")
        int memoryKib();

        int iterations();

        int parallelism();

        /** How many password checks may run at once (each takes memory-kib of memory). */
        @WithName("max-concurrent")
        int maxConcurrent();

        /** How long a sign-in waits for a free slot before it is refused. */
        @WithName("max-wait")
        Duration maxWait();
    }

    interface Login {
        /** Consecutive failures before an account is locked. */
        @WithName("max-failures")
        int maxFailures();

        /** First lockout; it doubles with each further failure up to {@link #maxLockout()}. */
        Duration lockout();

        @WithName("max-lockout")
        Duration maxLockout();
    }

    interface Session {
        @WithName("max-age")
        Duration maxAge();

        @WithName("secure-cookie")
        boolean secureCookie();
    }

    interface Bootstrap {
        @WithName("admin-username")
        String adminUsername();

        @WithName("admin-password")
        Optional<String> adminPassword();
    }
}
