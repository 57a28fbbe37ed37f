package org.candour.whistleblowing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Whistleblowing settings ({@code candour.whistleblowing.*}). */
@ConfigMapping(prefix = "candour.whistleblowing")
public interface WhistleblowingConfig {

    /** Argon2id memory (KiB) for receipts and handler key seals. */
    @WithDefault("65536")
    int argon2MemoryKib();

    /** Argon2id passes for receipts and handler key seals. */
    @WithDefault("3")
    int argon2Iterations();

    /** Receipts tried per second over all replicas (right or wrong), so receipts cannot be guessed fast. */
    @WithDefault("5")
    int receiptTriesPerSecond();

    /** The threshold k for channels' statistics: no figure about fewer cases. */
    @WithDefault("10")
    int statisticsK();

    /** The longest report or message, in characters. */
    @WithDefault("20000")
    int maxTextLength();
}
