package org.candour.custody;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.candour.account.Role;
import org.candour.account.StaffPrincipal;
import org.candour.crypto.HpkeBox;
import org.candour.crypto.KeyWrapper;
import org.candour.crypto.MasterKey;
import org.candour.crypto.PassphraseSeal;
import org.candour.crypto.SecretSharing;
import org.candour.db.ClusterLock;
import org.candour.db.NetworkTimeout;
import org.candour.db.Wal;
import org.candour.survey.Survey;
import org.candour.survey.SurveyService;
import org.candour.survey.SurveyStatus;
import org.candour.web.LogSafe;
import org.candour.web.ProblemException;
import org.jboss.logging.Logger;

/**
 * Unlocking a closed survey's comments, the same through every replica. Each trustee presents their
 * key file and passphrase; the server opens their share and keeps it in PostgreSQL sealed under a key
 * derived from the master key ({@code unlock_share}), for a limited window. The t-th presentation,
 * whichever replica it reaches, rebuilds the results private key from the t sealed shares, checks it
 * against the stored public key, deletes the shares and keeps the key wrapped under the master key
 * ({@code survey_unlocked}) for {@code candour.custody.unlocked-for}. Each replica decrypts the comments
 * into its own {@link CommentVault} when they are first asked for there, and drops them once the
 * survey is locked again or the unlock expires. Presentations of one survey take turns under a
 * transaction-scoped advisory lock.
 */
@ApplicationScoped
public class UnlockService {

    private static final Logger LOG = Logger.getLogger(UnlockService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Serialises one survey's presentations, lock and expiry over every replica. */
    private static final String SURVEY_LOCK = "select 1 from (select pg_advisory_xact_lock(hashtextextended("
            + "'candour-unlock:' || ?::text, 0))) l";

    @Inject
    SurveyService surveys;

    @Inject
    EntityManager em;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    HpkeBox hpke;

    @Inject
    PassphraseSeal passphraseSeal;

    @Inject
    ResultsKeys resultsKeys;

    @Inject
    CommentVault vault;

    @Inject
    CustodyConfig config;

    private final KeyWrapper sealing;

    @Inject
    UnlockService(MasterKey master) {
        this.sealing = new KeyWrapper(master.derive("unlock-wrap/v1"));
    }

    /**
     * Where an unlock stands.
     *
     * @param comments comments decrypted, once unlocked
     * @param unreadable sealed answers that did not open (altered or damaged in the database), once unlocked
     */
    public record Status(String surveyId, int presented, int threshold, boolean unlocked, Integer comments,
            Integer unreadable) {
    }

    /** The survey's unlock as stored: which one (a new generation each time) and its wrapped results key. */
    private record Unlocked(UUID generation, String keyId, byte[] wrappedKey) {
    }

    /** What a presentation did: kept the share, unlocked, found the survey already unlocked, or dropped every share. */
    private enum Outcome { PRESENTED, UNLOCKED, ALREADY_UNLOCKED, MISMATCH }

    private final Map<UUID, Object> locks = new ConcurrentHashMap<>();

    @Transactional(TxType.SUPPORTS)
    public Status status(StaffPrincipal actor, UUID surveyId) {
        Survey s = surveys.get(actor, surveyId);
        return status(s.id, s.custodyThreshold);
    }

    private Status status(UUID surveyId, int threshold) {
        List<CommentVault.Comment> c = comments(surveyId);
        int presented = c != null ? 0 : presented(surveyId);
        return new Status(surveyId.toString(), presented, threshold, c != null,
                c == null ? null : c.size(), c == null ? null : vault.unreadable(surveyId));
    }

    /** A trustee presents their share; the t-th presentation unlocks. */
    @Transactional(TxType.SUPPORTS)
    public Status present(StaffPrincipal actor, UUID surveyId, TrusteeKeyFile file, char[] passphrase) {
        if (!actor.roles().contains(Role.TRUSTEE)) {
            throw new ProblemException(403, "Only the survey's trustees can unlock its comments.");
        }
        Survey s = surveys.get(actor, surveyId);
        ResultsKeys.Key key = resultsKeys.find(s.id);
        if (key == null) {
            throw new ProblemException(409, "This survey has no free-text questions, so there is nothing to unlock.");
        }
        if (s.status != SurveyStatus.CLOSED) {
            throw new ProblemException(409, "Comments can be unlocked once the survey has closed; it is "
                    + s.status.name().toLowerCase(java.util.Locale.ROOT) + ".");
        }
        int threshold = s.custodyThreshold;
        if (unlocked(s.id) != null) {
            return status(s.id, threshold);
        }
        List<?> rows = em.createNativeQuery("select share_index, trustee_key_id, sealed_share from survey_trustee"
                + " where survey_id = ?1 and account_id = ?2").setParameter(1, s.id).setParameter(2, actor.accountId())
                .getResultList();
        if (rows.isEmpty()) {
            throw new ProblemException(403, "You hold no share of this survey's key: only its named trustees can unlock it.");
        }
        Object[] row = (Object[]) rows.get(0);
        int index = ((Number) row[0]).intValue();
        String sealedTo = (String) row[1];
        if (!file.keyId().equals(sealedTo)) {
            throw new ProblemException(422, "This key file is custody key " + file.keyId().substring(0, 16)
                    + "…, but your share of this survey was sealed to key " + sealedTo.substring(0, 16)
                    + "…: use the key file you held when the survey opened.");
        }
        byte[] privateKey;
        try {
            privateKey = passphraseSeal.open(passphrase, file.sealedPrivateKey(), TrusteeKeyFile.associatedData(file.keyId()));
        } catch (IllegalArgumentException e) {
            throw new ProblemException(422, "The passphrase does not open this key file, or the file has been altered.");
        }
        byte[] share;
        try {
            if (!Arrays.equals(HpkeBox.publicKeyOf(privateKey), file.publicKey())) {
                throw new ProblemException(422, "This key file has been altered: its two halves do not match.");
            }
            share = hpke.open(privateKey, CustodyService.SHARE_INFO.getBytes(StandardCharsets.US_ASCII),
                    CustodyService.shareAad(s.id, index, key.keyId(), sealedTo), (byte[]) row[2]);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(422, "Your share of this survey does not open with this key: it was sealed for "
                    + "another survey or key, or it has been altered in the database.");
        } finally {
            Arrays.fill(privateKey, (byte) 0);
        }
        Outcome outcome;
        try {
            outcome = record(s.id, index, share, key, threshold);
        } finally {
            Arrays.fill(share, (byte) 0);
        }
        LOG.infof("Survey %s: trustee %s presented share %d", s.id, actor.accountId(), index);
        if (outcome == Outcome.UNLOCKED || outcome == Outcome.MISMATCH) {
            // Both deleted every presented share: their old row versions go too.
            forgetTraces();
        }
        if (outcome == Outcome.MISMATCH) {
            throw new ProblemException(422, "The shares presented do not rebuild this survey's results key. "
                    + "Every share presented so far has been dropped; start the unlock again.");
        }
        return status(s.id, threshold);
    }

    /**
     * Keeps the share, sealed, beside those presented in the window; with t in, rebuilds the key and
     * either unlocks (the key wrapped, the shares deleted) or, when it does not match, deletes every
     * share. One transaction, under the survey's unlock lock.
     */
    private Outcome record(UUID surveyId, int index, byte[] share, ResultsKeys.Key key, int threshold) {
        try (Connection c = dataSource.getConnection()) {
            return NetworkTimeout.boundedTransaction(c, () -> record(c, surveyId, index, share, key, threshold));
        } catch (SQLException e) {
            throw new IllegalStateException("recording a presented share failed", LogSafe.redact(e));
        }
    }

    private Outcome record(Connection c, UUID surveyId, int index, byte[] share, ResultsKeys.Key key, int threshold)
            throws SQLException {
        update(c, SURVEY_LOCK, surveyId);
        if (unlocked(c, surveyId) != null) {
            return Outcome.ALREADY_UNLOCKED;
        }
        update(c, "delete from unlock_share where survey_id = ? and expires_at <= now()", surveyId);
        try (PreparedStatement st = c.prepareStatement("insert into unlock_share (survey_id, share_index, sealed,"
                + " expires_at) values (?, ?, ?, coalesce((select min(expires_at) from unlock_share where survey_id = ?),"
                + " now() + make_interval(secs => ?))) on conflict (survey_id, share_index)"
                + " do update set sealed = excluded.sealed")) {
            st.setObject(1, surveyId);
            st.setInt(2, index);
            st.setBytes(3, sealing.wrap(share, shareAad(surveyId, index)));
            st.setObject(4, surveyId);
            st.setDouble(5, config.unlockWindow().toMillis() / 1000.0);
            st.executeUpdate();
        }
        List<SecretSharing.Share> shares = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("select share_index, sealed from unlock_share"
                + " where survey_id = ? order by share_index")) {
            st.setObject(1, surveyId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    int i = rs.getInt(1);
                    shares.add(new SecretSharing.Share(i, sealing.unwrap(rs.getBytes(2), shareAad(surveyId, i))));
                }
            }
        }
        if (shares.size() < threshold) {
            shares.forEach(x -> Arrays.fill(x.value(), (byte) 0));
            return Outcome.PRESENTED;
        }
        update(c, "delete from unlock_share where survey_id = ?", surveyId);
        byte[] privateKey = SecretSharing.combine(shares.subList(0, threshold));
        try {
            shares.forEach(x -> Arrays.fill(x.value(), (byte) 0));
            if (!Arrays.equals(HpkeBox.publicKeyOf(privateKey), key.publicKey())) {
                return Outcome.MISMATCH;
            }
            try (PreparedStatement st = c.prepareStatement("insert into survey_unlocked (survey_id, generation, key_id,"
                    + " wrapped_key, expires_at) values (?, ?, ?, ?, now() + make_interval(secs => ?))")) {
                UUID generation = UUID.randomUUID();
                st.setObject(1, surveyId);
                st.setObject(2, generation);
                st.setString(3, key.keyId());
                st.setBytes(4, sealing.wrap(privateKey, keyAad(surveyId, key.keyId(), generation)));
                st.setDouble(5, config.unlockedFor().toMillis() / 1000.0);
                st.executeUpdate();
            }
            LOG.infof("Survey %s unlocked; its results key is kept wrapped until it is locked again", surveyId);
            return Outcome.UNLOCKED;
        } finally {
            Arrays.fill(privateKey, (byte) 0);
        }
    }

    private static byte[] shareAad(UUID surveyId, int index) {
        return ("candour-unlock-share:v1:" + surveyId + ":" + index).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] keyAad(UUID surveyId, String keyId, UUID generation) {
        return ("candour-unlocked-key:v1:" + surveyId + ":" + keyId + ":" + generation).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The survey's comments in random order, decrypted on this replica when first asked for after an
     * unlock; null while it is locked (and then whatever this replica held is dropped).
     */
    public List<CommentVault.Comment> comments(UUID surveyId) {
        Unlocked u = unlocked(surveyId);
        if (u == null) {
            vault.forget(surveyId);
            return null;
        }
        List<CommentVault.Comment> held = vault.comments(surveyId, u.generation());
        if (held != null) {
            return held;
        }
        synchronized (lockOf(surveyId)) {
            held = vault.comments(surveyId, u.generation());
            if (held != null) {
                return held;
            }
            byte[] privateKey;
            try {
                privateKey = sealing.unwrap(u.wrappedKey(), keyAad(surveyId, u.keyId(), u.generation()));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("the unlocked results key does not open: altered in the database");
            }
            try {
                long started = System.nanoTime();
                AtomicInteger unreadable = new AtomicInteger();
                List<CommentVault.Comment> comments = decryptAll(surveyId, u.keyId(), privateKey, unreadable);
                Collections.shuffle(comments, RANDOM);
                vault.put(surveyId, u.generation(), comments, unreadable.get());
                LOG.infof("Survey %s: %d comments decrypted on this replica in %d ms", surveyId, comments.size(),
                        (System.nanoTime() - started) / 1_000_000);
                if (unreadable.get() > 0) {
                    LOG.warnf("Survey %s: %d sealed answers did not open with the rebuilt key: altered or damaged in"
                            + " the database", surveyId, unreadable.get());
                }
                return vault.comments(surveyId, u.generation());
            } finally {
                Arrays.fill(privateKey, (byte) 0);
            }
        }
    }

    private Unlocked unlocked(UUID surveyId) {
        try (Connection c = dataSource.getConnection()) {
            return unlocked(c, surveyId);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the unlock failed", LogSafe.redact(e));
        }
    }

    private static Unlocked unlocked(Connection c, UUID surveyId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("select generation, key_id, wrapped_key from survey_unlocked"
                + " where survey_id = ? and expires_at > now()")) {
            st.setObject(1, surveyId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? new Unlocked(rs.getObject(1, UUID.class), rs.getString(2), rs.getBytes(3)) : null;
            }
        }
    }

    private int presented(UUID surveyId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "select count(*) from unlock_share where survey_id = ? and expires_at > now()")) {
            st.setObject(1, surveyId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the presented shares failed", LogSafe.redact(e));
        }
    }

    private static boolean update(Connection c, String sql, UUID surveyId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, surveyId);
            return st.execute();
        }
    }

    private List<CommentVault.Comment> decryptAll(UUID surveyId, String keyId, byte[] privateKey,
            AtomicInteger unreadable) {
        try (Connection c = dataSource.getConnection()) {
            return decryptAll(c, hpke.opener(privateKey), surveyId, keyId, unreadable);
        } catch (SQLException e) {
            throw new IllegalStateException("reading sealed comments failed", LogSafe.redact(e));
        }
    }

    /** One sealed answer waiting to be opened; {@code seq} is its sequence number (format v2), or -1 (v1). */
    private record Item(String questionId, byte[] bytes, int seq) {
    }

    /** One response's sealed answers, in stored order. */
    private record Sealed(UUID responseId, String keyId, List<Item> items) {
    }

    private static final int CHUNK = 512;

    /**
     * Reads every response of the survey that has a sealed answer, in batches, and opens each sealed
     * answer, on as many threads as there are cores (the opener is thread-safe; at most two chunks
     * per thread wait at once, so memory stays bounded). Plain JDBC, so the benchmark can time
     * exactly this.
     */
    public static List<CommentVault.Comment> decryptAll(Connection c, HpkeBox.Opener opener, UUID surveyId,
            String resultsKeyId) throws SQLException {
        return decryptAll(c, opener, surveyId, resultsKeyId, null);
    }

    /**
     * As {@link #decryptAll(Connection, HpkeBox.Opener, UUID, String)}; with {@code unreadable} given,
     * a sealed answer that does not open (altered or damaged in the database) is counted there and
     * skipped, so one bad row cannot stop the trustees reading the rest. Without it, it is an error.
     */
    public static List<CommentVault.Comment> decryptAll(Connection c, HpkeBox.Opener opener, UUID surveyId,
            String resultsKeyId, AtomicInteger unreadable) throws SQLException {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "candour-unlock");
            t.setDaemon(true);
            return t;
        });
        Deque<Future<List<CommentVault.Comment>>> inFlight = new ArrayDeque<>();
        List<CommentVault.Comment> out = new ArrayList<>();
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement st = c.prepareStatement("select id, key_id, answers from response where survey_id = ?"
                + " and jsonb_path_exists(answers, '$[*].sealed')")) {
            st.setFetchSize(2000);
            st.setObject(1, surveyId);
            List<Sealed> chunk = new ArrayList<>();
            int items = 0;
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    List<Item> sealed = new ArrayList<>();
                    for (JsonNode a : JSON.readTree(rs.getString(3))) {
                        JsonNode bytes = a.get("sealed");
                        if (bytes != null) {
                            sealed.add(new Item(a.get("questionId").asText(),
                                    java.util.Base64.getUrlDecoder().decode(bytes.asText()), a.path("seq").asInt(-1)));
                        }
                    }
                    chunk.add(new Sealed(rs.getObject(1, UUID.class), rs.getString(2), sealed));
                    items += sealed.size();
                    if (items >= CHUNK) {
                        submit(pool, inFlight, out, chunk, opener, surveyId, resultsKeyId, unreadable, 2 * threads);
                        chunk = new ArrayList<>();
                        items = 0;
                    }
                }
            }
            submit(pool, inFlight, out, chunk, opener, surveyId, resultsKeyId, unreadable, 0);
            c.commit();
        } catch (IOException e) {
            throw new IllegalStateException("a stored response is not JSON");
        } finally {
            pool.shutdownNow();
            c.setAutoCommit(autoCommit);
        }
        return out;
    }

    /** Queues a chunk, then collects finished chunks (oldest first) until at most {@code keep} are in flight. */
    private static void submit(ExecutorService pool, Deque<Future<List<CommentVault.Comment>>> inFlight,
            List<CommentVault.Comment> out, List<Sealed> chunk, HpkeBox.Opener opener, UUID surveyId,
            String resultsKeyId, AtomicInteger unreadable, int keep) {
        if (!chunk.isEmpty()) {
            inFlight.add(pool.submit(() -> {
                List<CommentVault.Comment> opened = new ArrayList<>();
                for (Sealed x : chunk) {
                    String[] texts = open(opener, surveyId, resultsKeyId, x.items());
                    for (int i = 0; i < texts.length; i++) {
                        if (texts[i] == null) {
                            if (unreadable == null) {
                                throw new IllegalArgumentException("a sealed answer does not open with this key");
                            }
                            unreadable.incrementAndGet();
                            continue;
                        }
                        opened.add(new CommentVault.Comment(x.responseId(), x.keyId(), x.items().get(i).questionId(),
                                texts[i]));
                    }
                }
                return opened;
            }));
        }
        while (inFlight.size() > keep) {
            try {
                out.addAll(inFlight.removeFirst().get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("decryption was interrupted");
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException("decryption failed");
            }
        }
    }

    /**
     * The texts of one response's sealed answers, null where one does not open: v2 answers (with a
     * sequence number) together in their one context, v1 answers each on its own.
     */
    private static String[] open(HpkeBox.Opener opener, UUID surveyId, String resultsKeyId, List<Item> items) {
        String[] texts = new String[items.size()];
        List<Integer> v2 = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            if (item.seq() >= 0) {
                v2.add(i);
                continue;
            }
            try {
                texts[i] = CommentSealing.open(opener, surveyId, item.questionId(), resultsKeyId, item.bytes());
            } catch (IllegalArgumentException e) {
                texts[i] = null;
            }
        }
        if (!v2.isEmpty()) {
            v2.sort(java.util.Comparator.comparingInt(i -> items.get(i).seq()));
            String[] opened = CommentSealing.openAll(opener, surveyId, v2.stream().map(i -> items.get(i).questionId())
                    .toList(), resultsKeyId, v2.stream().map(i -> items.get(i).bytes()).toList(),
                    v2.stream().mapToInt(i -> items.get(i).seq()).toArray());
            for (int j = 0; j < opened.length; j++) {
                texts[v2.get(j)] = opened[j];
            }
        }
        return texts;
    }

    /**
     * Locks the survey again, through every replica: its presented shares and its wrapped results key
     * are deleted (then vacuumed away, and the WAL switched), and each replica drops the comments it
     * decrypted the next time they are asked for.
     */
    public void lock(StaffPrincipal actor, UUID surveyId) {
        Survey s = surveys.get(actor, surveyId);
        try (Connection c = dataSource.getConnection()) {
            NetworkTimeout.boundedTransaction(c, () -> {
                update(c, SURVEY_LOCK, s.id);
                update(c, "delete from unlock_share where survey_id = ?", s.id);
                return update(c, "delete from survey_unlocked where survey_id = ?", s.id);
            });
        } catch (SQLException e) {
            throw new IllegalStateException("locking the survey failed", LogSafe.redact(e));
        }
        vault.forget(s.id);
        forgetTraces();
    }

    /**
     * Every {@code candour.custody.expire-every}, on one replica at a time: deletes unlocks and presented
     * shares whose time has passed, so their wrapped keys and sealed shares do not outlive it on disk.
     */
    @Scheduled(identity = "candour-unlock-expiry", every = "${candour.custody.expire-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void expire() {
        try (Connection c = dataSource.getConnection()) {
            int deleted = ClusterLock.run(c, "candour-unlock-expiry", false, 0, locked -> {
                try (Statement st = locked.createStatement()) {
                    return st.executeUpdate("delete from survey_unlocked where expires_at <= now()")
                            + st.executeUpdate("delete from unlock_share where expires_at <= now()");
                }
            });
            if (deleted > 0) {
                LOG.infof("%d expired unlocks and presented shares deleted", deleted);
                forgetTraces(c);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Deleting expired unlocks failed; retried at the next run", LogSafe.redact(e));
        }
    }

    /** Vacuums the unlock tables and switches the WAL, so deleted shares and keys leave the disk. */
    private void forgetTraces() {
        try (Connection c = dataSource.getConnection()) {
            forgetTraces(c);
        } catch (SQLException e) {
            LOG.warn("Vacuuming the unlock tables failed; old row versions remain until autovacuum", LogSafe.redact(e));
        }
    }

    private static void forgetTraces(Connection c) throws SQLException {
        c.setAutoCommit(true);
        Wal.vacuumAndForget(c, "unlock_share, survey_unlocked");
    }

    /** The monitor of one survey's decryption on this replica (one small object per survey ever unlocked here). */
    private Object lockOf(UUID surveyId) {
        return locks.computeIfAbsent(surveyId, id -> new Object());
    }
}
