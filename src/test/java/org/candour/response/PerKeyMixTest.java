package org.candour.response;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.candour.db.EmbeddedPostgresTestResource;
import org.candour.support.Fixtures;
import org.candour.support.Fixtures.OpenSurvey;
import org.candour.support.Spends;
import org.candour.support.Staff;
import org.junit.jupiter.api.Test;

/**
 * A mix batch never holds a (batch, key) group below k: each issuing key's held responses move once k
 * of that key are held, whatever the other keys hold, and the rest only at close. After a batch the
 * WAL that recorded the arrivals is removed.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresTestResource.class)
class PerKeyMixTest {

    @Inject
    DataSource dataSource;

    @Inject
    MixScheduler mixer;

    @Test
    void eachKeyMovesOnlyOnceKOfItAreHeld() throws Exception {
        // Whatever other tests left held in their open surveys moves first, so the counts below are this survey's.
        while (mixer.cycle() > 0) {
            // drained
        }
        OpenSurvey s = Fixtures.openSurvey(12);
        String segment = walSegment();
        String keyA = Fixtures.keyOf(s.teamA().get(0));
        // Team A's key: 9 held. The region's key (team B and the region): 9 held. 18 held in all.
        for (int i = 0; i < 9; i++) {
            spend(s, s.teamA().get(i), i);
            spend(s, s.teamB().get(i), i);
        }
        assertEquals(0, mixer.cycle(), "no key has k = 10 held, so nothing moves although 18 are held");
        assertEquals(18, held(s.id(), null));
        spend(s, s.teamA().get(9), 9);
        assertEquals(1, mixer.cycle(), "team A's key reached k: one batch");
        // After the batch the mixer switched WAL segments and checkpointed: the segment that recorded
        // these spends as they arrived is gone from the server's WAL directory.
        assertEquals(false, walSegments().contains(segment), segment + " is still in pg_wal");
        assertEquals(0, held(s.id(), keyA), "all of team A's held responses moved");
        assertEquals(9, held(s.id(), null), "the region's 9 stay held");
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "select key_id, count(*) from response where survey_id = ? group by key_id")) {
            st.setObject(1, UUID.fromString(s.id()));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                assertEquals(keyA, rs.getString(1));
                assertEquals(10, rs.getInt(2));
                assertEquals(false, rs.next(), "no response of another key moved");
            }
        }
        Fixtures.close(s.id());
        assertEquals(0, held(s.id(), null), "closing moves the rest");
    }

    private String walSegment() throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "select pg_walfile_name(pg_current_wal_lsn())"); ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    private java.util.Set<String> walSegments() throws Exception {
        java.util.Set<String> out = new java.util.HashSet<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "select name from pg_ls_waldir()"); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static void spend(OpenSurvey s, String code, int i) {
        Spends.spend(s.id(), Fixtures.pass(s.id(), code), ResponseApiTest.answers(i)).then().statusCode(201);
    }

    private long held(String surveyId, String keyId) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "select count(*) from response_holding where survey_id = ? and (cast(? as text) is null or key_id = ?)")) {
            st.setObject(1, UUID.fromString(surveyId));
            st.setString(2, keyId);
            st.setString(3, keyId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
