package org.candour.support;

import io.quarkus.test.junit.QuarkusMock;
import java.util.concurrent.atomic.AtomicInteger;
import org.candour.crypto.Argon2idPasswordHasher;
import org.candour.crypto.PasswordHasher;

/**
 * The test seam for Argon2id: a real hasher with the {@code %test} parameters that counts its calls.
 * {@link #install()} puts it in place of the application's {@link PasswordHasher} for one test
 * ({@code QuarkusMock}; the application is not restarted).
 */
public final class CountingHasher implements PasswordHasher {

    private final PasswordHasher real = new Argon2idPasswordHasher(1024, 1, 1);
    private final AtomicInteger verifies = new AtomicInteger();
    private final AtomicInteger hashes = new AtomicInteger();

    /** Replaces the application's hasher with a fresh counting one until the test ends. */
    public static CountingHasher install() {
        CountingHasher h = new CountingHasher();
        QuarkusMock.installMockForType(h, PasswordHasher.class);
        return h;
    }

    @Override
    public String hash(char[] password) {
        hashes.incrementAndGet();
        return real.hash(password);
    }

    @Override
    public boolean verify(char[] password, String encoded) {
        verifies.incrementAndGet();
        return real.verify(password, encoded);
    }

    @Override
    public boolean needsRehash(String encoded) {
        return real.needsRehash(encoded);
    }

    /** How many Argon2id runs (checks and new hashes) since the last call, and starts counting again. */
    public int runs() {
        return verifies.getAndSet(0) + hashes.getAndSet(0);
    }

    /** How many checks since the last {@link #runs()}, without resetting. */
    public int verifies() {
        return verifies.get();
    }
}
