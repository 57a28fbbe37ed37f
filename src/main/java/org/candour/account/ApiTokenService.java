package org.candour.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.candour.web.ProblemException;
import org.jboss.logging.Logger;

/**
 * API tokens: an account's cheap credential for the admin JSON API ({@code Authorization: Bearer}),
 * checked with one indexed lookup and no Argon2id. A token carries its account's roles as they are at
 * each request; it stops working when it is revoked, when the account is disabled and when its
 * password changes ({@link AccountService#update} deletes them).
 */
@ApplicationScoped
@Transactional
public class ApiTokenService {

    private static final Logger LOG = Logger.getLogger(ApiTokenService.class);

    /** A token as listed: never its secret, which exists only in {@link Created}. */
    public record TokenView(UUID id, String name, UUID accountId, String username, Instant createdAt) {
    }

    /** A new token: the only time its secret is returned. */
    public record Created(UUID id, String name, UUID accountId, String username, Instant createdAt, String token) {
    }

    /** Makes a token for the actor's own account. */
    public Created create(StaffPrincipal actor, String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > 100 || trimmed.chars().anyMatch(Character::isISOControl)) {
            throw new ProblemException(400, "The token was not created.",
                    List.of("name: 1 to 100 characters, to tell your tokens apart"));
        }
        if (actor.accountId() == null) {
            throw ProblemException.badRequest("Only a signed-in account can own a token.");
        }
        String secret = Secrets.random();
        ApiToken t = new ApiToken();
        t.id = UUID.randomUUID();
        t.tokenHash = Secrets.hashOf(secret);
        t.accountId = actor.accountId();
        t.name = trimmed;
        t.createdAt = Instant.now();
        t.persist();
        LOG.infof("API token %s created for account %s", t.id, t.accountId);
        return new Created(t.id, t.name, t.accountId, actor.username(), t.createdAt, secret);
    }

    /** The tokens of every account the actor may act for, oldest first. */
    @Transactional(TxType.SUPPORTS)
    public List<TokenView> list(StaffPrincipal actor) {
        String scope = actor.platformWide() ? "" : " and a.organisationId = :org";
        var q = ApiToken.getEntityManager().createQuery("select new " + TokenView.class.getName()
                + "(t.id, t.name, t.accountId, a.username, t.createdAt) from ApiToken t, StaffAccount a"
                + " where a.id = t.accountId" + scope + " order by t.createdAt, t.id", TokenView.class);
        if (!actor.platformWide()) {
            q.setParameter("org", actor.organisationId());
        }
        return q.getResultList();
    }

    /** Revokes (deletes) a token of an account the actor may act for. */
    public void revoke(StaffPrincipal actor, UUID id) {
        ApiToken t = ApiToken.findById(id);
        StaffAccount owner = t == null ? null : StaffAccount.findById(t.accountId);
        if (owner == null || !actor.mayActFor(owner.organisationId)) {
            throw ProblemException.notFound("No such API token.");
        }
        t.delete();
        LOG.infof("API token %s revoked", id);
    }

    /** The enabled account a token belongs to, with its roles now: one lookup by the token's hash. */
    @Transactional(TxType.SUPPORTS)
    public Optional<StaffPrincipal> resolve(String token) {
        byte[] hash = Secrets.hashOf(token);
        if (hash == null) {
            return Optional.empty();
        }
        return StaffAccount.<StaffAccount>find("select a from StaffAccount a left join fetch a.roles where a.enabled = true"
                + " and a.id = (select t.accountId from ApiToken t where t.tokenHash = ?1)", hash)
                .singleResultOptional().map(StaffPrincipal::of);
    }

    /** Ends every token of an account (its password changed, or it was disabled). */
    void revokeAll(UUID accountId) {
        long n = ApiToken.delete("accountId", accountId);
        if (n > 0) {
            LOG.infof("%d API tokens of account %s revoked", n, accountId);
        }
    }
}
