package org.candour.account;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.candour.crypto.PasswordHasher;
import org.candour.org.Organisation;
import org.candour.web.ProblemException;
import org.jboss.logging.Logger;

/** Staff accounts: creation, roles, passwords and sign-in with lockout. */
@ApplicationScoped
@Transactional
public class AccountService {

    public static final int MIN_PASSWORD = 12;
    public static final int MAX_PASSWORD = 1024;
    private static final Pattern USERNAME = Pattern.compile("^[a-z0-9][a-z0-9._@-]{2,63}$");
    private static final Logger LOG = Logger.getLogger(AccountService.class);

    @Inject
    PasswordHasher hasher;

    @Inject
    AccountConfig config;

    @Inject
    ApiTokenService apiTokens;

    /**
     * Made once, when the service starts (before any sign-in), with the current parameters, so that an
     * unknown, disabled or locked account costs as much as a known one.
     */
    private String dummyHash;

    private Semaphore hashing;

    @PostConstruct
    void init() {
        hashing = new Semaphore(config.password().maxConcurrent(), true);
        dummyHash = hasher.hash("candour-timing-equaliser".toCharArray());
    }

    /** The command to create or change an account; null fields are left as they are on update. */
    public record AccountInput(String username, String displayName, String password, Set<Role> roles,
            UUID organisationId, Boolean enabled) {
    }

    @Transactional(TxType.SUPPORTS)
    public List<StaffAccount> list(StaffPrincipal actor) {
        return actor.platformWide()
                ? StaffAccount.list("order by username")
                : StaffAccount.list("organisationId = ?1 order by username", actor.organisationId());
    }

    @Transactional(TxType.SUPPORTS)
    public StaffAccount get(StaffPrincipal actor, UUID id) {
        StaffAccount a = StaffAccount.findById(id);
        if (a == null || !actor.mayActFor(a.organisationId)) {
            throw ProblemException.notFound("No such account.");
        }
        return a;
    }

    public StaffAccount create(StaffPrincipal actor, AccountInput in) {
        List<String> problems = new ArrayList<>();
        String username = in.username() == null ? "" : in.username().trim().toLowerCase(java.util.Locale.ROOT);
        if (!USERNAME.matcher(username).matches()) {
            problems.add("username: 3 to 64 characters: lower-case letters, digits, '.', '_', '@' or '-', "
                    + "starting with a letter or digit");
        } else if (StaffAccount.findByUsername(username) != null) {
            problems.add("username: that username is taken");
        }
        checkDisplayName(in.displayName(), problems);
        checkPassword(in.password(), problems);
        if (in.roles() == null || in.roles().isEmpty()) {
            problems.add("roles: choose at least one role");
        }
        checkRoles(in.roles(), problems);
        UUID org = scopedOrganisation(actor, in.organisationId(), problems);
        if (!problems.isEmpty()) {
            throw new ProblemException(400, "The account was not created.", problems);
        }
        StaffAccount a = new StaffAccount();
        a.id = UUID.randomUUID();
        a.username = username;
        a.displayName = in.displayName().trim();
        a.passwordHash = hashNew(in.password());
        a.organisationId = org;
        a.roles = EnumSet.copyOf(in.roles());
        a.enabled = in.enabled() == null || in.enabled();
        a.createdAt = Instant.now();
        a.persist();
        LOG.infof("Account %s created with roles %s", a.id, a.roles);
        return a;
    }

    public StaffAccount update(StaffPrincipal actor, UUID id, AccountInput in) {
        StaffAccount a = get(actor, id);
        List<String> problems = new ArrayList<>();
        if (in.displayName() != null) {
            checkDisplayName(in.displayName(), problems);
        }
        if (in.password() != null && !in.password().isEmpty()) {
            checkPassword(in.password(), problems);
        }
        if (in.roles() != null && in.roles().isEmpty()) {
            problems.add("roles: choose at least one role");
        }
        checkRoles(in.roles(), problems);
        boolean removesOwnAdmin = a.id.equals(actor.accountId())
                && ((in.roles() != null && !in.roles().contains(Role.ADMIN)) || Boolean.FALSE.equals(in.enabled()));
        if (removesOwnAdmin) {
            problems.add("roles: you cannot remove your own admin role or disable yourself; ask another admin");
        }
        if (!problems.isEmpty()) {
            throw new ProblemException(400, "The account was not changed.", problems);
        }
        if (in.displayName() != null) {
            a.displayName = in.displayName().trim();
        }
        if (in.password() != null && !in.password().isEmpty()) {
            a.passwordHash = hashNew(in.password());
            StaffSession.delete("accountId", a.id);
            apiTokens.revokeAll(a.id);
        }
        if (in.roles() != null) {
            a.roles.clear();
            a.roles.addAll(in.roles());
        }
        if (in.enabled() != null) {
            a.enabled = in.enabled();
            if (!a.enabled) {
                StaffSession.delete("accountId", a.id);
                apiTokens.revokeAll(a.id);
            }
        }
        LOG.infof("Account %s changed", a.id);
        return a;
    }

    /** Clears a lockout after repeated failed sign-ins. */
    public StaffAccount unlock(StaffPrincipal actor, UUID id) {
        StaffAccount a = get(actor, id);
        a.failedLogins = 0;
        a.lockedUntil = null;
        return a;
    }

    /**
     * Checks a password, counting failures: after {@code max-failures} in a row the account is
     * locked for {@code lockout}, doubling with every further failure up to {@code max-lockout}.
     * A locked, disabled or unknown account gets the same answer as a wrong password.
     *
     * <p>Every attempt runs Argon2id exactly once, whatever the account and whatever the password's
     * shape (empty, over {@link #MAX_PASSWORD} characters, any script): an unknown, disabled or locked
     * account is checked against a dummy hash, and at most {@link #MAX_PASSWORD} characters are hashed,
     * so the time taken says neither whether an account exists nor how the password was refused.
     */
    @Transactional(dontRollbackOn = Throttled.class)
    public Optional<StaffPrincipal> authenticate(String username, char[] password) {
        char[] hashed = password.length > MAX_PASSWORD ? Arrays.copyOf(password, MAX_PASSWORD) : password;
        try {
            String name = username == null ? "" : username.trim().toLowerCase(java.util.Locale.ROOT);
            // The row lock serialises attempts on one account, so parallel guesses are all counted.
            StaffAccount a = USERNAME.matcher(name).matches()
                    ? StaffAccount.<StaffAccount>find("username", name).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                    : null;
            Instant now = Instant.now();
            boolean usable = a != null && a.enabled && !a.lockedAt(now);
            boolean matches = verify(hashed, usable ? a.passwordHash : dummyHash);
            if (!usable) {
                return Optional.empty();
            }
            if (password.length == 0 || password.length > MAX_PASSWORD || !matches) {
                a.failedLogins++;
                int over = a.failedLogins - config.login().maxFailures();
                if (over >= 0) {
                    Duration lock = config.login().lockout().multipliedBy(1L << Math.min(over, 20));
                    if (lock.compareTo(config.login().maxLockout()) > 0) {
                        lock = config.login().maxLockout();
                    }
                    a.lockedUntil = now.plus(lock);
                    LOG.infof("Account %s locked for %s after %d failed sign-ins", a.id, lock, a.failedLogins);
                }
                return Optional.empty();
            }
            a.failedLogins = 0;
            a.lockedUntil = null;
            if (hasher.needsRehash(a.passwordHash)) {
                try {
                    a.passwordHash = hashBounded(password);
                } catch (Throttled t) {
                    // Keep the old hash this time; the next sign-in rehashes it.
                }
            }
            return Optional.of(StaffPrincipal.of(a));
        } catch (Throttled t) {
            return Optional.empty();
        } finally {
            Arrays.fill(password, '\0');
            Arrays.fill(hashed, '\0');
        }
    }

    /**
     * Creates the first admin from configuration when the database has none. Replicas starting together
     * take turns (a transaction-scoped advisory lock), so exactly one creates it and none fails to start.
     */
    public void bootstrapAdmin() {
        StaffAccount.getEntityManager().createNativeQuery(
                "select 1 from (select pg_advisory_xact_lock(hashtextextended('candour-bootstrap-admin', 0))) l")
                .getSingleResult();
        long admins = StaffAccount.count("select count(a) from StaffAccount a join a.roles r where r = ?1", Role.ADMIN);
        if (admins > 0) {
            return;
        }
        Optional<String> password = config.bootstrap().adminPassword();
        if (password.isEmpty() || password.get().isBlank()) {
            LOG.warn("No admin account exists. Set CANDOUR_BOOTSTRAP_ADMIN_USERNAME and "
                    + "CANDOUR_BOOTSTRAP_ADMIN_PASSWORD (at least 12 characters) and restart to create one.");
            return;
        }
        if (password.get().length() < MIN_PASSWORD) {
            throw new IllegalStateException("CANDOUR_BOOTSTRAP_ADMIN_PASSWORD must be at least "
                    + MIN_PASSWORD + " characters");
        }
        StaffAccount a = create(StaffPrincipal.SYSTEM, new AccountInput(config.bootstrap().adminUsername(), "Administrator",
                password.get(), EnumSet.of(Role.ADMIN), null, true));
        LOG.infof("Created the bootstrap admin account '%s'", a.username);
    }

    /**
     * Argon2id takes 64 MiB and a core for about 0.4 s; at most {@code candour.password.max-concurrent}
     * run at once (sign-in by form or HTTP Basic, and the rehash after it) so that a flood of sign-ins
     * cannot exhaust memory. A caller that waits too long is refused like a wrong password (and not
     * counted against the account).
     */
    private boolean verify(char[] password, String encoded) {
        return bounded(() -> hasher.verify(password, encoded));
    }

    private String hashBounded(char[] password) {
        return bounded(() -> hasher.hash(password));
    }

    /** A new password's hash for an account being created or changed, within the same bound. */
    private String hashNew(String password) {
        try {
            return hashBounded(password.toCharArray());
        } catch (Throttled t) {
            throw new ProblemException(503, "Too many password checks are running; try again in a moment.");
        }
    }

    private <T> T bounded(Supplier<T> work) {
        try {
            if (!hashing.tryAcquire(config.password().maxWait().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Sign-in refused: too many password checks at once");
                throw new Throttled();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Throttled();
        }
        try {
            return work.get();
        } finally {
            hashing.release();
        }
    }

    /** Too many password checks at once: refuse without counting a failure. */
    static final class Throttled extends RuntimeException {
        Throttled() {
            super("throttled", null, false, false);
        }
    }

    private static void checkDisplayName(String displayName, List<String> problems) {
        if (displayName == null || displayName.isBlank() || displayName.trim().length() > 200) {
            problems.add("displayName: 1 to 200 characters");
        }
    }

    private static void checkPassword(String password, List<String> problems) {
        if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            problems.add("password: at least " + MIN_PASSWORD + " characters (a passphrase of several words is best)");
        }
    }

    /** A role list with a null in it (JSON {@code [null]}) names no role: refused before anything is written. */
    private static void checkRoles(Set<Role> roles, List<String> problems) {
        if (roles != null && roles.stream().anyMatch(Objects::isNull)) {
            problems.add("roles: each role must be one of " + Arrays.toString(Role.values()));
        }
    }

    private static UUID scopedOrganisation(StaffPrincipal actor, UUID requested, List<String> problems) {
        if (actor.platformWide()) {
            if (requested != null && Organisation.findById(requested) == null) {
                problems.add("organisationId: no organisation has that id");
            }
            return requested;
        }
        if (requested != null && !requested.equals(actor.organisationId())) {
            problems.add("organisationId: you can only create accounts in your own organisation");
        }
        return actor.organisationId();
    }
}
