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
 * Looks up invitations, and claims them for a respondent's blinded message, which is blind-signed once
 * its issuance round has released it ({@link IssuanceRounds}). The invitation is consumed by the
 * claim's commit, before anything is signed. Asking again with the same blinded message gets the
 * same blind signature (RSA blind signing is deterministic, so nothing needs storing); a different
 * one is refused.
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

    @Inject
    IssuanceRounds rounds;

    public record Lookup(String surveyId, String keyId, boolean used) {
    }

    @Transactional(TxType.SUPPORTS)
    public Lookup lookup(String code) {
        Invitation inv = find(code);
        openSurvey(inv);
        return new Lookup(inv.surveyId.toString(), inv.keyId, inv.used);
    }

    /**
     * What an issue request gets: where its claim stands in its key's issuance round, and the blind
     * signature once that round has released it (null before, and on the request that made the claim).
     */
    public record Issued(IssuanceRounds.Standing standing, byte[] blindSignature) {
    }

    /**
     * Claims the invitation for this blinded message, and signs it once its issuance round has
     * released it ({@link IssuanceRounds}), without holding a thread while it waits. Once the blinded
     * message is known to be signable by the named key (length, value below the modulus), one
     * conditional autocommit {@code UPDATE} ({@link InvitationConsumer}, which groups the requests
     * that arrive during one commit into the next) marks the invitation used, only if the code exists,
     * issues under that key, is still unused, and its survey is open; its commit is durable before
     * anything else happens. Then, on a worker thread, the claim's round is settled: a smaller
     * acceptable round is recorded when {@code minRound} is given, and a round of the key is released
     * if one can be formed. A claim whose round had already been released is signed (in turn, on a
     * {@link SigningLanes} lane); the request that made the claim, and one that releases a round (by
     * claiming or by lowering its smallest acceptable round), is answered without a signature, so the respondent who completed a
     * round learns of it no sooner than the others (who ask on the clock, docs/protocol.md). RSA blind signing is deterministic, so asking again with the
     * same blinded message always gets the same signature; another message for a used code is 409.
     * When there is no such claim, the invitation is read to say why.
     *
     * <p>Checks that need nothing from the database throw at once ({@link ProblemException},
     * {@code InvalidBlindedMessageException}), or fail the future when the key had first to be read;
     * the rest fail the future. {@code blocking} runs the database work after the claim: a key's first
     * use in this process, the round, and the reason for a refusal.
     */
    public CompletableFuture<Issued> issue(String code, String keyId, byte[] blindedMessage, Integer minRound,
            Executor blocking) {
        meter.request();
        byte[] codeHash = hashOf(code);
        Issuing key = issuing.get(keyId);
        if (key != null) {
            return claimAndSign(key, codeHash, keyId, blindedMessage, minRound, blocking);
        }
        return CompletableFuture.supplyAsync(() -> issuing(keyId), blocking)
                .thenCompose(k -> claimAndSign(k, codeHash, keyId, blindedMessage, minRound, blocking));
    }

    private CompletableFuture<Issued> claimAndSign(Issuing key, byte[] codeHash, String keyId, byte[] blindedMessage,
            Integer minRound, Executor blocking) {
        if (key == null) {
            return refusal(codeHash, keyId, blindedMessage, blocking);
        }
        int size = key.signing().modulusBytes();
        if (blindedMessage.length != size) {
            throw ProblemException.badRequest("blindedMessage: must be exactly " + size + " bytes for this key, not "
                    + blindedMessage.length + ".");
        }
        key.signing().check(blindedMessage);
        byte[] retryHash = retryHash(codeHash, blindedMessage);
        return consumer.claim(codeHash, keyId, retryHash).thenCompose(claimed -> CompletableFuture.supplyAsync(() -> {
            IssuanceRounds.Standing standing = rounds.settle(codeHash, keyId, retryHash, minRound);
            if (standing == null) {
                throw whyNotIssued(codeHash, keyId, blindedMessage);
            }
            return standing;
        }, blocking).thenCompose(standing -> standing.signable() && !claimed
                ? lanes.submit(() -> signer.blindSign(key.signing(), blindedMessage)).thenApply(sig -> new Issued(standing, sig))
                : CompletableFuture.completedFuture(new Issued(standing, null))));
    }

    /** Fails with {@link #whyNotIssued}, read on a thread that may block. */
    private CompletableFuture<Issued> refusal(byte[] codeHash, String keyId, byte[] blindedMessage, Executor blocking) {
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
