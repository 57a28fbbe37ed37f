package org.candour.response;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/**
 * One mix batch for one survey, as plain SQL on a connection whose transaction the caller owns:
 * held responses move from {@code response_holding} to {@code response} (and are added to
 * {@code answer_count}, from which results are computed), and spent tokens and used
 * invitations not yet rewritten are deleted and inserted again, each set in random order. Run and
 * committed as one transaction, a batch is all or nothing: a crash before the commit leaves every
 * held row where it was, and a crash after leaves every row moved once.
 *
 * <p>All rows a batch writes share its transaction id, and their physical order within the batch is
 * random; what remains visible is which batch a row came in. Mixers of the same survey take turns
 * (a transaction-scoped advisory lock), and row locks make a row that two mixers race for move once.
 */
public final class MixBatch {

    /** What one batch moved. */
    public record Moved(int responses, int tokens, int invitations) {
        public boolean any() {
            return responses + tokens + invitations > 0;
        }
    }

    /**
     * The values of one stored answer {@code a} that {@code answer_count} counts, as rows of {@code v}:
     * a likert value, option id or number as itself; a multi-choice answer as each chosen option id;
     * nothing for free text (sealed, an object). Shared by the mix, the results' fallback count and
     * migration V8, so all three count alike.
     */
    public static final String COUNTED_VALUES = "(select a ->> 'value' as v where jsonb_typeof(a -> 'value') in ('number', 'string')"
            + " union all select e from jsonb_array_elements_text(case jsonb_typeof(a -> 'value') when 'array'"
            + " then a -> 'value' else '[]'::jsonb end) e) x";

    /**
     * The band of a stored response {@code r}: its answers to the survey's breakdown demographics
     * (docs/privacy-thresholds.md), outermost first, joined by "/", each '' when it gave none; '' when
     * the survey names no breakdown. With one demographic that is the answer itself. Shared by the mix
     * and the results' fallback count.
     */
    public static String band(String r) {
        return band(r, "(select s.definition -> 'breakdown' from survey s where s.id = " + r + ".survey_id)");
    }

    /**
     * As {@link #band(String)}, with the definition's {@code breakdown} (jsonb: a question id, an array
     * of them, or null) given by the SQL expression {@code breakdown}, evaluated once per row: the mix
     * passes a value it read once per batch.
     */
    static String band(String r, String breakdown) {
        return "coalesce((select string_agg(coalesce((select b ->> 'value' from jsonb_array_elements(" + r + ".answers) b"
                + " where b ->> 'questionId' = d.id and jsonb_typeof(b -> 'value') = 'string' limit 1), ''), '/' order by d.n)"
                + " from (select " + breakdown + " as j) bq cross join lateral jsonb_array_elements_text(case jsonb_typeof(bq.j)"
                + " when 'array' then bq.j when 'string' then jsonb_build_array(bq.j) else '[]'::jsonb end)"
                + " with ordinality d(id, n)), '')";
    }

    static final String LOCK = "select pg_advisory_xact_lock(hashtextextended('candour-mix:' || ?::text, 0))";
    /** Moves the held responses and adds them to the answer counts, in one statement. */
    static final String RESPONSES = "with moved as (delete from response_holding where id in (select id from"
            + " response_holding where survey_id = ? and (cast(? as text) is null or key_id = ?) order by id limit ?)"
            + " returning id, survey_id, key_id, answers, receipt),"
            + " placed as (insert into response (id, survey_id, key_id, answers, receipt)"
            + " select id, survey_id, key_id, answers, receipt from moved order by random() returning 1),"
            + " breakdown as (select definition -> 'breakdown' as q from survey where id = ?),"
            + " banded as (select m.survey_id, m.key_id, m.answers, " + band("m", "k.q") + " as band"
            + " from moved m left join breakdown k on true),"
            + " counted as (select m.survey_id, m.key_id, m.band, a ->> 'questionId' as q, v, count(*) as n"
            + " from banded m cross join lateral jsonb_array_elements(m.answers) a"
            + " cross join lateral " + COUNTED_VALUES + " group by 1, 2, 3, 4, 5"
            + " union all select survey_id, key_id, band, '', '', count(*) from banded group by 1, 2, 3),"
            + " summed as (insert into answer_count (survey_id, key_id, band, question_id, value, n)"
            + " select survey_id, key_id, band, q, v, n from counted"
            + " on conflict (survey_id, key_id, band, question_id, value)"
            + " do update set n = answer_count.n + excluded.n returning 1)"
            + " select (select count(*) from placed), (select count(*) from summed)";
    static final String TOKENS = "with moved as (delete from spent_token where token_hash in (select token_hash"
            + " from spent_token where survey_id = ? and held order by token_hash limit ?)"
            + " returning token_hash, survey_id)"
            + " insert into spent_token (token_hash, survey_id, held)"
            + " select token_hash, survey_id, false from moved order by random()";
    static final String INVITATIONS = "with moved as (delete from invitation where code_hash in (select code_hash"
            + " from invitation where survey_id = ? and used and round_size is not null and not mixed"
            + " order by code_hash limit ?)"
            + " returning code_hash, survey_id, unit_id, key_id, used, blinded_hash, round_size, min_round)"
            + " insert into invitation (code_hash, survey_id, unit_id, key_id, used, blinded_hash, round_size, min_round,"
            + " mixed) select code_hash, survey_id, unit_id, key_id, used, blinded_hash, round_size, min_round, true"
            + " from moved order by random()";

    private MixBatch() {
    }

    /** Moves all the survey's held rows, of every key (as closing does). Does not commit. */
    public static Moved move(Connection c, UUID surveyId) throws SQLException {
        return move(c, surveyId, null, 0, null, null);
    }

    /**
     * Moves at most {@code responseLimit} held responses of the issuing key {@code keyId} (of every key
     * when null) and at most {@code otherLimit} spent tokens and released invitations of the survey (all
     * when null), or nothing at all when, once this mixer has its turn, fewer than {@code atLeast}
     * responses of that key are held (another mixer may have moved them meanwhile). A limited batch
     * takes the held rows with the smallest ids, which are random (V9), so it is a random choice among
     * them that reads only the rows it moves. Does not commit.
     */
    public static Moved move(Connection c, UUID surveyId, String keyId, int atLeast, Integer responseLimit,
            Integer otherLimit) throws SQLException {
        run(c, LOCK, surveyId);
        if (keyId != null && held(c, surveyId, keyId) < atLeast) {
            return new Moved(0, 0, 0);
        }
        int responses;
        try (PreparedStatement st = c.prepareStatement(RESPONSES)) {
            st.setObject(1, surveyId);
            st.setString(2, keyId);
            st.setString(3, keyId);
            st.setObject(4, responseLimit, java.sql.Types.INTEGER);
            st.setObject(5, surveyId);
            try (java.sql.ResultSet rs = st.executeQuery()) {
                rs.next();
                responses = rs.getInt(1);
            }
        }
        return new Moved(responses, update(c, TOKENS, surveyId, otherLimit), update(c, INVITATIONS, surveyId, otherLimit));
    }

    private static long held(Connection c, UUID surveyId, String keyId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("select count(*) from response_holding where survey_id = ?"
                + " and key_id = ?")) {
            st.setObject(1, surveyId);
            st.setString(2, keyId);
            try (java.sql.ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void run(Connection c, String sql, UUID surveyId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, surveyId.toString());
            st.execute();
        }
    }

    private static int update(Connection c, String sql, UUID surveyId, Integer limit) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, surveyId);
            st.setObject(2, limit, java.sql.Types.INTEGER);
            return st.executeUpdate();
        }
    }
}
