package org.candour.survey;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/** The automatic close of surveys at the end of their announced closing day ({@link ClosingScheduler}). */
@ConfigMapping(prefix = "candour.closing")
public interface ClosingConfig {

    /** Whether surveys close by themselves at the end of their announced day (tests close them explicitly). */
    @WithDefault("true")
    boolean enabled();

    /** How often one replica looks for open surveys whose announced day has ended. */
    @WithName("check-every")
    @WithDefault("PT5M")
    Duration checkEvery();
}
