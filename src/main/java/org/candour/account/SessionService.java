package org.candour.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.candour.crypto.KeyedHash;

/** Server-side staff sessions, so that signing out or disabling an account ends them at once. */
@ApplicationScoped
@Transactional
public class SessionService {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    @Inject
    AccountConfig config;

    /** Starts a session and returns the cookie value. */
    public String start(UUID accountId) {
        StaffSession.delete("expiresAt < ?1", Instant.now());
        byte[] token = new byte[32];
        RANDOM.nextBytes(token);
        String cookie = B64.encodeToString(token);
        StaffSession s = new StaffSession();
        s.tokenHash = KeyedHash.sha256(token);
        s.accountId = accountId;
        s.expiresAt = Instant.now().plus(config.session().maxAge());
        s.persist();
        return cookie;
    }

    /** The signed-in account for a cookie value, if the session is live and the account enabled. */
    public Optional<StaffPrincipal> resolve(String cookie) {
        byte[] hash = hashOf(cookie);
        if (hash == null) {
            return Optional.empty();
        }
        StaffSession s = StaffSession.findById(hash);
        if (s == null || s.expiresAt.isBefore(Instant.now())) {
            return Optional.empty();
        }
        StaffAccount a = StaffAccount.findById(s.accountId);
        return a == null || !a.enabled ? Optional.empty() : Optional.of(StaffPrincipal.of(a));
    }

    public void end(String cookie) {
        byte[] hash = hashOf(cookie);
        if (hash != null) {
            StaffSession.deleteById(hash);
        }
    }

    private static byte[] hashOf(String cookie) {
        if (cookie == null || cookie.length() != 43) {
            return null;
        }
        try {
            return KeyedHash.sha256(Base64.getUrlDecoder().decode(cookie));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
