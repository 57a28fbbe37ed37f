package org.candour.response;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/** When the mix moves held responses into the results table. */
@ConfigMapping(prefix = "candour.mix")
public interface MixConfig {

    /** Whether the background mixer runs at all (closing a survey always flushes). */
    @WithDefault("true")
    boolean enabled();

    /** How often the mixer looks at the holding table. */
    @WithName("check-every")
    @WithDefault("PT1M")
    Duration checkEvery();

    /** A survey's held rows are moved once at least k have gathered, or once this has passed since its last batch. */
    @WithDefault("PT1H")
    Duration interval();
}
