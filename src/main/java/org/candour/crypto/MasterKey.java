package org.candour.crypto;

import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.util.Base64;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The deployment's master key ({@code CANDOUR_MASTER_KEY}, 32 random bytes in base64). Purpose keys
 * are derived from it; it is never logged. Start-up fails with instructions when it is missing.
 */
@Singleton
@Startup
public class MasterKey {

    private final byte[] key;

    public MasterKey(@ConfigProperty(name = "candour.master-key") Optional<String> configured) {
        String hint = "Set CANDOUR_MASTER_KEY to 32 random bytes in base64 (for example the output of "
                + "`openssl rand -base64 32`) and keep it safe: it protects keys stored in the database.";
        if (configured.isEmpty() || configured.get().isBlank()) {
            throw new IllegalStateException("No master key is configured. " + hint);
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(configured.get().trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("CANDOUR_MASTER_KEY is not valid base64. " + hint);
        }
        if (decoded.length < 32) {
            throw new IllegalStateException("CANDOUR_MASTER_KEY is shorter than 32 bytes. " + hint);
        }
        this.key = decoded;
    }

    /** A key for one purpose, independent of the keys for every other purpose. */
    public KeyedHash purpose(String purpose) {
        return KeyedHash.derive(key, purpose);
    }

    /** 32 key bytes for one purpose, HMAC-SHA-256(master, "candour/" + purpose), e.g. for a {@link KeyWrapper}. */
    public byte[] derive(String purpose) {
        return KeyedHash.purposeKey(key, purpose);
    }

    @Override
    public String toString() {
        return "MasterKey[REDACTED]";
    }
}
