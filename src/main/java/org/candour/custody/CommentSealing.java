package org.candour.custody;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
import org.candour.crypto.CommentPadding;
import org.candour.crypto.HpkeBox;
import org.candour.crypto.KeyedHash;

/**
 * The format of sealed free-text answers. Version 2 (written now, {@link #sealAll}): all of one
 * response's answers in one HPKE context, each stored with its sequence number; otherwise as
 * version 1. Version 1 (still read, {@link #open}): each answer on its own, the UTF-8 text padded to a bucket
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

    /** The associated data of a sealed answer in the format named by {@code info}: "{info}:{survey}:{question}:{key}". */
    static byte[] aad(byte[] info, UUID surveyId, String questionId, String resultsKeyId) {
        return (new String(info, StandardCharsets.US_ASCII) + ":" + surveyId + ":" + questionId + ":" + resultsKeyId)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The per-response secret behind the ephemeral keys: a hash of the pass, distinct from the stored token hash. */
    public static byte[] responseSecret(byte[] preparedMessage) {
        return KeyedHash.derive(preparedMessage, "comment-ephemeral/v1").hash(new byte[0]);
    }

    /** Format v1, no longer written by the service (kept so tests can make v1 data, which is still read). */
    public static byte[] seal(HpkeBox hpke, ResultsKeys.Key key, UUID surveyId, String questionId, String text,
            byte[] responseSecret) {
        byte[] padded = CommentPadding.pad(text.getBytes(StandardCharsets.UTF_8), CommentPadding.V1_BUCKETS);
        byte[] aad = aad(INFO, surveyId, questionId, key.keyId());
        byte[] ikm = KeyedHash.derive(responseSecret, "comment-ikm/v1").hash(
                ByteBuffer.allocate(aad.length + padded.length).put(aad).put(padded).array());
        return hpke.sealDeterministic(key.publicKey(), INFO, aad, padded, ikm);
    }

    static final byte[] INFO_V2 = "candour-comment/v2".getBytes(StandardCharsets.US_ASCII);

    /**
     * Seals all of one response's free-text answers together (format v2): each padded, in one HPKE
     * context (one key agreement per response instead of one per answer), answer {@code i} at
     * sequence number {@code i}, which is stored beside it. The ephemeral key is derived from the
     * per-response secret and every (aad, padded text) in order, so a retry seals to the same bytes.
     */
    public static byte[][] sealAll(HpkeBox hpke, ResultsKeys.Key key, UUID surveyId, List<String> questionIds,
            List<String> texts, byte[] responseSecret) {
        int n = texts.size();
        byte[][] aads = new byte[n][];
        byte[][] padded = new byte[n][];
        int length = 0;
        for (int i = 0; i < n; i++) {
            aads[i] = aad(INFO_V2, surveyId, questionIds.get(i), key.keyId());
            padded[i] = CommentPadding.pad(texts.get(i).getBytes(StandardCharsets.UTF_8));
            length += 8 + aads[i].length + padded[i].length;
        }
        ByteBuffer all = ByteBuffer.allocate(length);
        for (int i = 0; i < n; i++) {
            all.putInt(aads[i].length).put(aads[i]).putInt(padded[i].length).put(padded[i]);
        }
        byte[] ikm = KeyedHash.derive(responseSecret, "comment-ikm/v2").hash(all.array());
        return hpke.sealAllDeterministic(key.publicKey(), INFO_V2, aads, padded, ikm);
    }

    /**
     * The texts of one response's answers sealed by {@link #sealAll}, given with their stored sequence
     * numbers in rising order; null for an answer that does not open (altered, moved or damaged).
     */
    public static String[] openAll(HpkeBox.Opener opener, UUID surveyId, List<String> questionIds, String resultsKeyId,
            List<byte[]> sealed, int[] seq) {
        int n = sealed.size();
        byte[][] aads = new byte[n][];
        for (int i = 0; i < n; i++) {
            aads[i] = aad(INFO_V2, surveyId, questionIds.get(i), resultsKeyId);
        }
        byte[][] padded = opener.openAll(INFO_V2, aads, sealed.toArray(new byte[0][]), seq);
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            if (padded[i] != null) {
                try {
                    out[i] = text(CommentPadding.unpad(padded[i], CommentPadding.BUCKETS));
                } catch (IllegalArgumentException e) {
                    out[i] = null;
                }
            }
        }
        return out;
    }

    private static String text(byte[] unpadded) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(unpadded)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("sealed comment is not UTF-8");
        }
    }

    /** The text of a v1 sealed answer, or IllegalArgumentException when it does not open with this key and context. */
    public static String open(HpkeBox.Opener opener, UUID surveyId, String questionId, String resultsKeyId,
            byte[] sealed) {
        return text(CommentPadding.unpad(opener.open(INFO, aad(INFO, surveyId, questionId, resultsKeyId), sealed),
                CommentPadding.V1_BUCKETS));
    }
}
