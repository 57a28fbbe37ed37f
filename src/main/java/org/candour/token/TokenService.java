package org.candour.token;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional.TxType;
import jakarta.transaction.Transactional;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.candour.crypto.BlindSigner;
import org.candour.crypto.KeyWrapper;
import org.candour.crypto.KeyedHash;
import org.candour.response.IntakeMeter;
import org.candour.survey.Survey;
import org.candour.survey.SurveyStatus;
import org.candour.survey.SurveyTransition;
import org.candour.web.LogSafe;
import org.candour.web.ProblemException;

/**
 * Looks up invitations and blind-signs a respondent's blinded message, consuming the invitation in
 * the commit that releases the signature. A retry with the same blinded message gets the same blind signature
 * (RSA blind signing is deterministic, so nothing needs storing); a different one is refused.
 */
@ApplicationScoped
public class TokenService {

    @Inject
    TokenCrypto.BlindedHash blindedHash;

    @Inject
    TokenCrypto.CodeHash codeHash;

    @Inject
    BlindSigner signer;

    @Inject
    KeyWrapper wrapper;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    IntakeMeter meter;

    @Inject
    InvitationConsumer consumer;

    @Inject
    SigningLanes lanes;

    public record Lookup(String surveyId, String keyId, boolean used) {
    }

    @Transactional(TxType.SUPPORTS)
    public Lookup lookup(String code) {
        Invitation inv = find(code);
        openSurvey(inv);
        return new Lookup(inv.surveyId.toString(), inv.keyId, inv.used);
    }

    /**
     * Consumes first and signs after, outside any transaction and without holding a thread while it
     * waits: once the blinded message is known to be signable by the named key (length, value below
     * the modulus), one conditional autocommit {@code UPDATE} ({@link InvitationConsumer}, which groups
     * the requests that arrive during one commit into the next) marks the invitation used, only if the
     * code exists, issues under that key, is still unused or was used for this very blinded message,
     * and its survey is open. Its commit is durable before the signature is computed (in turn, on a
     * {@link SigningLanes} lane), so the invitation is consumed by the commit that releases what it
     * pays for; no row lock is held during the RSA operation; and a retry or a race between two
     * requests for one code ends in the same signature or a 409, never in two passes. (RSA blind
     * signing is deterministic, so a retry whose first answer was lost signs the same message to the
     * same bytes.) When the update finds no row, the invitation is read to say why.
     *
     * <p>Checks that need nothing from the database throw at once ({@link ProblemException},
     * {@code InvalidBlindedMessageException}), or fail the future when the key had first to be read;
     * the rest fail the future. {@code blocking} runs the database reads: a key's first use in this
     * process, and the reason for a refusal.
     */
    public CompletableFuture<byte[]> issue(String code, String keyId, byte[] blindedMessage, Executor blocking) {
        meter.request();
        byte[] codeHash = hashOf(code);
        Issuing key = issuing.get(keyId);
        if (key != null) {
            return consumeAndSign(key, codeHash, keyId, blindedMessage, blocking);
        }
        return CompletableFuture.supplyAsync(() -> issuing(keyId), blocking)
                .thenCompose(k -> consumeAndSign(k, codeHash, keyId, blindedMessage, blocking));
    }

    private CompletableFuture<byte[]> consumeAndSign(Issuing key, byte[] codeHash, String keyId, byte[] blindedMessage,
            Executor blocking) {
        if (key != null) {
            int size = key.signing().modulusBytes();
            if (blindedMessage.length != size) {
                throw ProblemException.badRequest("blindedMessage: must be exactly " + size + " bytes for this key, not "
                        + blindedMessage.length + ".");
            }
            key.signing().check(blindedMessage);
            byte[] retryHash = retryHash(codeHash, blindedMessage);
            return consumer.claim(codeHash, keyId, retryHash).thenCompose(consumed -> consumed
                    ? lanes.submit(() -> signer.blindSign(key.signing(), blindedMessage))
                    : refusal(codeHash, keyId, blindedMessage, blocking));
        }
        return refusal(codeHash, keyId, blindedMessage, blocking);
    }

    /** Fails with {@link #whyNotIssued}, read on a thread that may block. */
    private CompletableFuture<byte[]> refusal(byte[] codeHash, String keyId, byte[] blindedMessage, Executor blocking) {
        return CompletableFuture.supplyAsync(() -> {
            throw whyNotIssued(codeHash, keyId, blindedMessage);
        }, blocking);
    }

    /** The refusal for an issue request whose consuming update found no row (or whose key is unknown). */
    private ProblemException whyNotIssued(byte[] codeHash, String keyId, byte[] blindedMessage) {
        IssueRow row;
        try (Connection c = dataSource.getConnection()) {
            row = IssueRow.read(c, codeHash);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the invitation failed", LogSafe.redact(e));
        }
        if (row == null) {
            return ProblemException.notFound("No invitation has that code. Check it for typing mistakes.");
        }
        refuseUnlessOpen(row.status());
        if (!row.keyId().equals(keyId)) {
            return ProblemException.badRequest("keyId: this invitation does not issue under that key. "
                    + "Look the invitation up to learn its key.");
        }
        if (row.keyDestroyed()) {
            return new ProblemException(410, "This survey has closed.");
        }
        if (row.used() && !KeyedHash.equal(retryHash(codeHash, blindedMessage), row.blindedHash())) {
            return usedConflict();
        }
        // Open, right key, unused or used for this message: the row changed between the update and the read.
        return ProblemException.conflict("The invitation changed while this request was being answered. Send it again.");
    }

    private byte[] retryHash(byte[] codeHash, byte[] blindedMessage) {
        return blindedHash.hash().hash(ByteBuffer.allocate(codeHash.length + blindedMessage.length)
                .put(codeHash).put(blindedMessage).array());
    }

    /** An issuer key ready to sign: parsed once per process while its survey is open. */
    private record Issuing(UUID surveyId, BlindSigner.SigningKey signing) {
    }

    private final Map<String, Issuing> issuing = new ConcurrentHashMap<>();

    /**
     * The key, unwrapped and parsed on first use, or null when no issuer key has that id or its
     * private half is destroyed. Keeping it costs no secrecy the process did not already hold: the
     * master key that unwraps every issuer key lives in the same memory. Dropped when its survey
     * closes; a replica that missed the close still cannot issue, because the consuming update checks
     * that the survey is open.
     */
    private Issuing issuing(String keyId) {
        Issuing k = issuing.get(keyId);
        if (k != null) {
            return k;
        }
        UUID surveyId;
        byte[] wrapped;
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement("select survey_id, wrapped_private from issuer_key"
                        + " where key_id = ?")) {
            st.setString(1, keyId);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next() || rs.getBytes(2) == null) {
                    return null;
                }
                surveyId = rs.getObject(1, UUID.class);
                wrapped = rs.getBytes(2);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the issuer key failed", LogSafe.redact(e));
        }
        byte[] pkcs8 = wrapper.unwrap(wrapped, IssuerKeyService.associatedData(surveyId, keyId));
        try {
            k = new Issuing(surveyId, signer.signingKey(pkcs8));
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
        issuing.put(keyId, k);
        return k;
    }

    void forgetKeys(@Observes SurveyTransition t) {
        if (t.to() == SurveyStatus.CLOSED) {
            issuing.values().removeIf(k -> k.surveyId().equals(t.survey().id));
        }
    }

    private static ProblemException usedConflict() {
        return ProblemException.conflict("This invitation has already been used for a survey pass. If you kept "
                + "your pass, answer with it; to retry an interrupted request, send the same blinded message.");
    }

    /** Why an invitation could not be issued for, read in one statement. */
    private record IssueRow(String keyId, boolean used, byte[] blindedHash, String status, boolean keyDestroyed) {

        static IssueRow read(Connection c, byte[] codeHash) throws SQLException {
            try (PreparedStatement st = c.prepareStatement("select i.key_id, i.used, i.blinded_hash, s.status,"
                    + " k.wrapped_private is null from invitation i join survey s on s.id = i.survey_id"
                    + " left join issuer_key k on k.key_id = i.key_id where i.code_hash = ?")) {
                st.setBytes(1, codeHash);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    return new IssueRow(rs.getString(1), rs.getBoolean(2), rs.getBytes(3), rs.getString(4),
                            rs.getBoolean(5));
                }
            }
        }
    }

    private byte[] hashOf(String code) {
        String canonical = InvitationCodes.normalise(code);
        if (canonical == null) {
            throw ProblemException.notFound("No invitation has that code. Check it for typing mistakes: it has 28 "
                    + "letters and digits, usually written in groups of four.");
        }
        return codeHash.hash().hash(canonical);
    }

    private Invitation find(String code) {
        Invitation inv = Invitation.findById(hashOf(code));
        if (inv == null) {
            throw ProblemException.notFound("No invitation has that code. Check it for typing mistakes.");
        }
        return inv;
    }

    private static void openSurvey(Invitation inv) {
        refuseUnlessOpen(((Survey) Survey.findById(inv.surveyId)).status.name());
    }

    private static void refuseUnlessOpen(String status) {
        if (SurveyStatus.DRAFT.name().equals(status)) {
            throw new ProblemException(410, "This survey has not opened yet.");
        }
        if (SurveyStatus.CLOSED.name().equals(status)) {
            throw new ProblemException(410, "This survey has closed.");
        }
    }
}
