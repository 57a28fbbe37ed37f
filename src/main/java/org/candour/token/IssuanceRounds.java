package org.candour.token;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.candour.db.NetworkTimeout;
import org.candour.survey.SurveyGate;
import org.candour.web.LogSafe;

/**
 * Issuance rounds: a claimed invitation's blinded message is signed only once a round of its key has
 * released it together with at least k claims (docs/threat-model.md, "Issuance rounds"). Claims
 * wait in the invitation table ({@code round_size} null); whenever a claim of a key is made or asked
 * about, the key's waiting claims are looked at and, if a round can be formed ({@link #roundSize}),
 * released in one transaction that writes the round's size on every one of them. The operator sees
 * when each claim was made and when each round was released, never which claim a later response
 * came from: every claim of a round becomes signable at the same moment.
 *
 * <p>Asking about a claim writes nothing unless it lowers the claim's smallest acceptable round or
 * releases a round: a respondent's device that keeps asking leaves no trace of when it asked.
 * Rounds of one key are formed one at a time (an advisory lock per key, held to the commit), and a
 * round is released only while its survey is open (the survey's gate, shared, as a spend takes it).
 */
@ApplicationScoped
public class IssuanceRounds {

    static final String KEY_LOCK = "select 1 from (select pg_advisory_xact_lock(hashtextextended("
            + "'candour-round:' || ?, 0))) x";

    /**
     * Where one claim stands. {@code roundSize} is the size of the round that released it, or null
     * while it waits; {@code waiting} counts the claims of its key still waiting after this look
     * (itself included while it waits); {@code minRound} is the smallest round it accepts.
     * {@code signable} is true when its round had been released before this look: only then is it
     * signed, so that the request which completes a round learns of it no sooner than the others.
     */
    public record Standing(Integer roundSize, int waiting, int k, int minRound, boolean signable) {
        public boolean released() {
            return roundSize != null;
        }
    }

    @Inject
    AgroalDataSource dataSource;

    /**
     * Looks at the claim on this invitation with this retry hash under this key, first setting its
     * smallest acceptable round to {@code minRound} when that is given (1 to k; k or more means k) and
     * the claim still waits; then releases a round of the key if one can be formed. Returns null when
     * there is no such claim in an open survey (the caller explains why).
     */
    public Standing settle(byte[] codeHash, String keyId, byte[] retryHash, Integer minRound) {
        try (Connection c = dataSource.getConnection()) {
            return NetworkTimeout.boundedTransaction(c, () -> settle(c, codeHash, keyId, retryHash, minRound));
        } catch (SQLException e) {
            throw new IllegalStateException("settling an issuance round failed", LogSafe.redact(e));
        }
    }

    private record Claim(UUID surveyId, Integer roundSize, Integer minRound) {
    }

    private static Standing settle(Connection c, byte[] codeHash, String keyId, byte[] retryHash, Integer minRound)
            throws SQLException {
        try (PreparedStatement st = c.prepareStatement(KEY_LOCK)) {
            st.setString(1, keyId);
            st.executeQuery().close();
        }
        Claim claim = null;
        try (PreparedStatement st = c.prepareStatement("select survey_id, round_size, min_round from invitation"
                + " where code_hash = ? and key_id = ? and used and blinded_hash = ?")) {
            st.setBytes(1, codeHash);
            st.setString(2, keyId);
            st.setBytes(3, retryHash);
            try (ResultSet rs = st.executeQuery()) {
                if (rs.next()) {
                    claim = new Claim(rs.getObject(1, UUID.class), (Integer) rs.getObject(2), (Integer) rs.getObject(3));
                }
            }
        }
        if (claim == null) {
            return null;
        }
        try (PreparedStatement st = c.prepareStatement(SurveyGate.SPEND)) {
            st.setObject(1, claim.surveyId());
            st.executeQuery().close();
        }
        int k;
        try (PreparedStatement st = c.prepareStatement("select k_threshold from survey where id = ? and status = 'OPEN'")) {
            st.setObject(1, claim.surveyId());
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                k = rs.getInt(1);
            }
        }
        Integer wanted = minRound == null ? claim.minRound() : minRound >= k ? null : minRound;
        if (claim.roundSize() == null && minRound != null && !Objects.equals(wanted, claim.minRound())) {
            try (PreparedStatement st = c.prepareStatement("update invitation set min_round = ? where code_hash = ?")) {
                st.setObject(1, wanted, Types.INTEGER);
                st.setBytes(2, codeHash);
                st.executeUpdate();
            }
        }
        List<byte[]> codes = new ArrayList<>();
        List<Integer> mins = new ArrayList<>();
        // Smallest acceptable round first (ties by code hash, which is random), as roundSize needs.
        try (PreparedStatement st = c.prepareStatement("select code_hash, coalesce(min_round, ?) as m from invitation"
                + " where key_id = ? and used and round_size is null order by m, code_hash")) {
            st.setInt(1, k);
            st.setString(2, keyId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    codes.add(rs.getBytes(1));
                    mins.add(rs.getInt(2));
                }
            }
        }
        int size = roundSize(mins.stream().mapToInt(Integer::intValue).toArray());
        Integer released = claim.roundSize();
        if (size > 0) {
            byte[][] round = codes.subList(0, size).toArray(new byte[0][]);
            if (released == null && Arrays.stream(round).anyMatch(h -> Arrays.equals(h, codeHash))) {
                released = size;
            }
            try (PreparedStatement st = c.prepareStatement("update invitation set round_size = ?"
                    + " where code_hash = any(?) and round_size is null")) {
                st.setInt(1, size);
                st.setArray(2, c.createArrayOf("bytea", round));
                if (st.executeUpdate() != size) {
                    throw new IllegalStateException("a round changed while it was being released");
                }
            }
        }
        return new Standing(released, codes.size() - size, k, wanted == null ? k : wanted, claim.roundSize() != null);
    }

    /**
     * The size of the round that waiting claims with these smallest acceptable rounds (sorted, smallest
     * first) release: the largest j such that the j claims with the smallest minimums all accept a round
     * of j, that is {@code sortedMins[j - 1] <= j}; 0 when there is none. With every claim at the default
     * k, that is all of them once k wait, and none before. A claim is never released in a round smaller
     * than the minimum it accepts.
     */
    static int roundSize(int[] sortedMins) {
        for (int j = sortedMins.length; j >= 1; j--) {
            if (sortedMins[j - 1] <= j) {
                return j;
            }
        }
        return 0;
    }
}
