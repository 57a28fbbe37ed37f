package org.candour.custody;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.UUID;
import org.candour.crypto.CommentPadding;
import org.candour.crypto.HpkeBox;
import org.candour.crypto.KeyedHash;

/**
 * The format of a sealed free-text answer: the UTF-8 text padded to a bucket
 * ({@link CommentPadding}), HPKE-sealed (RFC 9180 base mode, X25519, HKDF-SHA256, AES-128-GCM) to
 * the survey's results key, with info {@code candour-comment/v1} and associated data binding the
 * survey, the question and the results key, so a sealed answer moved to another question or
 * survey no longer opens.
 *
 * <p>The ephemeral key is derived from a per-response secret and the padded text, so the same pass
 * with the same answer seals to the same bytes (a retried submission is recognised and gets the same
 * receipt) while different texts or passes never share an ephemeral key.
 */
public final class CommentSealing {

    static final byte[] INFO = "candour-comment/v1".getBytes(StandardCharsets.US_ASCII);

    private CommentSealing() {
    }

    static byte[] aad(UUID surveyId, String questionId, String resultsKeyId) {
        return ("candour-comment/v1:" + surveyId + ":" + questionId + ":" + resultsKeyId).getBytes(StandardCharsets.UTF_8);
    }

    /** The per-response secret behind the ephemeral keys: a hash of the pass, distinct from the stored token hash. */
    public static byte[] responseSecret(byte[] preparedMessage) {
        return KeyedHash.derive(preparedMessage, "comment-ephemeral/v1").hash(new byte[0]);
    }

    public static byte[] seal(HpkeBox hpke, ResultsKeys.Key key, UUID surveyId, String questionId, String text,
            byte[] responseSecret) {
        byte[] padded = CommentPadding.pad(text.getBytes(StandardCharsets.UTF_8));
        byte[] aad = aad(surveyId, questionId, key.keyId());
        byte[] ikm = KeyedHash.derive(responseSecret, "comment-ikm/v1").hash(
                ByteBuffer.allocate(aad.length + padded.length).put(aad).put(padded).array());
        return hpke.sealDeterministic(key.publicKey(), INFO, aad, padded, ikm);
    }

    /** The text, or IllegalArgumentException when it does not open with this key and context. */
    public static String open(HpkeBox.Opener opener, UUID surveyId, String questionId, String resultsKeyId,
            byte[] sealed) {
        byte[] padded = opener.open(INFO, aad(surveyId, questionId, resultsKeyId), sealed);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(CommentPadding.unpad(padded))).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("sealed comment is not UTF-8");
        }
    }
}
