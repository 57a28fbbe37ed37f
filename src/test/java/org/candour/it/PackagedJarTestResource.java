package org.candour.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.candour.support.Staff;

/**
 * What the packaged jar needs to start in the prod profile for a {@code @QuarkusIntegrationTest}, and
 * nothing more: a master key (32 random bytes, new each run), the bootstrap admin's password (the one
 * {@link Staff#admin()} signs in with) and session cookies without {@code Secure}, since the tests speak
 * plain HTTP. Like every test resource it runs in the test JVM; Quarkus passes the map it returns to the
 * launched jar. Every other setting is the prod default (Argon2id costs, rate limits, the mixer).
 */
public class PackagedJarTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Map.of("candour.master-key", Base64.getEncoder().encodeToString(key),
                "candour.bootstrap.admin-password", Staff.ADMIN_PASSWORD,
                "candour.session.secure-cookie", "false");
    }

    @Override
    public void stop() {
    }
}
