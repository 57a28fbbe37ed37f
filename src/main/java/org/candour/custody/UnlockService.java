package org.candour.custody;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
import org.candour.crypto.PassphraseSeal;
import org.candour.crypto.SecretSharing;
import org.candour.survey.Survey;
import org.candour.survey.SurveyService;
import org.candour.survey.SurveyStatus;
import org.candour.web.LogSafe;
import org.candour.web.ProblemException;
import org.jboss.logging.Logger;

/**
 * Unlocking a closed survey's comments. Each trustee presents their key file and passphrase; the
 * server opens their share and keeps it in memory only, for a limited window. When t shares are
 * in, it rebuilds the results private key, checks it against the stored public key, decrypts every
 * comment into the {@link CommentVault}, and wipes the key and the shares.
 */
@ApplicationScoped
public class UnlockService {

    private static final Logger LOG = Logger.getLogger(UnlockService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

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

    /** Where an unlock stands. */
    /**
     * @param comments comments decrypted, once unlocked
     * @param unreadable sealed answers that did not open (altered or damaged in the database), once unlocked
     */
    public record Status(String surveyId, int presented, int threshold, boolean unlocked, Integer comments,
            Integer unreadable) {
    }

    private record Pending(Map<Integer, byte[]> shares, Instant expires) {
    }

    private final Map<UUID, Pending> pending = new ConcurrentHashMap<>();
    private final Map<UUID, Object> locks = new ConcurrentHashMap<>();

    @Transactional(TxType.SUPPORTS)
    public Status status(StaffPrincipal actor, UUID surveyId) {
        Survey s = surveys.get(actor, surveyId);
        return status(s.id, s.custodyThreshold);
    }

    private Status status(UUID surveyId, int threshold) {
        List<CommentVault.Comment> c = vault.comments(surveyId);
        Pending p = live(surveyId);
        return new Status(surveyId.toString(), p == null ? 0 : p.shares().size(), threshold, c != null,
                c == null ? null : c.size(), c == null ? null : vault.unreadable(surveyId));
    }

    /** A trustee presents their share; the t-th presentation unlocks. */
    @Transactional(TxType.SUPPORTS)
    public Status present(StaffPrincipal actor, UUID surveyId, TrusteeKeyFile file, char[] passphrase) {
        if (!actor.roles().contains(Role.TRUSTEE)) {
            throw new ProblemException(403, "Only the survey's trustees can unlock its comments.");
        }
        Survey s = surveys.get(actor, surveyId);
        // One survey's presentations and unlock take turns; other surveys' do not wait for its decryption.
        synchronized (lockOf(s.id)) {
            return present(actor, s, file, passphrase);
        }
    }

    private Status present(StaffPrincipal actor, Survey s, TrusteeKeyFile file, char[] passphrase) {
        ResultsKeys.Key key = resultsKeys.find(s.id);
        if (key == null) {
            throw new ProblemException(409, "This survey has no free-text questions, so there is nothing to unlock.");
        }
        if (s.status != SurveyStatus.CLOSED) {
            throw new ProblemException(409, "Comments can be unlocked once the survey has closed; it is "
                    + s.status.name().toLowerCase(java.util.Locale.ROOT) + ".");
        }
        int threshold = s.custodyThreshold;
        if (vault.unlocked(s.id)) {
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
        Pending p = pending.compute(s.id, (id, old) -> old == null || old.expires().isBefore(Instant.now())
                ? new Pending(new TreeMap<>(), Instant.now().plus(config.unlockWindow())) : old);
        byte[] previous = p.shares().put(index, share);
        if (previous != null) {
            Arrays.fill(previous, (byte) 0);
        }
        LOG.infof("Survey %s: trustee %s presented share %d (%d of %d)", s.id, actor.accountId(), index,
                p.shares().size(), threshold);
        if (p.shares().size() >= threshold) {
            unlock(s.id, key, p, threshold);
        }
        return status(s.id, threshold);
    }

    private void unlock(UUID surveyId, ResultsKeys.Key key, Pending p, int threshold) {
        pending.remove(surveyId);
        List<SecretSharing.Share> shares = new ArrayList<>();
        p.shares().entrySet().stream().limit(threshold)
                .forEach(e -> shares.add(new SecretSharing.Share(e.getKey(), e.getValue())));
        byte[] privateKey = SecretSharing.combine(shares);
        try {
            p.shares().values().forEach(v -> Arrays.fill(v, (byte) 0));
            if (!Arrays.equals(HpkeBox.publicKeyOf(privateKey), key.publicKey())) {
                throw new ProblemException(422, "The shares presented do not rebuild this survey's results key. "
                        + "Every share presented so far has been dropped; start the unlock again.");
            }
            long started = System.nanoTime();
            AtomicInteger unreadable = new AtomicInteger();
            List<CommentVault.Comment> comments = decryptAll(surveyId, key, privateKey, unreadable);
            Collections.shuffle(comments, RANDOM);
            vault.put(surveyId, comments, unreadable.get());
            LOG.infof("Survey %s unlocked: %d comments decrypted in %d ms; results key wiped", surveyId,
                    comments.size(), (System.nanoTime() - started) / 1_000_000);
            if (unreadable.get() > 0) {
                LOG.warnf("Survey %s: %d sealed answers did not open with the rebuilt key: altered or damaged in the"
                        + " database", surveyId, unreadable.get());
            }
        } finally {
            Arrays.fill(privateKey, (byte) 0);
        }
    }

    private List<CommentVault.Comment> decryptAll(UUID surveyId, ResultsKeys.Key key, byte[] privateKey,
            AtomicInteger unreadable) {
        try (Connection c = dataSource.getConnection()) {
            return decryptAll(c, hpke.opener(privateKey), surveyId, key.keyId(), unreadable);
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

    /** Drops what is in memory for the survey: presented shares and decrypted comments. */
    public void lock(StaffPrincipal actor, UUID surveyId) {
        Survey s = surveys.get(actor, surveyId);
        synchronized (lockOf(s.id)) {
            Pending p = pending.remove(s.id);
            if (p != null) {
                p.shares().values().forEach(v -> Arrays.fill(v, (byte) 0));
            }
            vault.forget(s.id);
        }
    }

    /** The monitor of one existing survey's unlock (one small object per survey that was ever unlocked). */
    private Object lockOf(UUID surveyId) {
        return locks.computeIfAbsent(surveyId, id -> new Object());
    }

    private Pending live(UUID surveyId) {
        Pending p = pending.get(surveyId);
        if (p != null && p.expires().isBefore(Instant.now())) {
            pending.remove(surveyId, p);
            p.shares().values().forEach(v -> Arrays.fill(v, (byte) 0));
            return null;
        }
        return p;
    }


}
