package org.candour.web;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.candour.db.EmbeddedPostgresTestResource;
import org.candour.support.Browserless;
import org.candour.support.Fixtures;
import org.candour.support.Staff;
import org.candour.support.Trustees;
import org.candour.support.Unique;
import org.junit.jupiter.api.Test;

/**
 * Sends every JSON and form endpoint, public and staff, malformed variants of each field, of the
 * body's structure, of path ids and of query values, and checks that no answer is a 5xx, that no
 * body shows a stack trace or a Java class name, that a refused request changed no row of the
 * tables its endpoint could touch, and that nothing was logged at ERROR naming a Jackson class.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresTestResource.class)
class FuzzTest {

    private static final Path LOG = Path.of("target/candour-test.log");
    private static final Pattern LEAK = Pattern.compile("org\\.[a-z]|java\\.[a-z]|jakarta\\.[a-z]|com\\.fasterxml"
            + "|io\\.(quarkus|vertx|netty)|Exception|\\tat [a-z]");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORG_TABLES = "organisation,reporting_unit";
    private static final String ACCOUNT_TABLES = "staff_account,staff_account_role";
    private static final String SURVEY_TABLES = "survey,survey_trustee,invitation,issuer_key,results_key,"
            + "issuing_plan_approval";
    private static final String CLOSING_TABLES = "survey,survey_closing_change";
    private static final String TRUSTEE_TABLES = "trustee_key,issuing_plan_approval,survey_trustee";
    private static final String RESPONDENT_TABLES = "invitation,spent_token,response_holding,response,answer_count";

    @Inject
    DataSource dataSource;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final List<String> failures = new ArrayList<>();
    private int sent;
    private String lastTables;
    private String lastFingerprint;

    /** One request, sent as raw bytes so that it can be as malformed as any client makes it. */
    private record Req(String method, String path, String contentType, byte[] body, Map<String, String> headers) {
    }

    /** Who sends: HTTP Basic, or a browser's cookies. */
    private record Sender(Map<String, String> headers) {
        static Sender anonymous() {
            return new Sender(Map.of());
        }

        static Sender basic(String user, String password) {
            return new Sender(Map.of("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))));
        }

        static Sender browser(Browserless b) {
            StringBuilder cookie = new StringBuilder();
            b.cookies.forEach((k, v) -> cookie.append(cookie.length() == 0 ? "" : "; ").append(k).append('=').append(v));
            return new Sender(Map.of("Cookie", cookie.toString(), "Accept", "text/html"));
        }
    }

    @Test
    void noMalformedInputGetsA5xxALeakOrAWrite() throws Exception {
        long logOffset = Files.exists(LOG) ? Files.size(LOG) : 0;
        long start = System.nanoTime();

        // The world the requests aim at: an organisation with units, a draft, an open survey, accounts.
        String slug = Unique.name("fuzz");
        Staff.admin().contentType(ContentType.JSON).body(Map.of("slug", slug, "name", "Fuzz " + slug))
                .post("/api/admin/organisations").then().statusCode(201);
        String orgId = Staff.admin().get("/api/admin/organisations/" + slug).then().statusCode(200).extract().path("id");
        Staff.admin().contentType("text/csv").body("id,name,parent_id\nr,Region,\na,Team A,r\nb,Team B,r\n")
                .post("/api/admin/organisations/" + slug + "/units/import").then().statusCode(200);
        String draft = Staff.admin().post("/api/admin/organisations/" + slug + "/surveys/from-template/probation-wellbeing")
                .then().statusCode(201).extract().path("id");
        Trustees.assign(draft);
        String template = Staff.admin().get("/api/admin/survey-templates/probation-wellbeing").then().statusCode(200)
                .extract().asString();
        String accountId = Staff.admin().contentType(ContentType.JSON).body(Map.of("username", Unique.name("fuzzee"),
                "displayName", "Fuzzee", "password", "fuzz-password-1234", "roles", Set.of("STEWARD"),
                "organisationId", orgId)).post("/api/admin/accounts").then().statusCode(201).extract().path("id");
        Trustees.Trustee trustee = Trustees.shared().get(0);
        Trustees.Trustee keyless = Trustees.createWithoutKey(Unique.name("fuzz-trustee"));
        String digest = trustee.request().get("/api/admin/surveys/" + draft + "/plan").then().statusCode(200)
                .extract().path("digest");
        Fixtures.OpenSurvey open = Fixtures.openSurvey();
        Fixtures.Pass pass = Fixtures.pass(open.id(), open.teamA().get(0));
        String code = open.teamA().get(1);
        String keyId = Fixtures.keyOf(code);

        Sender admin = Sender.basic(Staff.ADMIN, Staff.ADMIN_PASSWORD);
        Sender trusteeApi = Sender.basic(trustee.username(), Trustees.PASSWORD);
        Sender keylessApi = Sender.basic(keyless.username(), Trustees.PASSWORD);
        Browserless adminBrowser = new Browserless().signIn(Staff.ADMIN, Staff.ADMIN_PASSWORD);
        Browserless trusteeBrowser = new Browserless().signIn(trustee.username(), Trustees.PASSWORD);
        Browserless keylessBrowser = new Browserless().signIn(keyless.username(), Trustees.PASSWORD);
        String adminToken = adminBrowser.token("/admin/organisations");
        String trusteeToken = trusteeBrowser.token("/trustee");
        String keylessToken = keylessBrowser.token("/trustee");

        // JSON endpoints, each field in turn.
        json(admin, "POST", "/api/admin/organisations", ORG_TABLES,
                fields("slug", () -> str(Unique.name("fz")), "name", () -> str("Fuzz")), "", "");
        json(admin, "POST", "/api/admin/organisations/" + slug + "/units", ORG_TABLES,
                fields("id", () -> str(Unique.name("u")), "name", () -> str("Unit"), "parentId", () -> str("r")), "", "");
        json(admin, "PUT", "/api/admin/organisations/" + slug + "/units/a", ORG_TABLES,
                fields("name", () -> str("Team A"), "parentId", () -> str("r")), "", "");
        json(admin, "POST", "/api/admin/organisations/" + slug + "/units/import", ORG_TABLES,
                fields("id", () -> str(Unique.name("u")), "name", () -> str("Unit"), "parentId", () -> str("r")), "[", "]");
        json(admin, "POST", "/api/admin/accounts", ACCOUNT_TABLES,
                fields("username", () -> str(Unique.name("fz")), "displayName", () -> str("Fuzz"),
                        "password", () -> str("fuzz-password-1234"), "roles", () -> "[\"STEWARD\"]",
                        "organisationId", () -> str(orgId), "enabled", () -> "true"), "", "");
        json(admin, "PUT", "/api/admin/accounts/" + accountId, ACCOUNT_TABLES,
                fields("displayName", () -> str("Fuzzee"), "roles", () -> "[\"STEWARD\"]",
                        "organisationId", () -> str(orgId), "enabled", () -> "true"), "", "");
        Map<String, Supplier<String>> definition = new LinkedHashMap<>();
        JSON.readTree(template).fields().forEachRemaining(f -> definition.put(f.getKey(), () -> f.getValue().toString()));
        json(admin, "POST", "/api/admin/organisations/" + slug + "/surveys", SURVEY_TABLES, definition, "", "");
        json(admin, "PUT", "/api/admin/surveys/" + draft + "/definition", SURVEY_TABLES, definition, "", "");
        json(admin, "POST", "/api/admin/surveys/" + draft + "/invitations", SURVEY_TABLES,
                fields("unitId", () -> str("a"), "count", () -> "1"), "", "");
        json(admin, "PUT", "/api/admin/surveys/" + draft + "/custody", SURVEY_TABLES,
                fields("threshold", () -> "2", "trustees", () -> array(Trustees.shared().stream()
                        .map(Trustees.Trustee::username).toList())), "", "");
        String closesOn = java.time.LocalDate.now().plusDays(30).toString();
        json(admin, "POST", "/api/admin/surveys/" + open.id() + "/closing-day", CLOSING_TABLES,
                fields("closesOn", () -> str(closesOn), "reason", () -> str("Moved by the fuzz test")), "", "");
        json(keylessApi, "POST", "/api/admin/trustee/key", TRUSTEE_TABLES,
                fields("passphrase", () -> str("x")), "", "");
        json(trusteeApi, "POST", "/api/admin/surveys/" + open.id() + "/unlock", TRUSTEE_TABLES,
                fields("keyFile", () -> trustee.keyFile(), "passphrase", () -> str(Trustees.PASSPHRASE)), "", "");
        json(trusteeApi, "POST", "/api/admin/surveys/" + draft + "/plan/approval", TRUSTEE_TABLES,
                fields("planDigest", () -> str("0".repeat(64))), "", "");
        json(Sender.anonymous(), "POST", "/api/v1/tokens/lookup", RESPONDENT_TABLES,
                fields("invitationCode", () -> str(code)), "", "");
        json(Sender.anonymous(), "POST", "/api/v1/tokens/issue", RESPONDENT_TABLES,
                fields("invitationCode", () -> str(code), "keyId", () -> str(keyId),
                        "blindedMessage", () -> str("AAAA"), "minRound", () -> "1"), "", "");
        json(Sender.anonymous(), "POST", "/api/v1/surveys/" + open.id() + "/responses", RESPONDENT_TABLES,
                fields("token", () -> "{\"keyId\":" + str(pass.keyId()) + ",\"message\":" + str(pass.message())
                        + ",\"signature\":" + str(pass.signature()) + "}",
                        "submissionId", () -> str("A".repeat(22)), "answers", () -> "[]"), "", "");
        json(Sender.anonymous(), "POST", "/api/v1/surveys/" + open.id() + "/responses", RESPONDENT_TABLES,
                fields("keyId", () -> str(pass.keyId()), "message", () -> str(pass.message()),
                        "signature", () -> str(pass.signature())),
                "{\"submissionId\":\"" + "B".repeat(22) + "\",\"answers\":[],\"token\":", "}");
        textBodies(admin, "/api/admin/organisations/" + slug + "/units/import", "text/csv", ORG_TABLES,
                "id,name,parent_id\n", List.of("%s,Unit,r", "x%s,%s,", "%s,%s,%s"));

        // Forms, url-encoded and multipart.
        Sender adminPage = Sender.browser(adminBrowser);
        form(Sender.anonymous(), "/login", ACCOUNT_TABLES + ",staff_session", fields("_csrf", () -> "x",
                "username", () -> Unique.name("nobody"), "password", () -> "wrong-password-1234"), true);
        form(adminPage, "/admin/organisations", ORG_TABLES, fields("_csrf", () -> adminToken,
                "slug", () -> Unique.name("fz"), "name", () -> "Fuzz"), false);
        form(adminPage, "/admin/orgs/" + slug + "/units", ORG_TABLES, fields("_csrf", () -> adminToken,
                "id", () -> Unique.name("u"), "name", () -> "Unit", "parentId", () -> "r"), false);
        form(adminPage, "/admin/orgs/" + slug + "/units/b", ORG_TABLES, fields("_csrf", () -> adminToken,
                "name", () -> "Team B", "parentId", () -> "r", "action", () -> "save"), false);
        form(adminPage, "/admin/accounts", ACCOUNT_TABLES, fields("_csrf", () -> adminToken,
                "username", () -> Unique.name("fz"), "displayName", () -> "Fuzz", "password", () -> "fuzz-password-1234",
                "role", () -> "STEWARD", "organisationId", () -> orgId), false);
        form(adminPage, "/admin/accounts/" + accountId, ACCOUNT_TABLES, fields("_csrf", () -> adminToken,
                "displayName", () -> "Fuzzee", "password", () -> "", "role", () -> "STEWARD", "enabled", () -> "true"),
                false);
        form(adminPage, "/admin/surveys/" + draft + "/invitations", SURVEY_TABLES, fields("_csrf", () -> adminToken,
                "unitId", () -> "a", "count", () -> "1"), false);
        form(adminPage, "/admin/surveys/" + draft + "/custody", SURVEY_TABLES, fields("_csrf", () -> adminToken,
                "threshold", () -> "2", "trustee", () -> trustee.username()), false);
        form(adminPage, "/admin/surveys/" + draft + "/definition", SURVEY_TABLES, fields("_csrf", () -> adminToken,
                "json", () -> template), false);
        multipart(adminPage, "/admin/orgs/" + slug + "/units/import", ORG_TABLES, fields("_csrf", () -> adminToken,
                "file", () -> "id,name,parent_id\n" + Unique.name("u") + ",Unit,r\n"), "file");
        multipart(adminPage, "/admin/orgs/" + slug + "/surveys", SURVEY_TABLES, fields("_csrf", () -> adminToken,
                "template", () -> "", "file", () -> template), "file");
        form(adminPage, "/admin/surveys/" + open.id() + "/closing-day", CLOSING_TABLES, fields("_csrf", () -> adminToken,
                "closesOn", () -> closesOn, "reason", () -> "Moved by the fuzz test"), false);
        form(Sender.browser(keylessBrowser), "/trustee/key", TRUSTEE_TABLES, fields("_csrf", () -> keylessToken,
                "passphrase", () -> "x", "repeat", () -> "x"), false);
        Sender trusteePage = Sender.browser(trusteeBrowser);
        form(trusteePage, "/trustee/surveys/" + draft + "/plan", TRUSTEE_TABLES, fields("_csrf", () -> trusteeToken,
                "planDigest", () -> "0".repeat(64)), false);
        multipart(trusteePage, "/trustee/surveys/" + open.id() + "/unlock", TRUSTEE_TABLES,
                fields("_csrf", () -> trusteeToken, "keyFile", trustee::keyFile, "passphrase", () -> Trustees.PASSPHRASE),
                "keyFile");
        Browserless respondent = new Browserless();
        Map<String, String> hidden = respondent.hiddenFields("/s/" + open.id() + "/answer");
        String passText = "candour-pass:v1:" + Base64.getUrlEncoder().withoutPadding().encodeToString(
                JSON.writeValueAsBytes(Map.of("surveyId", open.id(), "keyId", pass.keyId(), "message", pass.message(),
                        "signature", pass.signature())));
        multipart(Sender.browser(respondent), "/s/" + open.id() + "/answer", RESPONDENT_TABLES,
                fields("_csrf", () -> hidden.get("_csrf"), "pass", () -> passText,
                        "submissionId", () -> hidden.get("submissionId"), "q.workload", () -> "3"), null);

        // Path ids, query values and unknown addresses.
        List<String> getPaths = List.of("/api/admin/surveys/%s", "/api/admin/organisations/%s",
                "/api/admin/organisations/%s/units", "/api/admin/accounts/%s", "/api/admin/surveys/%s/results",
                "/api/admin/surveys/%s/plan", "/api/admin/surveys/%s/custody", "/api/admin/surveys/%s/invitations",
                "/api/admin/survey-templates/%s", "/admin/surveys/%s", "/admin/orgs/%s", "/admin/accounts/%s",
                "/admin/surveys/%s/results", "/admin/surveys/" + draft + "/results/questions/%s",
                "/api/v1/surveys/%s", "/api/v1/surveys/%s/issuer-keys", "/api/v1/surveys/%s/receipts", "/s/%s",
                "/s/%s/answer", "/s/%s/receipts");
        for (String p : getPaths) {
            Sender who = p.startsWith("/api/admin") ? admin : p.startsWith("/admin") ? adminPage : Sender.anonymous();
            for (String id : badPathValues()) {
                check(req(who, "GET", String.format(p, id), null, null), SURVEY_TABLES, p);
            }
        }
        for (String q : badPathValues()) {
            for (String p : List.of("/admin/orgs/" + slug + "?notice=%s", "/admin/surveys/" + draft + "?notice=%s",
                    "/admin/accounts/" + accountId + "?notice=%s", "/pass?code=%s", "/?notice=%s")) {
                Sender who = p.startsWith("/admin") ? adminPage : Sender.anonymous();
                check(req(who, "GET", String.format(p, q), null, null), ORG_TABLES, p);
            }
        }
        for (String p : List.of("/favicon.ico", "/nothing-here", "/admin/nothing-here", "/api/nothing-here",
                "/s/" + open.id() + "/nothing", "/robots.txt", "/apple-touch-icon.png")) {
            for (String accept : List.of("text/html", "*/*", "application/json", "image/*", "text/html;q=x")) {
                Req r = new Req("GET", p, null, null, Map.of("Accept", accept));
                check(r, ORG_TABLES, p);
            }
        }

        assertTrue(failures.isEmpty(), failures.size() + " failures of " + sent + " requests:\n"
                + String.join("\n", failures.subList(0, Math.min(failures.size(), 200))));
        List<String> jacksonErrors = logSince(logOffset).lines()
                .filter(l -> l.contains("ERROR") && (l.contains("jackson") || l.contains("Json"))).toList();
        assertTrue(jacksonErrors.isEmpty(), "ERROR lines naming Jackson: " + jacksonErrors);
        System.out.printf("FuzzTest: %d requests in %d s%n", sent, (System.nanoTime() - start) / 1_000_000_000);
    }

    /** Each refusal the fuzzing found as a 500, answered now with a 4xx that names what is wrong. */
    @Test
    void eachFormerFiveHundredIsAClearRefusal() throws Exception {
        long logOffset = Files.exists(LOG) ? Files.size(LOG) : 0;
        String slug = Unique.name("fuzz");
        Staff.admin().contentType(ContentType.JSON).body(Map.of("slug", slug, "name", "Fuzz"))
                .post("/api/admin/organisations").then().statusCode(201);
        // A key given twice, on staff and respondent paths and on the bare issue route.
        Staff.admin().contentType(ContentType.JSON).body("{\"slug\":\"a-b\",\"name\":\"x\",\"name\":\"y\"}")
                .post("/api/admin/organisations").then().statusCode(400)
                .body("error", org.hamcrest.Matchers.containsString("field \"name\" more than once"));
        given().contentType(ContentType.JSON).body("{\"invitationCode\":\"a\",\"invitationCode\":\"b\"}")
                .post("/api/v1/tokens/lookup").then().statusCode(400)
                .body("error", org.hamcrest.Matchers.containsString("field \"invitationCode\" more than once"));
        given().contentType(ContentType.JSON).body("{\"keyId\":\"a\",\"keyId\":\"b\"}")
                .post("/api/v1/tokens/issue").then().statusCode(400)
                .body("error", org.hamcrest.Matchers.containsString("field \"keyId\" more than once"));
        // U+0000 in a JSON string, a form field and a path.
        Staff.admin().contentType(ContentType.JSON).body("{\"slug\":\"" + Unique.name("n") + "\",\"name\":\"a\\u0000\"}")
                .post("/api/admin/organisations").then().statusCode(400)
                .body("error", org.hamcrest.Matchers.containsString("field name contains the character U+0000"));
        Staff.admin().urlEncodingEnabled(false).get("/api/admin/organisations/a%00b").then().statusCode(400)
                .body("error", org.hamcrest.Matchers.containsString("U+0000"));
        Staff.admin().urlEncodingEnabled(false).get("/api/admin/organisations?q=a%00b").then().statusCode(400)
                .body("error", org.hamcrest.Matchers.containsString("U+0000"));
        // A unit without an id or a name.
        Staff.admin().contentType(ContentType.JSON).body("{\"name\":\"Unit\"}")
                .post("/api/admin/organisations/" + slug + "/units").then().statusCode(400)
                .body("problems[0]", org.hamcrest.Matchers.startsWith("id: required"));
        Staff.admin().contentType(ContentType.JSON).body("{\"id\":\"u1\",\"name\":\" \"}")
                .post("/api/admin/organisations/" + slug + "/units").then().statusCode(400)
                .body("problems[0]", org.hamcrest.Matchers.startsWith("name: required"));
        // An account in an unknown organisation; a null role, refused before anything is written.
        Staff.admin().contentType(ContentType.JSON).body(Map.of("username", Unique.name("fz"), "displayName", "F",
                "password", "fuzz-password-1234", "roles", Set.of("STEWARD"), "organisationId",
                java.util.UUID.randomUUID().toString())).post("/api/admin/accounts").then().statusCode(400)
                .body("problems", org.hamcrest.Matchers.hasItem(org.hamcrest.Matchers.startsWith("organisationId:")));
        String account = Staff.admin().contentType(ContentType.JSON).body(Map.of("username", Unique.name("fz"),
                "displayName", "F", "password", "fuzz-password-1234", "roles", Set.of("STEWARD")))
                .post("/api/admin/accounts").then().statusCode(201).extract().path("id");
        Staff.admin().contentType(ContentType.JSON).body("{\"roles\":[null]}").put("/api/admin/accounts/" + account)
                .then().statusCode(400).body("problems[0]", org.hamcrest.Matchers.startsWith("roles:"));
        Staff.admin().get("/api/admin/accounts/" + account).then().statusCode(200)
                .body("roles", org.hamcrest.Matchers.contains("STEWARD"));
        // Malformed multipart and url-encoding on a form.
        given().contentType("multipart/form-data; boundary=x").body(bytes("--x\r\nGarbage")).post("/login").then()
                .statusCode(400).body("error", org.hamcrest.Matchers.startsWith("The form could not be read"));
        given().contentType("application/x-www-form-urlencoded").body("username=%G1").post("/login").then()
                .statusCode(400).body("error", org.hamcrest.Matchers.startsWith("The form could not be read"));
        // An unknown address asked for as a page: a plain 404 page, and neither the path nor an error logged.
        given().accept("text/html").get("/favicon.ico").then().statusCode(404)
                .contentType(org.hamcrest.Matchers.startsWith("text/html"))
                .body(org.hamcrest.Matchers.containsString("There is nothing here."));
        given().accept("text/html").get("/s/fuzz-unknown-address/answer").then().statusCode(404);
        String logged = logSince(logOffset);
        assertTrue(logged.lines().noneMatch(l -> l.contains("favicon") || l.contains("fuzz-unknown-address")
                || l.contains(" ERROR ")), logged);
    }

    /** The test log written since {@code offset} bytes (the log holds UTF-8, so bytes, not characters). */
    private static String logSince(long offset) throws java.io.IOException {
        byte[] all = Files.readAllBytes(LOG);
        return new String(all, (int) offset, all.length - (int) offset, java.nio.charset.StandardCharsets.UTF_8);
    }

    // --- Variants --------------------------------------------------------------------------------

    /** Malformed JSON values for one field: text fragments, some of them not even valid UTF-8 or JSON. */
    private static List<byte[]> jsonValues() {
        List<byte[]> out = new ArrayList<>();
        for (String v : List.of("null", "true", "false", "0", "-1", "1.5", "1e309", "-1e309",
                "99999999999999999999999999", "-9223372036854775809", "2147483648", "\"\"", "\" \"", "\"\\u0000\"",
                "\"a\\u0000b\"", "\"\\u0000\\u0000\"", "[]", "[1]", "[null]", "[\"\\u0000\"]", "{}", "{\"a\":1}",
                "{\"\\u0000\":1}", "\"\\u202e\"", "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\\uD83D\\uDE00\"", "\"<b>\"",
                "\"'; --\"", "\"../../x\"", "\"%00\"", "NaN", "Infinity", "-", "\"", "\"\\x\"", "01", "0x10", "1e",
                "'single'", "[1,]", "{\"a\"}", "tru")) {
            out.add(bytes(v));
        }
        for (int c = 1; c < 0x20; c++) {
            out.add(bytes(String.format("\"a\\u%04xb\"", c)));
        }
        out.add(bytes("\"\\u007f\\u0085\\u2028\""));
        out.add(bytes("\"" + "x".repeat(100_000) + "\""));
        out.add(bytes("[".repeat(3000) + "]".repeat(3000)));
        out.add(bytes("{\"a\":".repeat(1500) + "1" + "}".repeat(1500)));
        out.add(bytes(deep(200)));
        out.add(new byte[] {'"', (byte) 0xff, (byte) 0xfe, '"'});
        out.add(new byte[] {'"', (byte) 0xc0, (byte) 0x80, '"'});
        out.add(new byte[] {'"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"'});
        out.add(new byte[] {'"', 'a', 0, 'b', '"'});
        out.add(new byte[] {'"', 'a', 1, 'b', '"'});
        out.add(new byte[] {'"', (byte) 0xe2, (byte) 0x82, '"'});
        return out;
    }

    private static String deep(int depth) {
        return "[".repeat(depth) + "1" + "]".repeat(depth);
    }

    /** Malformed text for a form field: characters, and bytes that are not UTF-8 once decoded. */
    private static List<byte[]> formValues() {
        List<byte[]> out = new ArrayList<>();
        for (String v : List.of("", " ", "\u0000", "a\u0000b", "\u0000\u0000", "\u202e", "\uD83D\uDE00", "<b>",
                "'; --", "../../x", "%00", "-1", "0", "99999999999999999999999", "1e309", "NaN", "true", "null",
                "[]", "{}", "{\"a\":1}", "\t", "\r\n", "a\rb", "\u007f", "\u0085", "\u2028")) {
            out.add(bytes(v));
        }
        for (int c = 1; c < 0x20; c++) {
            out.add(new byte[] {'a', (byte) c, 'b'});
        }
        out.add(bytes("x".repeat(100_000)));
        out.add(new byte[] {(byte) 0xff, (byte) 0xfe});
        out.add(new byte[] {(byte) 0xc0, (byte) 0x80});
        out.add(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80});
        out.add(new byte[] {'a', (byte) 0xe2, (byte) 0x82});
        return out;
    }

    private static List<String> badPathValues() {
        List<String> out = new ArrayList<>(List.of("%00", "a%00b", "%FF", "%C0%80", "%ED%A0%80", "not-a-uuid",
                "00000000-0000-0000-0000-000000000000", "..%2F..", "%2e%2e", "x".repeat(3000), "%20", "-1",
                "99999999999999999999999", "%E2%80%AE", "%0A", "%0D%0A", "%09", "%7F", "null", "%22%3E%3Cb%3E",
                "%25", "ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ", "00000000-0000-0000-0000-00000000000g",
                "0000000000000000000000000000000000000", "%F0%9F%98%80", "1e309", "true", "%5B%5D", "%7B%7D"));
        for (int c = 1; c < 0x20; c += 2) {
            out.add(String.format("a%%%02Xb", c));
        }
        return out;
    }

    // --- Endpoints -------------------------------------------------------------------------------

    /** The fields of a valid request, in order, each with a supplier of its valid value. */
    private static Map<String, Supplier<String>> fields(String k1, Supplier<String> v1) {
        Map<String, Supplier<String>> m = new LinkedHashMap<>();
        m.put(k1, v1);
        return m;
    }

    private static Map<String, Supplier<String>> fields(String k1, Supplier<String> v1, String k2, Supplier<String> v2) {
        Map<String, Supplier<String>> m = fields(k1, v1);
        m.put(k2, v2);
        return m;
    }

    private static Map<String, Supplier<String>> fields(String k1, Supplier<String> v1, String k2, Supplier<String> v2, String k3, Supplier<String> v3) {
        Map<String, Supplier<String>> m = fields(k1, v1, k2, v2);
        m.put(k3, v3);
        return m;
    }

    private static Map<String, Supplier<String>> fields(String k1, Supplier<String> v1, String k2, Supplier<String> v2, String k3, Supplier<String> v3, String k4, Supplier<String> v4) {
        Map<String, Supplier<String>> m = fields(k1, v1, k2, v2, k3, v3);
        m.put(k4, v4);
        return m;
    }

    private static Map<String, Supplier<String>> fields(String k1, Supplier<String> v1, String k2, Supplier<String> v2, String k3, Supplier<String> v3, String k4, Supplier<String> v4, String k5, Supplier<String> v5) {
        Map<String, Supplier<String>> m = fields(k1, v1, k2, v2, k3, v3, k4, v4);
        m.put(k5, v5);
        return m;
    }

    private static Map<String, Supplier<String>> fields(String k1, Supplier<String> v1, String k2, Supplier<String> v2, String k3, Supplier<String> v3, String k4, Supplier<String> v4, String k5, Supplier<String> v5, String k6, Supplier<String> v6) {
        Map<String, Supplier<String>> m = fields(k1, v1, k2, v2, k3, v3, k4, v4, k5, v5);
        m.put(k6, v6);
        return m;
    }

    /**
     * A JSON endpoint: each field replaced by every malformed value, left out, given twice; then the
     * body's own shape broken (not JSON, an array, deep, extra fields, wrong content types).
     */
    private void json(Sender who, String method, String path, String tables, Map<String, Supplier<String>> fields,
            String prefix, String suffix) throws Exception {
        for (String field : fields.keySet()) {
            for (byte[] value : jsonValues()) {
                check(req(who, method, path, "application/json", jsonBody(fields, prefix, suffix, field, value, 1)),
                        tables, method + " " + path + " " + field + "=" + preview(value));
            }
            check(req(who, method, path, "application/json", jsonBody(fields, prefix, suffix, field, null, 0)),
                    tables, method + " " + path + " without " + field);
            check(req(who, method, path, "application/json", jsonBody(fields, prefix, suffix, field, null, 2)),
                    tables, method + " " + path + " " + field + " twice");
        }
        byte[] valid = jsonBody(fields, prefix, suffix, null, null, 1);
        List<byte[]> bodies = new ArrayList<>(List.of(new byte[0], bytes("null"), bytes("[]"), bytes("{}"),
                bytes("\"x\""), bytes("1"), bytes("{"), bytes("[" + new String(valid, StandardCharsets.UTF_8) + "]"),
                bytes(deep(5000)), bytes("{\"a\":".repeat(2000) + "1" + "}".repeat(2000)),
                bytes(new String(valid, StandardCharsets.UTF_8).replaceFirst("\\{", "{\"extra\":\"\\u0000\",")),
                bytes(new String(valid, StandardCharsets.UTF_8).replaceFirst("\\{", "{\"extra\":1,\"extra\":2,")),
                bytes(new String(valid, StandardCharsets.UTF_8) + "garbage"),
                java.util.Arrays.copyOf(valid, valid.length / 2), new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '{', '}'},
                new byte[] {(byte) 0xff, (byte) 0xfe, '{', 0, '}', 0}));
        for (byte[] body : bodies) {
            check(req(who, method, path, "application/json", body), tables, method + " " + path + " body "
                    + preview(body));
        }
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data", "multipart/form-data; boundary=x", "application/json; charset=latin1",
                "application/json; charset=nonsense", "application/json; charset=utf-16", "*/*", "garbage", "")) {
            check(req(who, method, path, type, valid), tables, method + " " + path + " as " + type);
        }
    }

    /** The body with {@code field} replaced by {@code value} ({@code times} 0: left out; 2: given twice). */
    private static byte[] jsonBody(Map<String, Supplier<String>> fields, String prefix, String suffix, String field,
            byte[] value, int times) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes(prefix + "{"));
        boolean first = true;
        for (var e : fields.entrySet()) {
            boolean target = e.getKey().equals(field);
            int n = target ? times : 1;
            for (int i = 0; i < n; i++) {
                out.writeBytes(bytes((first ? "" : ",") + "\"" + e.getKey() + "\":"));
                out.writeBytes(target && value != null ? value : bytes(e.getValue().get()));
                first = false;
            }
        }
        out.writeBytes(bytes("}" + suffix));
        return out.toByteArray();
    }

    /** A text body (CSV) whose lines carry each malformed value in each position. */
    private void textBodies(Sender who, String path, String type, String tables, String header, List<String> lines)
            throws Exception {
        for (String line : lines) {
            for (byte[] value : formValues()) {
                String v = new String(value, StandardCharsets.ISO_8859_1);
                byte[] body = (header + line.replace("%s", v) + "\n").getBytes(StandardCharsets.ISO_8859_1);
                check(req(who, "POST", path, type, body), tables, "POST " + path + " line " + preview(body));
            }
        }
    }

    /** A url-encoded form (and, with {@code alsoMultipart}, the same as multipart): each field malformed. */
    private void form(Sender who, String path, String tables, Map<String, Supplier<String>> fields,
            boolean alsoMultipart) throws Exception {
        for (String field : fields.keySet()) {
            for (byte[] value : formValues()) {
                check(req(who, "POST", path, "application/x-www-form-urlencoded", urlEncoded(fields, field, value, 1)),
                        tables, "POST " + path + " " + field + "=" + preview(value));
            }
            for (String raw : List.of("%FF%FE", "%C0%80", "%00", "%", "%G1", "a%0", "%ED%A0%80")) {
                check(req(who, "POST", path, "application/x-www-form-urlencoded",
                        urlEncodedRaw(fields, field, raw)), tables, "POST " + path + " " + field + "=" + raw);
            }
            check(req(who, "POST", path, "application/x-www-form-urlencoded", urlEncoded(fields, field, null, 0)),
                    tables, "POST " + path + " without " + field);
            check(req(who, "POST", path, "application/x-www-form-urlencoded", urlEncoded(fields, field, null, 2)),
                    tables, "POST " + path + " " + field + " twice");
        }
        malformedBodies(who, path, tables);
        if (alsoMultipart) {
            multipart(who, path, tables, fields, null);
        }
    }

    /** A multipart form: each field malformed, then the multipart encoding itself broken. */
    private void multipart(Sender who, String path, String tables, Map<String, Supplier<String>> fields,
            String fileField) throws Exception {
        for (String field : fields.keySet()) {
            for (byte[] value : formValues()) {
                check(req(who, "POST", path, "multipart/form-data; boundary=fuzzfuzz",
                        multipartBody(fields, fileField, field, value, 1)), tables,
                        "POST " + path + " multipart " + field + "=" + preview(value));
            }
            check(req(who, "POST", path, "multipart/form-data; boundary=fuzzfuzz",
                    multipartBody(fields, fileField, field, null, 0)), tables, "POST " + path + " multipart without " + field);
            check(req(who, "POST", path, "multipart/form-data; boundary=fuzzfuzz",
                    multipartBody(fields, fileField, field, null, 2)), tables, "POST " + path + " multipart " + field + " twice");
        }
        malformedBodies(who, path, tables);
    }

    /** Bodies no form encoder would make, under every form content type. */
    private void malformedBodies(Sender who, String path, String tables) throws Exception {
        List<byte[]> bodies = List.of(new byte[0], bytes("--fuzzfuzz"), bytes("--fuzzfuzz\r\n"),
                bytes("--fuzzfuzz\r\nContent-Disposition: form-data\r\n\r\nx\r\n--fuzzfuzz--\r\n"),
                bytes("--fuzzfuzz\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\nx"),
                bytes("--fuzzfuzz\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\nx\r\n--other--\r\n"),
                bytes("--fuzzfuzz\r\nGarbage\r\n\r\n\r\n--fuzzfuzz--\r\n"),
                bytes("--fuzzfuzz\r\nContent-Disposition: form-data; name=\"\u0000\"\r\n\r\nx\r\n--fuzzfuzz--\r\n"),
                bytes("--fuzzfuzz\r\nContent-Disposition: form-data; name=\"f\"; filename=\"\u0000\"\r\n\r\nx\r\n"
                        + "--fuzzfuzz--\r\n"),
                bytes("--fuzzfuzz\r\nContent-Disposition: form-data; name=\"f\"\r\nContent-Transfer-Encoding: base64\r\n"
                        + "Content-Type: text/plain; charset=nonsense\r\n\r\n!!!\r\n--fuzzfuzz--\r\n"),
                bytes("garbage"), bytes("a=%"), bytes("a=%ZZ&&&==&"), bytes("=&="), new byte[] {0, 1, 2, (byte) 0xff},
                bytes("x".repeat(200_000)));
        for (String type : List.of("multipart/form-data; boundary=fuzzfuzz", "multipart/form-data",
                "multipart/form-data; boundary=", "multipart/form-data; boundary=\"unclosed",
                "multipart/mixed; boundary=fuzzfuzz", "application/x-www-form-urlencoded",
                "application/x-www-form-urlencoded; charset=nonsense", "application/json", "text/plain", "garbage")) {
            for (byte[] body : bodies) {
                check(req(who, "POST", path, type, body), tables, "POST " + path + " as " + type + " body "
                        + preview(body));
            }
        }
    }

    private static byte[] urlEncoded(Map<String, Supplier<String>> fields, String field, byte[] value, int times) {
        StringBuilder sb = new StringBuilder();
        for (var e : fields.entrySet()) {
            boolean target = e.getKey().equals(field);
            for (int i = 0; i < (target ? times : 1); i++) {
                byte[] v = target && value != null ? value : bytes(e.getValue().get());
                sb.append(sb.length() == 0 ? "" : "&").append(e.getKey()).append('=').append(percent(v));
            }
        }
        return bytes(sb.toString());
    }

    private static byte[] urlEncodedRaw(Map<String, Supplier<String>> fields, String field, String raw) {
        StringBuilder sb = new StringBuilder();
        for (var e : fields.entrySet()) {
            sb.append(sb.length() == 0 ? "" : "&").append(e.getKey()).append('=')
                    .append(e.getKey().equals(field) ? raw : percent(bytes(e.getValue().get())));
        }
        return bytes(sb.toString());
    }

    private static String percent(byte[] v) {
        StringBuilder sb = new StringBuilder();
        for (byte b : v) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format("%02X", c));
            }
        }
        return sb.toString();
    }

    private static byte[] multipartBody(Map<String, Supplier<String>> fields, String fileField, String field,
            byte[] value, int times) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (var e : fields.entrySet()) {
            boolean target = e.getKey().equals(field);
            for (int i = 0; i < (target ? times : 1); i++) {
                String file = e.getKey().equals(fileField) ? "; filename=\"upload.txt\"\r\nContent-Type: text/plain" : "";
                out.writeBytes(bytes("--fuzzfuzz\r\nContent-Disposition: form-data; name=\"" + e.getKey() + "\"" + file
                        + "\r\n\r\n"));
                out.writeBytes(target && value != null ? value : bytes(e.getValue().get()));
                out.writeBytes(bytes("\r\n"));
            }
        }
        out.writeBytes(bytes("--fuzzfuzz--\r\n"));
        return out.toByteArray();
    }

    // --- Sending and checking --------------------------------------------------------------------

    private static Req req(Sender who, String method, String path, String contentType, byte[] body) {
        return new Req(method, path, contentType, body, who.headers());
    }

    /**
     * Sends the request, then checks its answer, and that a refusal left the tables as they were
     * (the fingerprint taken after one request is the one compared after the next).
     */
    private void check(Req r, String tables, String what) throws Exception {
        String before = tables.equals(lastTables) ? lastFingerprint : fingerprint(tables);
        HttpResponse<byte[]> response;
        try {
            response = send(r);
        } catch (java.io.IOException e) {
            failures.add("no answer (" + e.getClass().getSimpleName() + ") to " + what);
            lastTables = null;
            return;
        }
        String body = new String(response.body(), StandardCharsets.UTF_8);
        int status = response.statusCode();
        if (status >= 500) {
            failures.add(status + " for " + what + ": " + preview(response.body()));
        }
        if (LEAK.matcher(body).find()) {
            failures.add("class name or stack trace in the answer to " + what + ": " + preview(response.body()));
        }
        String after = fingerprint(tables);
        if (status >= 400 && !before.equals(after)) {
            failures.add("refused with " + status + " but changed " + tables + ": " + what);
        }
        lastTables = tables;
        lastFingerprint = after;
    }

    private HttpResponse<byte[]> send(Req r) throws Exception {
        sent++;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + r.path()))
                .timeout(Duration.ofSeconds(30))
                .method(r.method(), r.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(r.body()));
        if (r.contentType() != null && !r.contentType().isEmpty()) {
            b.header("Content-Type", r.contentType());
        }
        r.headers().forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * A cheap fingerprint of the tables: each one's row count and the sum of its rows' {@code xmin}.
     * Any insert, update or delete (even one that writes the same values) makes a row version with a
     * new {@code xmin}, so this sees every write without reading the rows' contents.
     */
    private String fingerprint(String tables) throws SQLException {
        StringBuilder sql = new StringBuilder();
        for (String t : tables.split(",")) {
            sql.append(sql.length() == 0 ? "select " : " || ' ' || ").append("(select count(*) || ':' || "
                    + "coalesce(sum(xmin::text::bigint), 0) from ").append(t).append(")");
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql.toString())) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String str(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String array(List<String> values) {
        return "[" + String.join(",", values.stream().map(FuzzTest::str).toList()) + "]";
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String preview(byte[] b) {
        return Echo.quoted(new String(b, 0, Math.min(b.length, 80), StandardCharsets.UTF_8));
    }
}
