package org.candour.token;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional.TxType;
import jakarta.transaction.Transactional;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.candour.crypto.BlindSigner;
import org.candour.crypto.KeyWrapper;
import org.candour.crypto.KeyedHash;
import org.candour.survey.Survey;
import org.candour.survey.SurveyStatus;
import org.candour.web.LogSafe;
import org.candour.web.ProblemException;

/**
 * Looks up invitations and blind-signs a respondent's blinded message, consuming the invitation in
 * the commit that releases the signature. A retry with the same blinded message gets the same blind signature
 * (RSA blind signing is deterministic, so nothing needs storing); a different one is refused.
 */
@ApplicationScoped
@Transactional
public class TokenService {

    @Inject
    InvitationService invitations;

    @Inject
    TokenCrypto.BlindedHash blindedHash;

    @Inject
    BlindSigner signer;

    @Inject
    KeyWrapper wrapper;

    @Inject
    AgroalDataSource dataSource;

    public record Lookup(String surveyId, String keyId, boolean used) {
    }

    @Transactional(TxType.SUPPORTS)
    public Lookup lookup(String code) {
        Invitation inv = find(code);
        openSurvey(inv);
        return new Lookup(inv.surveyId.toString(), inv.keyId, inv.used);
    }

    /**
     * Signs first and consumes after, outside any long transaction: the invitation is read without a
     * lock, the blind signature computed, and then one conditional {@code UPDATE} (autocommit, so
     * durable before it returns) marks the invitation used only if it is still unused or was used for
     * this very blinded message. The signature is returned only when that update succeeded, so the
     * invitation is consumed by the same commit that releases what it pays for, no row lock is held
     * during the RSA operation, and a retry or a race between two requests for one code ends in the
     * same signature or a 409, never in two passes.
     */
    @Transactional(TxType.NOT_SUPPORTED)
    public byte[] issue(String code, String keyId, byte[] blindedMessage) {
        byte[] codeHash = hashOf(code);
        IssueRow row;
        try (Connection c = dataSource.getConnection()) {
            row = IssueRow.read(c, codeHash);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the invitation failed", LogSafe.redact(e));
        }
        if (row == null) {
            throw ProblemException.notFound("No invitation has that code. Check it for typing mistakes.");
        }
        refuseUnlessOpen(row.status());
        if (!row.keyId().equals(keyId)) {
            throw ProblemException.badRequest("keyId: this invitation does not issue under that key. "
                    + "Look the invitation up to learn its key.");
        }
        int size = signer.modulusBytes(row.spki());
        if (blindedMessage.length != size) {
            throw ProblemException.badRequest("blindedMessage: must be exactly " + size + " bytes for this key, not "
                    + blindedMessage.length + ".");
        }
        byte[] retryHash = blindedHash.hash().hash(ByteBuffer.allocate(codeHash.length + blindedMessage.length)
                .put(codeHash).put(blindedMessage).array());
        if (row.used() && !KeyedHash.equal(retryHash, row.blindedHash())) {
            throw usedConflict();
        }
        if (row.wrappedPrivate() == null) {
            throw new ProblemException(410, "This survey has closed.");
        }
        byte[] pkcs8 = wrapper.unwrap(row.wrappedPrivate(), IssuerKeyService.associatedData(row.surveyId(), row.keyId()));
        byte[] signature;
        try {
            signature = signer.blindSign(pkcs8, blindedMessage);
        } finally {
            java.util.Arrays.fill(pkcs8, (byte) 0);
        }
        int consumed;
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement("update invitation i set used = true, blinded_hash = ?"
                        + " where i.code_hash = ? and (not i.used or i.blinded_hash = ?)"
                        + " and exists (select 1 from survey s where s.id = i.survey_id and s.status = 'OPEN')")) {
            c.setAutoCommit(true);
            st.setBytes(1, retryHash);
            st.setBytes(2, codeHash);
            st.setBytes(3, retryHash);
            consumed = st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("consuming the invitation failed", LogSafe.redact(e));
        }
        if (consumed != 1) {
            // Another request used the code for another blinded message meanwhile, or the survey closed.
            Lookup now = lookup(code);
            throw now.used() ? usedConflict() : new ProblemException(410, "This survey has closed.");
        }
        return signature;
    }

    private static ProblemException usedConflict() {
        return ProblemException.conflict("This invitation has already been used for a survey pass. If you kept "
                + "your pass, answer with it; to retry an interrupted request, send the same blinded message.");
    }

    /** What issuing needs to know about one invitation, read in one statement. */
    private record IssueRow(UUID surveyId, String keyId, boolean used, byte[] blindedHash, String status, byte[] spki,
            byte[] wrappedPrivate) {

        static IssueRow read(Connection c, byte[] codeHash) throws SQLException {
            try (PreparedStatement st = c.prepareStatement("select i.survey_id, i.key_id, i.used, i.blinded_hash,"
                    + " s.status, k.spki, k.wrapped_private from invitation i join survey s on s.id = i.survey_id"
                    + " left join issuer_key k on k.key_id = i.key_id where i.code_hash = ?")) {
                st.setBytes(1, codeHash);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    return new IssueRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getBoolean(3), rs.getBytes(4),
                            rs.getString(5), rs.getBytes(6), rs.getBytes(7));
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
        return invitations.hash(canonical);
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
