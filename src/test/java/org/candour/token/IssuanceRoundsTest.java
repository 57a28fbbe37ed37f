package org.candour.token;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.sql.DataSource;
import org.candour.crypto.BlindClient;
import org.candour.crypto.BouncyCastleBlindSigner;
import org.candour.db.EmbeddedPostgresTestResource;
import org.candour.support.Fixtures;
import org.junit.jupiter.api.Test;

/** Issuance rounds against the real PostgreSQL: nothing is signed until a round of at least k (or of what the respondent accepted) releases it. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresTestResource.class)
class IssuanceRoundsTest {

    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    @Inject
    DataSource dataSource;

    private record Claim(String code, BlindClient client, BlindClient.Blinded blinded) {
    }

    private static Response ask(String code, String keyId, byte[] blinded, Integer minRound) {
        return given().contentType(ContentType.JSON).body(Fixtures.issueBody(code, keyId, blinded, minRound))
                .post("/api/v1/tokens/issue");
    }

    private static List<Claim> claims(Fixtures.OpenSurvey s, String keyId, int n) {
        BlindClient client = BlindClient.forKey(Fixtures.spkiOf(s.id(), keyId));
        List<Claim> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] msg = ("candour:v1:" + s.id() + ":" + keyId + ":" + i).getBytes(StandardCharsets.UTF_8);
            out.add(new Claim(s.teamA().get(i), client, client.blind(msg)));
        }
        return out;
    }

    /** xmin and ctid of an invitation's row: what any write to it would change. */
    private String rowVersion(String surveyId, int waitingIndex) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "select string_agg(xmin::text || ctid::text, ',' order by code_hash) from invitation where survey_id = ?::uuid")) {
            st.setString(1, surveyId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    @Test
    void nothingIsSignedUntilKClaimsWaitThenTheWholeRoundIsSignable() throws Exception {
        Fixtures.OpenSurvey s = Fixtures.openSurvey(12);
        String keyId = Fixtures.keyOf(s.teamA().get(0));
        List<Claim> claims = claims(s, keyId, 11);
        for (int i = 0; i < 9; i++) {
            Claim c = claims.get(i);
            ask(c.code(), keyId, c.blinded().blindedMessage(), null).then().statusCode(202)
                    .body("status", equalTo("waiting")).body("waiting", equalTo(i + 1)).body("k", equalTo(10))
                    .body("minRound", equalTo(10)).body("roundSize", nullValue()).body("blindSignature", nullValue());
        }
        // Asking about a waiting claim answers 202 again and writes nothing: no row version changes.
        String before = rowVersion(s.id(), 0);
        for (int i = 0; i < 3; i++) {
            Claim c = claims.get(i);
            ask(c.code(), keyId, c.blinded().blindedMessage(), null).then().statusCode(202)
                    .body("status", equalTo("waiting")).body("waiting", equalTo(9));
        }
        assertEquals(before, rowVersion(s.id(), 0), "asking about a claim wrote to the invitation table");

        // The tenth claim releases all ten at once; the request that did it gets no signature.
        Claim tenth = claims.get(9);
        ask(tenth.code(), keyId, tenth.blinded().blindedMessage(), null).then().statusCode(202)
                .body("status", equalTo("released")).body("roundSize", equalTo(10)).body("waiting", equalTo(0))
                .body("blindSignature", nullValue());
        for (Claim c : claims.subList(0, 10)) {
            String sig = ask(c.code(), keyId, c.blinded().blindedMessage(), null).then().statusCode(200)
                    .body("status", equalTo("released")).body("roundSize", equalTo(10))
                    .extract().path("blindSignature");
            byte[] signature = c.client().finish(c.blinded(), B64D.decode(sig));
            assertTrue(new BouncyCastleBlindSigner().verify(Fixtures.spkiOf(s.id(), keyId),
                    c.blinded().preparedMessage(), signature));
        }
        // Asking about released claims writes nothing either.
        String released = rowVersion(s.id(), 0);
        ask(claims.get(0).code(), keyId, claims.get(0).blinded().blindedMessage(), null).then().statusCode(200);
        assertEquals(released, rowVersion(s.id(), 0));
        // The eleventh starts the next round.
        Claim eleventh = claims.get(10);
        ask(eleventh.code(), keyId, eleventh.blinded().blindedMessage(), null).then().statusCode(202)
                .body("status", equalTo("waiting")).body("waiting", equalTo(1));
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "select count(*) filter (where round_size = 10), count(*) filter (where used and round_size is null)"
                        + " from invitation where survey_id = ?::uuid")) {
            st.setString(1, s.id());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                assertEquals(10, rs.getInt(1));
                assertEquals(1, rs.getInt(2));
            }
        }
    }

    @Test
    void aRespondentToldThatFewerWaitMayGoOnInASmallerRoundButNeverSmallerThanTheyAccepted() {
        Fixtures.OpenSurvey s = Fixtures.openSurvey(12);
        String keyId = Fixtures.keyOf(s.teamA().get(0));
        List<Claim> claims = claims(s, keyId, 3);
        for (Claim c : claims) {
            ask(c.code(), keyId, c.blinded().blindedMessage(), null).then().statusCode(202);
        }
        Claim first = claims.get(0);
        Claim second = claims.get(1);
        // One accepts a round of 2: nobody else does yet, so nothing is released.
        ask(first.code(), keyId, first.blinded().blindedMessage(), 2).then().statusCode(202)
                .body("status", equalTo("waiting")).body("minRound", equalTo(2)).body("waiting", equalTo(3));
        // A second accepts 2: those two form a round of 2; the third still waits for k.
        ask(second.code(), keyId, second.blinded().blindedMessage(), 2).then().statusCode(202)
                .body("status", equalTo("released")).body("roundSize", equalTo(2)).body("waiting", equalTo(1))
                .body("blindSignature", nullValue());
        ask(first.code(), keyId, first.blinded().blindedMessage(), null).then().statusCode(200).body("roundSize", equalTo(2));
        ask(claims.get(2).code(), keyId, claims.get(2).blinded().blindedMessage(), null).then().statusCode(202)
                .body("status", equalTo("waiting")).body("waiting", equalTo(1)).body("minRound", equalTo(10));
        // Accepting a round of 2 alone releases nothing: a claim is never in a round below its minimum.
        ask(claims.get(2).code(), keyId, claims.get(2).blinded().blindedMessage(), 2).then().statusCode(202)
                .body("status", equalTo("waiting"));
        // Going back to waiting for k is allowed while waiting.
        ask(claims.get(2).code(), keyId, claims.get(2).blinded().blindedMessage(), 10).then().statusCode(202)
                .body("minRound", equalTo(10));
    }
}
