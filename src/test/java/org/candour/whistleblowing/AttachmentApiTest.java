package org.candour.whistleblowing;

import static io.restassured.RestAssured.given;
import static org.candour.whistleblowing.WhistleblowingApiTest.KEY_PASSPHRASE;
import static org.candour.whistleblowing.WhistleblowingApiTest.account;
import static org.candour.whistleblowing.WhistleblowingApiTest.as;
import static org.candour.whistleblowing.WhistleblowingApiTest.channel;
import static org.candour.whistleblowing.WhistleblowingApiTest.filing;
import static org.candour.whistleblowing.WhistleblowingApiTest.key;
import static org.candour.whistleblowing.WhistleblowingApiTest.organisation;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.candour.db.EmbeddedPostgresTestResource;
import org.candour.support.Unique;
import org.junit.jupiter.api.Test;

/**
 * The same journey through the JSON API: a report with a Word file comes back as a draft with what was
 * removed, is sent, and the handler saves the file with their passphrase; the handler replies with a
 * picture, and the reporter saves it and answers with a file of their own.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresTestResource.class)
class AttachmentApiTest {

    @Test
    void filesTravelThroughTheJsonApiCleanedAndSealed() throws Exception {
        var setup = WhistleblowingApiTest.casework();
        var o = setup.org();
        String handler = setup.handler();
        String channelId = setup.channelId();
        String marker = "Api marker " + Unique.name("m");
        String report = new ObjectMapper().writeValueAsString(filing(List.of(channelId), marker));

        // Without files the upload refuses and says where to go; with one, a draft comes back and nothing is filed.
        given().multiPart("report", report, "application/json").post("/api/uploads/reports/" + o.slug()).then()
                .statusCode(400).body("error", containsString("/api/v1/reports/" + o.slug()));
        JsonPath draft = given().multiPart("report", report, "application/json")
                .multiPart("file", "notes.docx", AttachmentCleanerTest.docxWithEverything(), "application/octet-stream")
                .post("/api/uploads/reports/" + o.slug()).then().statusCode(200).body("files", hasSize(1))
                .body("files[0].name", is("notes.docx")).extract().jsonPath();
        assertFalse(draft.getList("files[0].removed").isEmpty());
        as(handler).get("/api/handler/cases").then().statusCode(200).body("$", hasSize(0));
        String receipt = given().contentType(ContentType.JSON).body(Map.of("draft", draft.getString("draft"), "key",
                draft.getString("key"))).post("/api/v1/reports/" + o.slug() + "/draft").then().statusCode(201).extract()
                .path("receipt");

        // The handler finds the file in the opened case and saves it: the author is gone.
        String caseId = as(handler).get("/api/handler/cases").then().statusCode(200).extract().path("[0].id");
        JsonPath opened = as(handler).contentType(ContentType.JSON).body(Map.of("passphrase", KEY_PASSPHRASE))
                .post("/api/handler/cases/" + caseId + "/open").then().statusCode(200).extract().jsonPath();
        assertEquals(1, opened.getInt("files.all[0].seq"));
        byte[] docx = as(handler).contentType(ContentType.JSON).body(Map.of("passphrase", KEY_PASSPHRASE, "n", 1))
                .post("/api/handler/cases/" + caseId + "/file").then().statusCode(200).extract().asByteArray();
        assertFalse(AttachmentUploadTest.anyPartContains(docx, AttachmentCleanerTest.NAME));
        as(handler).contentType(ContentType.JSON).body(Map.of("passphrase", KEY_PASSPHRASE, "n", 9))
                .post("/api/handler/cases/" + caseId + "/file").then().statusCode(404);

        // The handler replies with a picture; the reporter saves it and answers with a text file.
        as(handler).multiPart("text", "The chart we have.").multiPart("file", "chart.png",
                AttachmentCleanerTest.pngWithText(20, 10), "image/png").post("/api/uploads/handler/cases/" + caseId
                        + "/reply").then().statusCode(201).body("files[0].name", is("chart.png"));
        JsonPath view = given().contentType(ContentType.JSON).body(Map.of("receipt", receipt))
                .post("/api/v1/reports/follow-up").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("notes.docx", "chart.png"), view.getList("files.all.name"));
        byte[] png = given().contentType(ContentType.JSON).body(Map.of("receipt", receipt, "n", 2))
                .post("/api/v1/reports/follow-up/file").then().statusCode(200).extract().asByteArray();
        assertTrue(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png)) != null);
        JsonPath answer = given().multiPart("message", "My own notes.").multiPart("file", "notes.txt",
                "Dates I wrote down.".getBytes(StandardCharsets.UTF_8), "text/plain")
                .post("/api/uploads/reports/follow-up").then().statusCode(200).extract().jsonPath();
        given().contentType(ContentType.JSON).body(Map.of("receipt", receipt, "draft", answer.getString("draft"), "key",
                answer.getString("key"))).post("/api/v1/reports/follow-up/draft").then().statusCode(200)
                .body("files.all", hasSize(3)).body("messages[-1].text", is("My own notes."));
        // A wrong receipt opens no file.
        given().contentType(ContentType.JSON).body(Map.of("receipt", "not a receipt", "n", 1))
                .post("/api/v1/reports/follow-up/file").then().statusCode(400);
    }
}
