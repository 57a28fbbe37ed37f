package org.candour.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Server-side staff sessions, so that signing out or disabling an account ends them at once. */
@ApplicationScoped
@Transactional
public class SessionService {

    @Inject
    AccountConfig config;

    /** Starts a session and returns the cookie value. */
    public String start(UUID accountId) {
        StaffSession.delete("expiresAt < ?1", Instant.now());
        String cookie = Secrets.random();
        StaffSession s = new StaffSession();
        s.tokenHash = Secrets.hashOf(cookie);
        s.accountId = accountId;
        s.expiresAt = Instant.now().plus(config.session().maxAge());
        s.persist();
        return cookie;
    }

    /** The signed-in account for a cookie value, if the session is live and the account enabled. */
    public Optional<StaffPrincipal> resolve(String cookie) {
        byte[] hash = Secrets.hashOf(cookie);
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
        byte[] hash = Secrets.hashOf(cookie);
        if (hash != null) {
            StaffSession.deleteById(hash);
        }
    }
}
