package org.candour.response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.agroal.api.AgroalDataSource;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.candour.crypto.BlindSigner;
import org.candour.crypto.HpkeBox;
import org.candour.crypto.KeyedHash;
import org.candour.custody.CommentSealing;
import org.candour.custody.ResultsKeys;
import org.candour.db.NetworkTimeout;
import org.candour.survey.SurveyDefinition;
import org.candour.survey.SurveyDefinitionParser;
import org.candour.survey.SurveyDefinition.QuestionType;
import org.candour.survey.SurveyGate;
import org.candour.survey.SurveyStatus;
import org.candour.web.Base64Url;
import org.candour.web.LogSafe;
import org.candour.web.ProblemException;

/**
 * Spends a survey pass: checks it belongs to the survey and verifies, validates the answers, seals
 * free text to the survey's results key, and stores the spent token and the response (in the
 * holding table, for the mix) in one transaction, committed before the 201. The receipt is made from the
 * submission id the client chose and the spent token, never from the answers, so neither the receipt list
 * nor a resent pass says anything about what was answered. A retry (the same pass and the same submission
 * id, whatever its answers) gets the first receipt; any other second use is refused with one body.
 *
 * <p>That transaction is plain JDBC on one pooled connection, not JTA: it is the hottest write path,
 * and four statements (the gate, the status, the spent token with the held response, and the retry
 * check when needed) need neither Hibernate nor a transaction manager. Before it, a first connection,
 * returned before the pass is checked, reads the status (and, once per process, the survey); no
 * connection is held while the pass is verified and free text sealed.
 */
@ApplicationScoped
public class SpendService {

    private static final Pattern NONCE = Pattern.compile("[0-9a-f]{64}");
    /** The length of a submission id, in bytes. */
    public static final int SUBMISSION_ID_BYTES = 32;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    BlindSigner signer;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    HpkeBox hpke;

    @Inject
    IntakeMeter meter;

    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public String spend(UUID surveyId, String keyId, byte[] prepared, byte[] signature, byte[] submissionId,
            JsonNode answers) {
        meter.request();
        if (surveyId == null) {
            throw ProblemException.notFound("No open survey has that id.");
        }
        try {
            // Two connections one after the other, never two at once: the first reads whether the survey
            // is open (and, once per process, what spending needs of it); none is held while the pass is
            // verified and free text sealed, which on a cold JVM takes long enough to drain the pool; the
            // second holds the gate, reads the status again and stores.
            Open s;
            try (Connection c = dataSource.getConnection()) {
                s = NetworkTimeout.boundedTransaction(c, () -> {
                    checkOpen(c, surveyId);
                    return open(c, surveyId);
                });
            }
            byte[] stored = checkAndSeal(s, keyId, prepared, signature, answers);
            try (Connection c = dataSource.getConnection()) {
                return NetworkTimeout.boundedTransaction(c,
                        () -> hold(c, s, keyId, KeyedHash.sha256(prepared), submissionId, stored));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("storing the response failed", LogSafe.redact(e));
        }
    }

    /** 404 unless the survey exists and has opened; 410 once it has closed. */
    private void checkOpen(Connection c, UUID surveyId) throws SQLException {
        String status = null;
        try (PreparedStatement st = c.prepareStatement("select status from survey where id = ?")) {
            st.setObject(1, surveyId);
            try (ResultSet rs = st.executeQuery()) {
                if (rs.next()) {
                    status = rs.getString(1);
                }
            }
        }
        if (status == null || SurveyStatus.DRAFT.name().equals(status)) {
            throw ProblemException.notFound("No open survey has that id.");
        }
        if (SurveyStatus.CLOSED.name().equals(status)) {
            opened.remove(surveyId);
            throw new ProblemException(410, "This survey has closed.");
        }
    }

    /** Checks the pass and the answers against the open survey; the answers as stored, free text sealed. */
    private byte[] checkAndSeal(Open s, String keyId, byte[] prepared, byte[] signature, JsonNode answers) {
        byte[] spki = s.spkiByKey().get(keyId);
        if (spki == null || !namesSurveyAndKey(prepared, s.id(), keyId)) {
            throw new ProblemException(403, "This survey pass is not for this survey.");
        }
        if (!signer.verify(spki, prepared, signature)) {
            throw new ProblemException(403, "This survey pass's signature does not verify with the survey's key.");
        }
        AnswerValidator.ValidatedAnswers valid = AnswerValidator.validate(s.definition(), answers);
        ResultsKeys.Key resultsKey = s.resultsKey();
        if (resultsKey == null) {
            refuseFreeText(valid);
        }
        byte[] secret = CommentSealing.responseSecret(prepared);
        return canonical(valid, (questionIds, texts) -> CommentSealing.sealAll(hpke, resultsKey, s.id(),
                questionIds, texts, secret));
    }

    private String hold(Connection c, Open s, String keyId, byte[] tokenHash, byte[] submissionId, byte[] stored)
            throws SQLException {
        // The survey's gate, shared, taken first and held to the commit (SurveyGate): a spend either
        // finishes before a close (and is flushed by it) or waits for it and sees CLOSED in the next statement.
        try (PreparedStatement st = c.prepareStatement(SurveyGate.SPEND)) {
            st.setObject(1, s.id());
            st.executeQuery().close();
        }
        checkOpen(c, s.id());
        String receipt = receipt(submissionId, tokenHash);

        // The spent token and the held response in one statement: the response is inserted only if the
        // token was not already spent.
        int inserted;
        try (PreparedStatement st = c.prepareStatement(HOLD)) {
            st.setBytes(1, tokenHash);
            st.setObject(2, s.id());
            st.setObject(3, UUID.randomUUID());
            st.setObject(4, s.id());
            st.setString(5, keyId);
            st.setString(6, new String(stored, StandardCharsets.UTF_8));
            st.setString(7, receipt);
            inserted = st.executeUpdate();
        }
        if (inserted == 0) {
            // Already spent. The receipt names the first submission's id, not its answers: only the device
            // that chose that id gets it again, and anyone else gets the same 409 whatever they answered.
            if (receiptExists(c, receipt)) {
                return receipt;
            }
            throw ProblemException.conflict("This survey pass has already been used. Each pass answers once.");
        }
        return receipt;
    }

    /** Spends the token and holds the response, or does nothing when the token is already spent. */
    static final String HOLD = "with spent as (insert into spent_token (token_hash, survey_id) values (?, ?)"
            + " on conflict do nothing returning 1)"
            + " insert into response_holding (id, survey_id, key_id, answers, receipt)"
            + " select ?, ?, ?, cast(? as jsonb), ? where exists (select 1 from spent)";

    /**
     * What spending needs of an open survey: its definition, its issuer keys and its results key (null
     * when it has none: a survey without free text, or opened before custody existed). All three are
     * fixed from the moment it opened (a trigger freezes the definition; the keys are made in the
     * opening transaction), so they are kept, "none" included, instead of being read on every spend;
     * whether it is still open is read, under lock, every time.
     */
    private record Open(UUID id, SurveyDefinition definition, Map<String, byte[]> spkiByKey,
            ResultsKeys.Key resultsKey) {
    }

    private final Map<UUID, Open> opened = new ConcurrentHashMap<>();

    /**
     * The survey, which the caller has just seen OPEN, read on the caller's connection: a spend holds
     * one pooled connection at a time and never asks for a second while holding one, so a burst of
     * spends cannot exhaust the pool by each waiting for another connection while holding one.
     */
    private Open open(Connection c, UUID surveyId) throws SQLException {
        Open o = opened.get(surveyId);
        if (o != null) {
            return o;
        }
        SurveyDefinition definition;
        try (PreparedStatement st = c.prepareStatement("select definition::text from survey where id = ?")) {
            st.setObject(1, surveyId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                definition = SurveyDefinitionParser.parse(rs.getString(1));
            }
        }
        Map<String, byte[]> keys = new HashMap<>();
        try (PreparedStatement st = c.prepareStatement("select key_id, spki from issuer_key where survey_id = ?")) {
            st.setObject(1, surveyId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    keys.put(rs.getString(1), rs.getBytes(2));
                }
            }
        }
        ResultsKeys.Key resultsKey = null;
        try (PreparedStatement st = c.prepareStatement("select key_id, public_key from results_key where survey_id = ?")) {
            st.setObject(1, surveyId);
            try (ResultSet rs = st.executeQuery()) {
                if (rs.next()) {
                    resultsKey = new ResultsKeys.Key(rs.getString(1), rs.getBytes(2));
                }
            }
        }
        o = new Open(surveyId, definition, Map.copyOf(keys), resultsKey);
        opened.put(surveyId, o);
        return o;
    }

    private static boolean receiptExists(Connection c, String receipt) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("select 1 from response_holding where receipt = ?"
                + " union all select 1 from response where receipt = ? limit 1")) {
            st.setString(1, receipt);
            st.setString(2, receipt);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The prepared message is a 32-byte prefix then "candour:v1:{surveyId}:{keyId}:" and 64 hex digits. */
    static boolean namesSurveyAndKey(byte[] prepared, UUID surveyId, String keyId) {
        if (prepared.length < 33 || prepared.length > 512) {
            return false;
        }
        String msg = new String(prepared, 32, prepared.length - 32, StandardCharsets.UTF_8);
        String head = "candour:v1:" + surveyId + ":" + keyId + ":";
        return msg.startsWith(head) && NONCE.matcher(msg.substring(head.length())).matches();
    }

    /**
     * Comments are stored only sealed to the survey's results key. A survey opened before trustee
     * custody existed has none: its free-text answers are refused with a clear reason, not dropped.
     */
    private static void refuseFreeText(AnswerValidator.ValidatedAnswers valid) {
        List<String> problems = new ArrayList<>();
        for (AnswerValidator.Answer a : valid.answers()) {
            if (a.type() == QuestionType.TEXT) {
                problems.add(a.questionId() + ": free-text answers cannot be accepted yet, because Candour "
                        + "stores comments only encrypted and that is not switched on for this survey. "
                        + "Leave it empty and send the rest.");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidAnswersException(problems);
        }
    }

    /**
     * The answers as stored: [{"questionId", "value"}] in the definition's order, free text as
     * {"questionId", "sealed", "seq"}: the sealed bytes in base64url and their sequence number in the
     * response's one HPKE context ({@code sealAll} gets every free-text answer at once, in order).
     */
    static byte[] canonical(AnswerValidator.ValidatedAnswers valid,
            java.util.function.BiFunction<List<String>, List<String>, byte[][]> sealAll) {
        List<String> textIds = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (AnswerValidator.Answer a : valid.answers()) {
            if (a.type() == QuestionType.TEXT) {
                textIds.add(a.questionId());
                texts.add(a.text());
            }
        }
        byte[][] sealed = texts.isEmpty() ? new byte[0][] : sealAll.apply(textIds, texts);
        ArrayNode out = JSON.createArrayNode();
        int seq = 0;
        for (AnswerValidator.Answer a : valid.answers()) {
            ObjectNode o = out.addObject().put("questionId", a.questionId());
            switch (a.type()) {
                case LIKERT5 -> o.put("value", a.likert());
                case SINGLE -> o.put("value", a.option());
                case MULTI -> {
                    ArrayNode options = o.putArray("value");
                    a.options().forEach(options::add);
                }
                case NUMBER -> o.put("value", a.number());
                case TEXT -> {
                    o.put("sealed", Base64Url.encode(sealed[seq])).put("seq", seq);
                    seq++;
                }
            }
        }
        try {
            return JSON.writeValueAsBytes(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A submission id as sent (base64url of 32 bytes), or 400 naming {@code field}. */
    public static byte[] submissionId(String field, String value) {
        byte[] id = Base64Url.decode(field, value);
        if (id.length != SUBMISSION_ID_BYTES) {
            throw ProblemException.badRequest(field + ": must be " + SUBMISSION_ID_BYTES
                    + " random bytes (43 base64url characters), not " + id.length + " bytes.");
        }
        return id;
    }

    /**
     * The receipt of a stored response: base64url SHA-256("candour-receipt:v2" ‖ submission id ‖ token hash).
     * No function of the answers: with 32 random bytes the client chose and the server never stores, it
     * cannot be recomputed from the spent tokens, and cannot be guessed by trying answers.
     */
    public static String receipt(byte[] submissionId, byte[] tokenHash) {
        return Base64Url.encode(KeyedHash.sha256(concat("candour-receipt:v2".getBytes(StandardCharsets.US_ASCII),
                submissionId, tokenHash)));
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
