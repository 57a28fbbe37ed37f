package org.candour.token;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.nio.ByteBuffer;
import org.candour.crypto.BlindSigner;
import org.candour.crypto.KeyWrapper;
import org.candour.crypto.KeyedHash;
import org.candour.survey.Survey;
import org.candour.survey.SurveyStatus;
import org.candour.web.ProblemException;

/**
 * Looks up invitations and blind-signs a respondent's blinded message, consuming the invitation in
 * the same transaction. A retry with the same blinded message gets the same blind signature
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

    public record Lookup(String surveyId, String keyId, boolean used) {
    }

    @Transactional(TxType.SUPPORTS)
    public Lookup lookup(String code) {
        Invitation inv = find(code, false);
        openSurvey(inv);
        return new Lookup(inv.surveyId.toString(), inv.keyId, inv.used);
    }

    public byte[] issue(String code, String keyId, byte[] blindedMessage) {
        Invitation inv = find(code, true);
        openSurvey(inv);
        if (!inv.keyId.equals(keyId)) {
            throw ProblemException.badRequest("keyId: this invitation does not issue under that key. "
                    + "Look the invitation up to learn its key.");
        }
        IssuerKey key = IssuerKey.findById(inv.keyId);
        int size = signer.modulusBytes(key.spki);
        if (blindedMessage.length != size) {
            throw ProblemException.badRequest("blindedMessage: must be exactly " + size + " bytes for this key, not "
                    + blindedMessage.length + ".");
        }
        byte[] retryHash = blindedHash.hash().hash(ByteBuffer.allocate(inv.codeHash.length + blindedMessage.length)
                .put(inv.codeHash).put(blindedMessage).array());
        if (inv.used && !KeyedHash.equal(retryHash, inv.blindedHash)) {
            throw ProblemException.conflict("This invitation has already been used for a survey pass. If you kept "
                    + "your pass, answer with it; to retry an interrupted request, send the same blinded message.");
        }
        if (key.wrappedPrivate == null) {
            throw new ProblemException(410, "This survey has closed.");
        }
        byte[] pkcs8 = wrapper.unwrap(key.wrappedPrivate, IssuerKeyService.associatedData(key.surveyId, key.keyId));
        try {
            byte[] signature = signer.blindSign(pkcs8, blindedMessage);
            inv.used = true;
            inv.blindedHash = retryHash;
            return signature;
        } finally {
            java.util.Arrays.fill(pkcs8, (byte) 0);
        }
    }

    private Invitation find(String code, boolean lock) {
        String canonical = InvitationCodes.normalise(code);
        if (canonical == null) {
            throw ProblemException.notFound("No invitation has that code. Check it for typing mistakes: it has 28 "
                    + "letters and digits, usually written in groups of four.");
        }
        byte[] hash = invitations.hash(canonical);
        Invitation inv = lock ? Invitation.findById(hash, LockModeType.PESSIMISTIC_WRITE) : Invitation.findById(hash);
        if (inv == null) {
            throw ProblemException.notFound("No invitation has that code. Check it for typing mistakes.");
        }
        return inv;
    }

    private static void openSurvey(Invitation inv) {
        Survey s = Survey.findById(inv.surveyId);
        if (s.status == SurveyStatus.DRAFT) {
            throw new ProblemException(410, "This survey has not opened yet.");
        }
        if (s.status == SurveyStatus.CLOSED) {
            throw new ProblemException(410, "This survey has closed.");
        }
    }
}
