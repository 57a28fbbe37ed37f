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

    /**
     * The most held responses one batch moves (never fewer than the survey's k): a larger backlog is
     * moved in several batches, each a random choice among what is held, so that no single
     * transaction holds a core for long while responses keep arriving.
     */
    @WithName("batch-size")
    @WithDefault("500")
    int batchSize();

    /**
     * Between two batches of one backlog, the mixer rests this many times as long as the batch took,
     * leaving the cores to intake (0: no rest).
     */
    @WithDefault("4")
    double rest();

    /**
     * Respondents count as busy while token issues and spends together arrive at this many per second or
     * more; the background mixer then waits (held rows are already durable), so that moving rows does not
     * take a core from respondents during a burst. 0: never wait.
     */
    @WithName("busy-above")
    @WithDefault("100")
    int busyAbove();

    /**
     * The longest a due survey waits for a burst to pass: once it has waited this long, the mixer moves
     * its whole backlog, paced by {@link #rest()}, however busy intake is.
     */
    @WithName("max-defer")
    @WithDefault("PT5M")
    Duration maxDefer();
}
