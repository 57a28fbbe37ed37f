package org.candour.whistleblowing;

import static org.candour.whistleblowing.WhistleblowingApiTest.KEY_PASSPHRASE;
import static org.candour.whistleblowing.WhistleblowingApiTest.PASSWORD;
import static org.candour.whistleblowing.WhistleblowingApiTest.account;
import static org.candour.whistleblowing.WhistleblowingApiTest.as;
import static org.candour.whistleblowing.WhistleblowingApiTest.channel;
import static org.candour.whistleblowing.WhistleblowingApiTest.key;
import static org.candour.whistleblowing.WhistleblowingApiTest.organisation;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import javax.sql.DataSource;
import org.candour.db.EmbeddedPostgresTestResource;
import org.candour.support.Browserless;
import org.candour.support.OperatorView;
import org.candour.support.Unique;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Files through the pages, as a browser sends them: a report with a Word file by a named author is
 * cleaned and shown for review before anything is filed; sent, the handler downloads it with their
 * passphrase and finds no trace of the author; the handler replies with a picture, the reporter saves
 * it and answers with a photo holding GPS, reviewed likewise. Nothing of a file is on disk or in a
 * table in the clear, and the limits answer with clear 4xx.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresTestResource.class)
class AttachmentUploadTest {

    static final Pattern WORD = Pattern.compile("<span>([a-z]+)</span>");
    static final Pattern FILE_BUTTON = Pattern.compile("name=\"n\" value=\"(\\d+)\"[^>]*>([^<]+)</button>");

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "quarkus.http.body.uploads-directory")
    String uploadsDirectory;

    @Test
    void aReportsFilesAreReviewedCleanedSealedAndReadOnBothSides() throws Exception {
        String marker = "Marker " + Unique.name("m");
        List<String> uploadsBefore = listing(Path.of(uploadsDirectory));
        var setup = WhistleblowingApiTest.casework();
        var o = setup.org();
        String handler = setup.handler();
        String channelId = setup.channelId();

        // The reporter writes a report with a Word file whose properties, comments and revisions name its author.
        Browserless reporter = new Browserless();
        assertTrue(reporter.get("/report/" + o.slug()).asString().contains("action=\"/uploads/report/" + o.slug() + "\""));
        Map<String, String> fields = new HashMap<>(reporter.hiddenFields("/report/" + o.slug()));
        fields.put("channel", channelId);
        fields.put("category", "Bullying");
        fields.put("text", "The rota was changed to punish us. " + marker);
        byte[] docx = AttachmentCleanerTest.docxWithEverything();
        Response review = reporter.postFile("/uploads/report/" + o.slug(), fields, "file", "notes.docx", docx,
                "application/octet-stream");
        assertEquals(200, review.statusCode(), review.asString());
        String page = review.asString();
        assertTrue(page.contains("Nothing has been sent yet"), page);
        assertTrue(page.contains("notes.docx"), page);
        assertTrue(page.contains("Found and removed"), page);
        assertFalse(page.contains(AttachmentCleanerTest.NAME), "the review names what was removed, never a value");
        assertEquals(0, reportsOf(o.id()), "nothing is filed before the reporter sends it");
        assertEquals(1, count("wb_draft where true"), "held as one sealed draft");

        // A wrong key opens nothing and keeps the draft; the right one files the report once.
        Map<String, String> confirm = hidden(page);
        Map<String, String> wrong = new HashMap<>(confirm);
        wrong.put("key", "A".repeat(43));
        assertEquals(400, reporter.post("/report/" + o.slug() + "/confirm", wrong).statusCode());
        Response receiptPage = reporter.post("/report/" + o.slug() + "/confirm", confirm);
        assertEquals(201, receiptPage.statusCode(), receiptPage.asString());
        String receipt = words(receiptPage.asString());
        assertEquals(1, reportsOf(o.id()));
        assertEquals(0, count("wb_draft where true"), "the draft is gone with the filing");
        // Sent again (the Back button): refused, as the form's token was spent or the draft is gone.
        Response again = reporter.post("/report/" + o.slug() + "/confirm", confirm);
        assertTrue(again.statusCode() == 403 || again.statusCode() == 404, "nothing filed twice: " + again.statusCode());
        assertEquals(1, reportsOf(o.id()));

        // The handler opens the case with their passphrase, sees the file, saves it: no trace of the author.
        Browserless h = new Browserless().signIn(handler, PASSWORD);
        String caseId = as(handler).get("/api/handler/cases").then().statusCode(200).extract().path("[0].id");
        String opened = h.post("/handler/cases/" + caseId + "/open", Map.of("_csrf", h.token("/handler/cases/" + caseId),
                "passphrase", KEY_PASSPHRASE)).asString();
        assertTrue(opened.contains(marker), "the report opens");
        Matcher button = FILE_BUTTON.matcher(opened);
        assertTrue(button.find(), opened);
        assertEquals("notes.docx", button.group(2));
        Map<String, String> download = Map.of("_csrf", h.token("/handler/cases/" + caseId), "passphrase", KEY_PASSPHRASE,
                "n", button.group(1));
        Response saved = h.post("/handler/cases/" + caseId + "/file", download);
        assertEquals(200, saved.statusCode());
        assertTrue(saved.header("Content-Disposition").startsWith("attachment; filename=\"notes.docx\""));
        byte[] cleanedDocx = saved.asByteArray();
        assertFalse(anyPartContains(cleanedDocx, AttachmentCleanerTest.NAME), "the author is in no part of the file");
        assertTrue(anyPartContains(cleanedDocx, "Visible paragraph about the meeting."), "what the file says is kept");
        Map<String, String> wrongPassphrase = new HashMap<>(download);
        wrongPassphrase.put("passphrase", "not my passphrase at all");
        assertEquals(403, h.post("/handler/cases/" + caseId + "/file", wrongPassphrase).statusCode());

        // The handler replies with a picture.
        byte[] png = AttachmentCleanerTest.pngWithText(40, 30);
        Response replied = h.postFile("/uploads/handler/cases/" + caseId + "/reply", Map.of("_csrf",
                h.token("/handler/cases/" + caseId), "text", "Here is the rota we found."), "file", "rota.png", png,
                "image/png");
        assertEquals(303, replied.statusCode(), replied.asString());
        assertTrue(replied.header("Location").endsWith("notice=reply-files-sent"));

        // The reporter returns with the receipt, reads the reply, saves the picture.
        Map<String, String> followUp = reporter.hiddenFields("/report/follow-up");
        followUp.put("receipt", receipt);
        String thread = reporter.post("/report/follow-up", followUp).asString();
        assertTrue(thread.contains("Here is the rota we found."), thread);
        List<String[]> files = buttons(thread);
        assertEquals(List.of("notes.docx", "rota.png"), files.stream().map(f -> f[1]).toList());
        Map<String, String> threadForms = hidden(thread.substring(thread.lastIndexOf("<form", thread.indexOf("id=\"file-form\""))));
        Response picture = reporter.post("/report/follow-up/file", Map.of("_csrf", threadForms.get("_csrf"), "receipt",
                receipt, "n", files.get(1)[0]));
        assertEquals(200, picture.statusCode());
        assertTrue(ImageIO.read(new ByteArrayInputStream(picture.asByteArray())) != null, "a picture");
        assertFalse(new String(picture.asByteArray(), StandardCharsets.ISO_8859_1).contains(AttachmentCleanerTest.NAME),
                "the handler's picture lost its text chunks too");

        // The reporter answers with a photo holding GPS: reviewed, then sent.
        Map<String, String> reply = hidden(thread.substring(thread.lastIndexOf("<form", thread.indexOf("id=\"reply-form\""))));
        reply.put("message", "This is the rota from before. " + marker);
        byte[] jpeg = AttachmentCleanerTest.jpegWithExif(32, 24, 1);
        String reviewAnswer = reporter.postFile("/uploads/follow-up", reply, "file", "IMG_0001.jpg", jpeg,
                "image/jpeg").asString();
        assertTrue(reviewAnswer.contains("Check your files, then send your answer"), reviewAnswer);
        String after = reporter.post("/report/follow-up/confirm", hidden(reviewAnswer)).asString();
        assertTrue(after.contains("This is the rota from before."), after);
        assertEquals(3, buttons(after).size());

        // A handler of another channel of the same organisation, with a key, opens nothing and saves nothing.
        String other = account(o, "HANDLER");
        channel(o, "Speak-up guardian", List.of(other));
        key(other);
        Browserless stranger = new Browserless().signIn(other, PASSWORD);
        assertEquals(404, stranger.post("/handler/cases/" + caseId + "/file", Map.of("_csrf", stranger.token("/handler"),
                "passphrase", KEY_PASSPHRASE, "n", "1")).statusCode());
        assertEquals(404, as(other).contentType("application/json").body(Map.of("passphrase", KEY_PASSPHRASE))
                .post("/api/handler/cases/" + caseId + "/open").statusCode());

        // Nothing of the report, the answers or the files is in any whistleblowing table in the clear, nor
        // (as the operator holds them) in any table, the log, the data files or the WAL; no file part went
        // to the uploads directory.
        assertEquals(3, count("wb_attachment where report_id = '" + caseId + "'"), "the three files are stored");
        for (String needle : List.of(marker, AttachmentCleanerTest.NAME, "Visible paragraph about the meeting",
                "notes.docx", "rota.png", "IMG_0001")) {
            OperatorView.rowsHolding(dataSource, needle).forEach((table, n) -> assertEquals(0, n, needle + " in " + table));
        }
        for (String needle : List.of(marker, "Visible paragraph about the meeting", "Here is the rota we found")) {
            OperatorView.assertNowhere(dataSource, needle, Path.of(uploadsDirectory));
        }
        assertEquals(uploadsBefore, listing(Path.of(uploadsDirectory)), "no upload was written to disk");
    }

    @Test
    void refusedFilesAndOversizeFormsGetClear4xxAndLeaveNothing() throws Exception {
        var setup = WhistleblowingApiTest.casework();
        var o = setup.org();
        String handler = setup.handler();
        String channelId = setup.channelId();
        Browserless reporter = new Browserless();
        Map<String, String> fields = new HashMap<>(reporter.hiddenFields("/report/" + o.slug()));
        fields.put("channel", channelId);
        fields.put("category", "Bullying");
        fields.put("text", "Something happened.");
        long drafts = count("wb_draft where true");

        Response program = reporter.postFile("/uploads/report/" + o.slug(), fields, "file", "rota.pdf",
                "MZ\u0090\u0000 not a pdf at all".getBytes(StandardCharsets.ISO_8859_1), "application/pdf");
        assertEquals(415, program.statusCode());
        assertTrue(program.asString().contains("PDF"), program.asString());

        byte[] big = new byte[AttachmentCleaner.MAX_FILE_BYTES + 1];
        java.util.Arrays.fill(big, (byte) 'a');
        Response tooBig = reporter.postFile("/uploads/report/" + o.slug(), fields, "file", "long.txt", big, "text/plain");
        assertEquals(413, tooBig.statusCode());
        assertTrue(tooBig.asString().contains("larger than the 10.0 MiB"), tooBig.asString());

        // Files together over 25 MiB: sent chunked (as REST Assured sends a multipart form), the cleaner refuses;
        // declared in Content-Length (as a browser sends it), the body limit refuses before reading it.
        byte[] huge = new byte[26 * 1024 * 1024];
        Response tooMuch = reporter.postFile("/uploads/report/" + o.slug(), fields, "file", "huge.txt", huge, "text/plain");
        assertEquals(413, tooMuch.statusCode());
        assertTrue(tooMuch.asString().contains("at most 25.0 MiB"), tooMuch.asString());
        Response declared = RestAssured.given().contentType("multipart/form-data; boundary=xyz").accept("text/html")
                .body(new byte[27 * 1024 * 1024]).post("/uploads/report/" + o.slug());
        assertEquals(413, declared.statusCode());
        assertTrue(declared.asString().contains("10 MiB each and 25 MiB together"), declared.asString());

        // Outside the forms that carry files the limit stays 4 MiB.
        Response json = RestAssured.given().contentType("application/json").body(new byte[5 * 1024 * 1024])
                .post("/api/v1/reports/" + o.slug());
        assertEquals(413, json.statusCode());

        Response notMultipart = reporter.post("/uploads/report/" + o.slug(), fields);
        assertTrue(notMultipart.statusCode() == 415 || notMultipart.statusCode() == 400, "" + notMultipart.statusCode());

        Map<String, String> nul = new HashMap<>(fields);
        nul.put("text", "Something\u0000happened.");
        Response withNul = reporter.postFile("/uploads/report/" + o.slug(), nul, "file", "a.txt",
                "hello".getBytes(StandardCharsets.UTF_8), "text/plain");
        assertEquals(400, withNul.statusCode());
        assertTrue(withNul.asString().contains("U+0000"), withNul.asString());

        Map<String, String> forged = new HashMap<>(fields);
        forged.put("_csrf", "x".repeat(43));
        assertEquals(403, reporter.postFile("/uploads/report/" + o.slug(), forged, "file", "a.txt",
                "hello".getBytes(StandardCharsets.UTF_8), "text/plain").statusCode());

        assertEquals(drafts, count("wb_draft where true"));
        assertEquals(0, reportsOf(o.id()));
    }

    static String words(String receiptPage) {
        Matcher m = WORD.matcher(receiptPage);
        List<String> words = new ArrayList<>();
        while (m.find()) {
            words.add(m.group(1));
        }
        assertEquals(7, words.size(), receiptPage);
        return String.join(" ", words);
    }

    /** The hidden fields of the first form in {@code html}. */
    static Map<String, String> hidden(String html) {
        int start = html.indexOf("<form");
        String form = html.substring(start, html.indexOf("</form>", start));
        Map<String, String> out = new HashMap<>();
        Matcher m = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">").matcher(form);
        while (m.find()) {
            out.put(m.group(1), m.group(2).replace("&#39;", "'").replace("&amp;", "&"));
        }
        return out;
    }

    static List<String[]> buttons(String html) {
        List<String[]> out = new ArrayList<>();
        Matcher m = FILE_BUTTON.matcher(html);
        while (m.find()) {
            out.add(new String[] {m.group(1), m.group(2)});
        }
        return out;
    }

    static boolean anyPartContains(byte[] zip, String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).contains(
                        new String(needle, StandardCharsets.ISO_8859_1))) {
                    return true;
                }
            }
        }
        return false;
    }

    static List<String> listing(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(Path::toString).sorted().toList();
        }
    }

    long reportsOf(String organisationId) throws Exception {
        return count("wb_report where organisation_id = '" + organisationId + "'");
    }

    long count(String fromWhere) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select count(*) from " + fromWhere)) {
            r.next();
            return r.getLong(1);
        }
    }
}
