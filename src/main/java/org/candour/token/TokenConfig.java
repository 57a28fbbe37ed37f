package org.candour.token;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Survey-pass settings. */
@ConfigMapping(prefix = "candour.token")
public interface TokenConfig {

    /** RSA modulus size for issuer keys: 2048 (default) or 3072. */
    @WithName("modulus-bits")
    @WithDefault("2048")
    int modulusBits();

    /** Lookups and issues allowed per second across everyone (nobody is identified to count per person). */
    @WithName("rate-per-second")
    @WithDefault("200")
    int ratePerSecond();

    /**
     * How often a respondent's page asks whether its issuance round has been released, in seconds. Pages
     * ask on the clock (at whole multiples of this), so every page waiting on a round learns of its
     * release at the same moment.
     */
    @WithName("poll-seconds")
    @WithDefault("15")
    int pollSeconds();

    /** Most invitations one request may generate. */
    @WithName("max-invitations-per-request")
    @WithDefault("5000")
    int maxInvitationsPerRequest();
}
