package org.candour.custody;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/** Trustee custody settings. */
@ConfigMapping(prefix = "candour.custody")
public interface CustodyConfig {

    /** Argon2id memory in KiB for sealing a trustee's key file under their passphrase. */
    @WithName("argon2-memory-kib")
    @WithDefault("65536")
    int argon2MemoryKib();

    /** Argon2id passes for a trustee's key file. */
    @WithName("argon2-iterations")
    @WithDefault("3")
    int argon2Iterations();

    /** How long shares presented towards an unlock wait (sealed, in the database) for the rest before they are dropped. */
    @WithName("unlock-window")
    @WithDefault("PT30M")
    Duration unlockWindow();

    /**
     * How long a survey stays unlocked: its comments readable through every replica, its results key
     * kept wrapped in the database. Then it locks itself, as if a trustee had locked it.
     */
    @WithName("unlocked-for")
    @WithDefault("P1D")
    Duration unlockedFor();

    /** How often one replica deletes expired unlocks and presented shares (a Quarkus Scheduler job). */
    @WithName("expire-every")
    @WithDefault("PT10M")
    Duration expireEvery();
}
