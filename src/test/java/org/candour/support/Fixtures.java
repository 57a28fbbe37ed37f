package org.candour.support;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.candour.crypto.BlindClient;

/** Shared set-ups for survey-pass tests: an open survey, and passes made as a respondent's device would. */
public final class Fixtures {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Fixtures() {
    }

    /** An open survey from the probation template: units r → a (12 invitations), r → b (3) and r (7). */
    public record OpenSurvey(String id, List<String> teamA, List<String> teamB) {
    }

    /** A spendable pass: the token fields of the spend request, base64url. */
    public record Pass(String keyId, String message, String signature) {
        public Map<String, String> json() {
            return Map.of("keyId", keyId, "message", message, "signature", signature);
        }
    }

    public static OpenSurvey openSurvey() {
        return openSurvey(12);
    }

    /** As {@link #openSurvey()}, with {@code teamA} invitations for team A (at least k). */
    public static OpenSurvey openSurvey(int teamA) {
        return openSurvey(teamA, List.of());
    }

    /**
     * As {@link #openSurvey(int)}; with {@code breakdown} a demographic question id of the template, the
     * definition names it as the survey's breakdown demographic before the survey opens.
     */
    public static OpenSurvey openSurvey(int teamA, String breakdown) {
        return openSurvey(teamA, breakdown == null ? List.of() : List.of(breakdown));
    }

    /**
     * As {@link #openSurvey(int)}; the definition names these demographic questions of the template (none,
     * one, or a chain, outermost first) as the survey's breakdown before the survey opens.
     */
    public static OpenSurvey openSurvey(int teamA, List<String> breakdowns) {
        OpenSurvey s = readyToOpen(teamA, breakdowns);
        Staff.admin().post("/api/admin/surveys/" + s.id() + "/open").then().statusCode(200);
        return s;
    }

    /**
     * The body of a close before the announced day (surveys opened through the API without a closing day close
     * 28 days on, so a test's close is early), which needs a reason.
     */
    public static final Map<String, String> CLOSE_EARLY = Map.of("reason", "Closed by the test, before its announced day");

    /** Closes an open survey through the admin API, before its announced day, with a reason. */
    public static void close(String surveyId) {
        Staff.admin().contentType(ContentType.JSON).body(CLOSE_EARLY).post("/api/admin/surveys/" + surveyId + "/close")
                .then().statusCode(200);
    }

    /**
     * As {@link #openSurvey(int, List)}, but left a draft, ready to open: its invitations generated, its
     * trustees named and the issuing plan approved. For tests that open it themselves.
     */
    public static OpenSurvey readyToOpen(int teamA, List<String> breakdowns) {
        String id = draft("tokens", "id,name,parent_id\nr,Region,\na,Team A,r\nb,Team B,r\n");
        if (!breakdowns.isEmpty()) {
            try {
                var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
                var definition = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(
                        Staff.admin().get("/api/admin/survey-templates/probation-wellbeing").then().statusCode(200)
                                .extract().asString());
                if (breakdowns.size() == 1) {
                    definition.put("breakdown", breakdowns.get(0));
                } else {
                    breakdowns.forEach(definition.putArray("breakdown")::add);
                }
                Staff.admin().contentType(ContentType.JSON).body(mapper.writeValueAsString(definition))
                        .put("/api/admin/surveys/" + id + "/definition").then().statusCode(200);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        List<String> a = Invitations.generate(id, "a", teamA);
        List<String> b = Invitations.generate(id, "b", 3);
        List<String> r = Invitations.generate(id, "r", 7);
        Trustees.assign(id);
        Trustees.approve(id);
        return new OpenSurvey(id, a, java.util.stream.Stream.concat(b.stream(), r.stream()).toList());
    }

    /**
     * A fresh organisation (slug from {@code prefix}) with these units, imported from {@code unitsCsv}, and a
     * draft survey from the probation template (k = 10, free-text questions); returns the survey's id.
     */
    public static String draft(String prefix, String unitsCsv) {
        String slug = Unique.name(prefix);
        Staff.admin().contentType(ContentType.JSON).body(Map.of("slug", slug, "name", "Org " + slug))
                .post("/api/admin/organisations").then().statusCode(201);
        Staff.admin().contentType("text/csv").body(unitsCsv)
                .post("/api/admin/organisations/" + slug + "/units/import").then().statusCode(200);
        return Staff.admin().post("/api/admin/organisations/" + slug + "/surveys/from-template/probation-wellbeing")
                .then().statusCode(201).extract().path("id");
    }

    public static String keyOf(String code) {
        return given().contentType(ContentType.JSON).body(Map.of("invitationCode", code))
                .post("/api/v1/tokens/lookup").then().statusCode(200).extract().path("keyId");
    }

    public static byte[] spkiOf(String surveyId, String keyId) {
        List<Map<String, String>> keys = given().get("/api/v1/surveys/" + surveyId + "/issuer-keys").then()
                .statusCode(200).extract().path("keys");
        return B64D.decode(keys.stream().filter(k -> k.get("keyId").equals(keyId)).findFirst().orElseThrow().get("spki"));
    }

    /**
     * Turns an invitation code into a pass exactly as docs/protocol.md describes, accepting a round of
     * any size (minRound 1), so the claim is released at once and signed when asked about again.
     */
    public static Pass pass(String surveyId, String code) {
        String keyId = keyOf(code);
        BlindClient client = BlindClient.forKey(spkiOf(surveyId, keyId));
        byte[] nonce = new byte[32];
        RANDOM.nextBytes(nonce);
        byte[] msg = ("candour:v1:" + surveyId + ":" + keyId + ":" + HexFormat.of().formatHex(nonce))
                .getBytes(StandardCharsets.UTF_8);
        BlindClient.Blinded blinded = client.blind(msg);
        String blindSig = claimAlone(code, keyId, blinded.blindedMessage());
        byte[] signature = client.finish(blinded, B64D.decode(blindSig));
        return new Pass(keyId, B64.encodeToString(blinded.preparedMessage()), B64.encodeToString(signature));
    }

    /** An issue request, as JSON; {@code minRound} left out when null. */
    public static Map<String, Object> issueBody(String code, String keyId, byte[] blinded, Integer minRound) {
        Map<String, Object> body = new HashMap<>(Map.of("invitationCode", code, "keyId", keyId,
                "blindedMessage", B64.encodeToString(blinded)));
        if (minRound != null) {
            body.put("minRound", minRound);
        }
        return body;
    }

    /**
     * Claims the invitation for this blinded message accepting a round of one (202, released), then
     * asks again and returns the blind signature (200).
     */
    public static String claimAlone(String code, String keyId, byte[] blinded) {
        given().contentType(ContentType.JSON).body(issueBody(code, keyId, blinded, 1))
                .post("/api/v1/tokens/issue").then().statusCode(202).body("status", equalTo("released"));
        return given().contentType(ContentType.JSON).body(issueBody(code, keyId, blinded, null))
                .post("/api/v1/tokens/issue").then().statusCode(200).extract().path("blindSignature");
    }
}
