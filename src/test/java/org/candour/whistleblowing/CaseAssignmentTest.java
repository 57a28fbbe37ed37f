package org.candour.whistleblowing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.candour.db.EmbeddedPostgresTestResource;
import org.candour.support.Browserless;
import org.candour.support.Staff;
import org.candour.whistleblowing.WhistleblowingApiTest.Org;
import org.junit.jupiter.api.Test;

/**
 * A handler of a case's channels assigns it to one of those channels' handlers (or to nobody) and sets
 * its labels; nobody else may; labels are checked and stored in the clear; the reporter sees neither.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresTestResource.class)
class CaseAssignmentTest {

    @Inject
    DataSource dataSource;

    @Test
    void handlersOfTheCasesChannelsAssignAndLabelItAndNobodyElseMay() throws Exception {
        Setup s = aCaseOfTwoHandlers("The rota is falsified.");
        Org o = s.o();
        String h1 = s.h1();
        String h2 = s.h2();
        String caseId = s.caseId();
        String other = WhistleblowingApiTest.account(o, "HANDLER");
        WhistleblowingApiTest.channel(o, "Speak-up guardian", List.of(other));
        WhistleblowingApiTest.key(other);
        String h2Id = WhistleblowingApiTest.accountId(h2);

        // Those it can go to: the channel's handlers, by name; not the other channel's.
        List<String> names = WhistleblowingApiTest.as(h1).get("/api/handler/cases/" + caseId + "/assignable").then()
                .statusCode(200).extract().jsonPath().getList("name");
        assertEquals(Set.of("Handler " + h1, "Handler " + h2), Set.copyOf(names));
        assertEquals(2, names.size());

        // Assigned to h2, who then finds it under "assigned to me"; h1 does not.
        WhistleblowingApiTest.as(h1).contentType(ContentType.JSON).body(Map.of("assignee", h2Id))
                .post("/api/handler/cases/" + caseId + "/assignee").then().statusCode(200)
                .body("assignee", is(h2Id)).body("assigneeName", is("Handler " + h2));
        WhistleblowingApiTest.as(h2).get("/api/handler/cases?assignedToMe=true").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].assigneeName", is("Handler " + h2));
        WhistleblowingApiTest.as(h1).get("/api/handler/cases?assignedToMe=true").then().statusCode(200)
                .body("$", hasSize(0));
        WhistleblowingApiTest.as(h1).get("/api/handler/cases").then().statusCode(200).body("$", hasSize(1));

        // Not to a handler of another channel, nor to something that is no account: a clear 400 naming the field.
        WhistleblowingApiTest.as(h1).contentType(ContentType.JSON)
                .body(Map.of("assignee", WhistleblowingApiTest.accountId(other)))
                .post("/api/handler/cases/" + caseId + "/assignee").then().statusCode(400)
                .body("error", containsString("assignee:"));
        WhistleblowingApiTest.as(h1).contentType(ContentType.JSON).body(Map.of("assignee", "h2, please"))
                .post("/api/handler/cases/" + caseId + "/assignee").then().statusCode(400)
                .body("error", containsString("assignee:"));
        // The other channel's handler and an admin may not touch it.
        WhistleblowingApiTest.as(other).contentType(ContentType.JSON).body(Map.of("assignee", h2Id))
                .post("/api/handler/cases/" + caseId + "/assignee").then().statusCode(404);
        WhistleblowingApiTest.as(other).contentType(ContentType.JSON).body(Map.of("labels", List.of("urgent")))
                .post("/api/handler/cases/" + caseId + "/labels").then().statusCode(404);
        WhistleblowingApiTest.as(other).get("/api/handler/cases/" + caseId + "/assignable").then().statusCode(404);
        Staff.admin().contentType(ContentType.JSON).body(Map.of("labels", List.of("urgent")))
                .post("/api/handler/cases/" + caseId + "/labels").then().statusCode(403);

        // Labels: checked, tidied, stored in the clear.
        WhistleblowingApiTest.as(h2).contentType(ContentType.JSON)
                .body(Map.of("labels", List.of(" retaliation   risk ", "urgent", "urgent", "Årsta-2")))
                .post("/api/handler/cases/" + caseId + "/labels").then().statusCode(200)
                .body("labels", is(List.of("retaliation risk", "urgent", "Årsta-2")));
        List<String> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add("label " + i);
        }
        for (List<String> bad : List.of(eleven, List.of(""), List.of("a".repeat(41)), List.of("see: the report"),
                List.of("urgent", "<script>"))) {
            WhistleblowingApiTest.as(h2).contentType(ContentType.JSON).body(Map.of("labels", bad))
                    .post("/api/handler/cases/" + caseId + "/labels").then().statusCode(400)
                    .body("error", containsString("labels:"));
        }
        WhistleblowingApiTest.as(h2).get("/api/handler/cases").then()
                .body("[0].labels", is(List.of("retaliation risk", "urgent", "Årsta-2")));
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select labels, assignee from wb_report where id = '" + caseId + "'")) {
            assertTrue(rs.next());
            Array labels = rs.getArray(1);
            assertEquals(List.of("retaliation risk", "urgent", "Årsta-2"), Arrays.asList((String[]) labels.getArray()));
            assertEquals(h2Id, rs.getString(2));
        }

        // The reporter sees neither the labels nor who is assigned.
        JsonPath view = given().contentType(ContentType.JSON).body(Map.of("receipt", s.receipt()))
                .post("/api/v1/reports/follow-up").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(), view.getList("meta.labels"));
        assertNull(view.getString("meta.assignee"));
        assertNull(view.getString("meta.assigneeName"));
        String page = followUpPage(s.receipt());
        assertTrue(!page.contains("retaliation risk") && !page.contains("Handler " + h2), page);

        // Unassigned; an empty list clears the labels.
        WhistleblowingApiTest.as(h1).contentType(ContentType.JSON).body(new HashMap<>(Map.of()))
                .post("/api/handler/cases/" + caseId + "/assignee").then().statusCode(200)
                .body("assignee", nullValue()).body("assigneeName", nullValue());

        // A handler taken off the channel still holds the case's key, but no longer assigns or labels it.
        Staff.admin().contentType(ContentType.JSON).body(Map.of("name", "Union casework", "categories",
                List.of("Bullying", "Racism", "Unsafe caseloads"), "handlers", List.of(WhistleblowingApiTest.accountId(h1))))
                .put("/api/admin/organisations/" + o.slug() + "/channels/" + s.channel()).then().statusCode(200);
        WhistleblowingApiTest.as(h2).contentType(ContentType.JSON).body(Map.of("labels", List.of()))
                .post("/api/handler/cases/" + caseId + "/labels").then().statusCode(403);
        WhistleblowingApiTest.as(h1).contentType(ContentType.JSON).body(Map.of("assignee", h2Id))
                .post("/api/handler/cases/" + caseId + "/assignee").then().statusCode(400);
        WhistleblowingApiTest.as(h1).contentType(ContentType.JSON).body(Map.of("labels", List.of()))
                .post("/api/handler/cases/" + caseId + "/labels").then().statusCode(200).body("labels", hasSize(0));
    }

    @Test
    void theCasePageAssignsAndLabelsThroughItsFormsAndTheListFiltersByAssignee() {
        Setup s = aCaseOfTwoHandlers("Caseloads of 70.");
        String h1 = s.h1();
        String h2 = s.h2();
        String path = "/handler/cases/" + s.caseId();

        Browserless b = new Browserless().signIn(h1, WhistleblowingApiTest.PASSWORD);
        b.get(path).then().statusCode(200).body(containsString("id=\"assign-form\""))
                .body(containsString("Labels are not encrypted: do not write what the report says in them."))
                .body(containsString("<dd id=\"case-assignee\">nobody</dd>"));
        // Without the form's token: refused.
        b.post(path + "/assignee", Map.of("assignee", WhistleblowingApiTest.accountId(h1))).then().statusCode(403);
        Response r = b.post(path + "/assignee", Map.of("_csrf", b.token(path), "assignee",
                WhistleblowingApiTest.accountId(h1)));
        assertEquals(303, r.statusCode());
        b.follow(r).then().statusCode(200).body(containsString("<dd id=\"case-assignee\">Handler " + h1 + "</dd>"));
        r = b.post(path + "/labels", Map.of("_csrf", b.token(path), "labels", "retaliation risk, urgent,"));
        assertEquals(303, r.statusCode());
        b.follow(r).then().statusCode(200).body(containsString("<dd id=\"case-labels\">retaliation risk; urgent</dd>"))
                .body(containsString("value=\"retaliation risk, urgent\""));
        // A refused label is named by its place, never quoted back.
        b.post(path + "/labels", Map.of("_csrf", b.token(path), "labels", "urgent, name: A. Wren")).then()
                .statusCode(400).body(containsString("labels: label 2 may hold only letters, digits, spaces and"
                        + " hyphens.")).body(not(containsString("A. Wren")));

        // The list shows both, and "assigned to me" keeps only the handler's own.
        b.get("/handler").then().statusCode(200).body(containsString("retaliation risk; urgent"))
                .body(containsString("Handler " + h1)).body(containsString("/handler?mine=yes"));
        b.get("/handler?mine=yes").then().statusCode(200).body(containsString(path));
        Browserless b2 = new Browserless().signIn(h2, WhistleblowingApiTest.PASSWORD);
        b2.get("/handler?mine=yes").then().statusCode(200).body(not(containsString(path)))
                .body(containsString("No case is assigned to you."));
        b2.get("/handler").then().statusCode(200).body(containsString(path));
        // Unassigned from the page: the empty choice.
        r = b2.post(path + "/assignee", Map.of("_csrf", b2.token(path), "assignee", ""));
        b2.follow(r).then().body(containsString("<dd id=\"case-assignee\">nobody</dd>"));
        WhistleblowingApiTest.as(h1).get("/api/handler/cases").then().body("assignee", hasItem(nullValue()));
    }

    /** An organisation, one channel with two handlers who have keys, and one report to it. */
    record Setup(Org o, String h1, String h2, String channel, String receipt, String caseId) {
    }

    static Setup aCaseOfTwoHandlers(String text) {
        Org o = WhistleblowingApiTest.organisation();
        String h1 = WhistleblowingApiTest.account(o, "HANDLER");
        String h2 = WhistleblowingApiTest.account(o, "HANDLER");
        String casework = WhistleblowingApiTest.channel(o, "Union casework", List.of(h1, h2));
        WhistleblowingApiTest.key(h1);
        WhistleblowingApiTest.key(h2);
        String receipt = given().contentType(ContentType.JSON)
                .body(WhistleblowingApiTest.filing(List.of(casework), text))
                .post("/api/v1/reports/" + o.slug()).then().statusCode(201).extract().path("receipt");
        String caseId = WhistleblowingApiTest.as(h1).get("/api/handler/cases").then().statusCode(200)
                .body("$", hasSize(1)).extract().path("[0].id");
        return new Setup(o, h1, h2, casework, receipt, caseId);
    }

    private static String followUpPage(String receipt) {
        Browserless reporter = new Browserless();
        Map<String, String> hidden = reporter.hiddenFields("/report/follow-up");
        Map<String, String> form = new HashMap<>(hidden);
        form.put("receipt", receipt);
        Response r = reporter.post("/report/follow-up", form);
        return r.asString();
    }
}
