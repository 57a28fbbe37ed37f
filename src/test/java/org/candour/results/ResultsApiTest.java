package org.candour.results;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;
import org.candour.response.MixScheduler;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.candour.db.EmbeddedPostgresTestResource;
import org.candour.response.MixScheduler;
import org.candour.response.ResponseApiTest;
import org.candour.support.Fixtures;
import org.candour.support.Fixtures.OpenSurvey;
import org.candour.support.Spends;
import org.candour.support.Staff;
import org.junit.jupiter.api.Test;

/**
 * Results of a closed survey through the API: Team A answers 12 times, the region's pooled group 5
 * times (k = 10). Team A alone would leave 5 in the region, so only the organisation and the region
 * are shown, and Team A carries no number anywhere: JSON, CSV or page.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresTestResource.class)
public class ResultsApiTest {

    @Inject
    MixScheduler mixer;

    /** A closed survey with 12 responses from Team A (likert 4: positive) and 5 from the region's group (likert 2). */
    public static OpenSurvey closedWithResults() {
        OpenSurvey s = Fixtures.openSurvey();
        for (int i = 0; i < 12; i++) {
            spend(s, s.teamA().get(i), 4, i);
        }
        for (int i = 0; i < 5; i++) {
            spend(s, s.teamB().get(i), 2, i);
        }
        Fixtures.close(s.id());
        return s;
    }

    public static void spend(OpenSurvey s, String code, int likert, int hours) {
        Spends.spend(s.id(), Fixtures.pass(s.id(), code), ResponseApiTest.answers(likert, hours)).then().statusCode(201);
    }

    /**
     * Headline figures first: Team A's 10 and the region's other 10 each split 5 positive, 5 negative, so
     * no unit shows a category on its own (5 is below k), yet the organisation shows both: 10 and 10.
     */
    @Test
    void theOrganisationRowShowsEveryCategoryThatAtLeastKChose() {
        OpenSurvey s = Fixtures.openSurvey();
        for (int i = 0; i < 10; i++) {
            spend(s, s.teamA().get(i), i < 5 ? 4 : 2, i);
            spend(s, s.teamB().get(i), i < 5 ? 4 : 2, i);
        }
        Fixtures.close(s.id());
        JsonPath json = Staff.admin().get("/api/admin/surveys/" + s.id() + "/results").then().statusCode(200)
                .extract().jsonPath();
        String q = "questions.find { it.questionId == 'workload-manageable' }.units";
        assertEquals(Map.of("positive", 10, "negative", 10), subset(json.getMap(q + ".find { it.unitId == '' }.categories"),
                "positive", "negative"));
        Map<String, Object> teamA = json.getMap(q + ".find { it.name == 'Team A' }.categories");
        assertFalse(teamA.containsKey("positive") || teamA.containsKey("negative"), "Team A's 5 and 5 stay merged: " + teamA);
        assertEquals(10, (int) json.getInt(q + ".find { it.name == 'Team A' }.respondents"));
        String page = Staff.admin().get("/admin/surveys/" + s.id() + "/results").then().statusCode(200).extract().asString();
        assertTrue(page.contains("Whole organisation, 20 respondents: Positive (Agree, Strongly agree) 10 (50%); "
                + "Neutral (Neither agree nor disagree) 0 (0%); Negative (Strongly disagree, Disagree) 10 (50%)"),
                "the organisation's bar says both");
    }

    @Test
    void whileOpenOnlyBandedCountsAndAfterCloseTheLaminarRelease() {
        OpenSurvey open = Fixtures.openSurvey();
        Staff.admin().get("/api/admin/surveys/" + open.id() + "/results").then().statusCode(409)
                .body("error", containsString("once the survey has closed"));
        given().get("/api/v1/surveys/" + open.id()).then().statusCode(200).body("breakdowns", nullValue());
        Staff.admin().get("/admin/surveys/" + open.id() + "/results").then().statusCode(200)
                .body(containsString("fewer than 10"));
        // 12 of team A and 3 of team B answer; the mix moves team A's key (k held), B's 3 stay held.
        for (int i = 0; i < 12; i++) {
            spend(open, open.teamA().get(i), 4, i);
        }
        for (int i = 0; i < 3; i++) {
            spend(open, open.teamB().get(i), 2, i);
        }
        mixer.cycle();
        String openPage = Staff.admin().get("/admin/surveys/" + open.id() + "/results").then().statusCode(200)
                .extract().asString();
        assertTrue(openPage.contains("<td>10 to 19</td>"), "the survey's mixed responses in a band of k: " + openPage);
        assertTrue(openPage.contains("<td>22</td>"), "invited: " + openPage);
        for (String unit : List.of("Team A", "Team B", "Region", "fewer than 10")) {
            assertFalse(openPage.contains(unit), "nothing per unit while open: " + unit);
        }

        OpenSurvey s = closedWithResults();
        JsonPath json = Staff.admin().get("/api/admin/surveys/" + s.id() + "/results").then().statusCode(200)
                .body("k", equalTo(10)).extract().jsonPath();
        List<Map<String, Object>> units = json.getList("questions.find { it.questionId == 'workload-manageable' }.units");
        Map<String, Object> org = units.stream().filter(u -> "".equals(u.get("unitId"))).findFirst().orElseThrow();
        assertTrue((Boolean) org.get("released"));
        Map<String, Object> region = units.stream().filter(u -> "Region".equals(u.get("name"))).findFirst().orElseThrow();
        assertTrue((Boolean) region.get("released"));
        Map<String, Object> teamA = units.stream().filter(u -> "Team A".equals(u.get("name"))).findFirst().orElseThrow();
        assertFalse((Boolean) teamA.get("released"), "Team A alone would leave 5 in the region");
        assertTrue(teamA.get("respondents") == null && teamA.get("categories") == null, teamA.toString());
        // Organisation: 17 respondents, 12 positive; negative 5 is below k and merged with what is needed.
        Staff.admin().get("/api/admin/surveys/" + s.id() + "/results").then()
                .body("questions.find { it.questionId == 'workload-manageable' }.units.find { it.unitId == '' }.respondents",
                        equalTo(17))
                .body("questions.find { it.questionId == 'workload-manageable' }.units.find { it.name == 'Team A' }.respondents",
                        nullValue())
                .body("questions.find { it.questionId == 'one-change' }.note", containsString("trustees"));
        String csv = Staff.admin().get("/api/admin/surveys/" + s.id() + "/results.csv").then().statusCode(200)
                .extract().asString();
        for (String line : csv.split("\n")) {
            if (line.contains("\"Team A\"")) {
                assertTrue(line.endsWith(",not shown,\"Not shown (fewer than k)\","), line);
            }
        }
        String page = Staff.admin().get("/admin/surveys/" + s.id() + "/results").then().statusCode(200).extract().asString();
        assertTrue(page.contains("Team A: not shown"), "the withheld unit is marked");
        // Figures are the same everywhere: what the JSON says of the organisation, the page's text alternative says.
        assertTrue(page.contains("Whole organisation, 17 respondents"), "page and JSON agree");
    }

    /**
     * A survey broken down by role (k = 10): Team A has 10 POs (all positive) and 10 PSOs (7 positive, 3
     * negative); the rest of the region 10 POs (all negative). Each team's PSOs are split off inside the
     * team first, so the PSOs' 3 negatives stay merged, while the POs' figures are shown per band.
     */
    @Test
    void aBreakdownDemographicSplitsEachUnitByBandFirst() throws Exception {
        OpenSurvey s = closedWithBreakdown();
        given().get("/api/v1/surveys/" + s.id()).then().statusCode(200).body("breakdowns", equalTo(List.of("role")));
        assertTrue(Staff.admin().get("/admin/surveys/" + s.id()).then().statusCode(200).extract().asString()
                .contains("Results break every other question down by this one"), "the survey's page says so");
        JsonPath json = Staff.admin().get("/api/admin/surveys/" + s.id() + "/results").then().statusCode(200)
                .body("breakdowns", equalTo(List.of("role"))).extract().jsonPath();
        String q = "questions.find { it.questionId == 'workload-manageable' }";
        List<Map<String, Object>> bands = json.getList(q + ".units.find { it.unitId == '' }.bands");
        assertEquals(List.of(
                Map.of("breakdown", "role", "band", "pso", "bands", List.of("pso"), "respondents", 10,
                        "categories", Map.of("neutral", 0, "no-answer", 0), "other", 10,
                        "merged", List.of("positive", "negative")),
                Map.of("breakdown", "role", "band", "po", "bands", List.of("po"), "respondents", 20,
                        "categories", Map.of("positive", 10, "neutral", 0, "negative", 10, "no-answer", 0),
                        "other", 0, "merged", List.of())),
                bands.stream().filter(b -> b.get("respondents") instanceof Integer n && n > 0).toList());
        Map<String, Object> teamA = json.getMap(q + ".units.find { it.name == 'Team A' }");
        assertEquals(20, teamA.get("respondents"));
        assertEquals(Map.of("neutral", 0, "no-answer", 0), teamA.get("categories"),
                "positive is exact among Team A's POs but merged among its PSOs, so not shown for the team");
        // The demographic itself is released as it would be without a breakdown, and has no bands.
        String role = "questions.find { it.questionId == 'role' }.units.find { it.unitId == '' }";
        assertEquals(Map.of("po", 20, "pso", 10), subset(json.getMap(role + ".categories"), "po", "pso"));
        assertEquals(null, (Object) json.get(role + ".bands"));
        String csv = Staff.admin().get("/api/admin/surveys/" + s.id() + "/results.csv").then().statusCode(200)
                .extract().asString();
        assertTrue(csv.startsWith("question_id,unit_id,unit_name,breakdown,band,band_label,category,category_label,count\n"),
                csv);
        assertTrue(csv.contains("workload-manageable,,\"Whole organisation\",role,po,\"Probation officer (PO)\",negative,"
                + "\"Negative (Strongly disagree, Disagree)\",10\n"), csv);
        assertTrue(csv.contains("workload-manageable,,\"Whole organisation\",role,pso,\"Probation services officer (PSO)\","
                + "other: positive+negative,"
                + "\"Other: Positive (Agree, Strongly agree) + Negative (Strongly disagree, Disagree)\",10\n"), csv);
        assertTrue(csv.contains("workload-manageable,,\"Whole organisation\",,,,respondents,\"Respondents\",30\n"), csv);
        // The question page shows the same rows, with text alternatives; the demographic's own page says what it is.
        String page = Staff.admin().get("/admin/surveys/" + s.id() + "/results/questions/workload-manageable").then()
                .statusCode(200).extract().asString();
        assertTrue(page.contains("Broken down by “Which of these best describes your role?”"), page);
        assertTrue(page.contains("Whole organisation: Probation officer (PO), 20 respondents: Positive (Agree, Strongly agree) 10 (50%);"),
                "the organisation's PO row");
        assertTrue(page.contains("Team A: Probation services officer (PSO), 10 respondents: Neutral"), "Team A's PSO row");
        assertTrue(page.contains("Other demographics") && page.contains("“How long have you worked in probation?”"),
                "the other demographics are named as not broken down");
        assertFalse(page.contains("Team A: Probation services officer (PSO), 10 respondents: Positive"),
                "Team A's PSOs' positive count (7) is never shown");
        String rolePage = Staff.admin().get("/admin/surveys/" + s.id() + "/results/questions/role").then()
                .statusCode(200).extract().asString();
        assertTrue(rolePage.contains("This is one of the survey's breakdown demographics"), rolePage);
        // The stored counts carry each response's band; the count from the stored responses agrees.
        java.util.UUID id = java.util.UUID.fromString(s.id());
        ResultsService.Results kept = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> service.compute(org.candour.survey.Survey.findById(id)));
        try (var c = dataSource.getConnection(); var st = c.prepareStatement(
                "select count(distinct band) from answer_count where survey_id = ?")) {
            st.setObject(1, id);
            try (var rs = st.executeQuery()) {
                rs.next();
                assertEquals(2, rs.getInt(1), "po and pso");
            }
        }
        try (var c = dataSource.getConnection(); var st = c.prepareStatement(
                "delete from answer_count where survey_id = ?")) {
            st.setObject(1, id);
            assertTrue(st.executeUpdate() > 20);
        }
        assertEquals(kept, io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> service.compute(org.candour.survey.Survey.findById(id))), "the fallback count gives the same release");
    }

    /**
     * A closed survey broken down by role: Team A 10 POs (likert 4) and 10 PSOs (7 × 4, 3 × 2); the rest of
     * the region 10 POs (likert 2).
     */
    public static OpenSurvey closedWithBreakdown() {
        OpenSurvey s = Fixtures.openSurvey(20, "role");
        for (int i = 0; i < 20; i++) {
            spend(s, s.teamA().get(i), i < 17 ? 4 : 2, i < 10 ? "po" : "pso");
        }
        for (int i = 0; i < 10; i++) {
            spend(s, s.teamB().get(i), 2, "po");
        }
        Fixtures.close(s.id());
        return s;
    }

    private static Map<String, Object> subset(Map<String, Object> map, String... keys) {
        Map<String, Object> out = new java.util.HashMap<>();
        for (String k : keys) {
            out.put(k, map.get(k));
        }
        return out;
    }

    /**
     * A survey broken down by role and then length of service (k = 10). Team A: 10 POs (5 of 0-1 years,
     * 5 of 2-5, all positive) and 10 PSOs (11+ years; 7 positive, 3 negative); the rest of the region 10
     * POs of 2-5 years, all negative. Inside Team A's POs, neither length of service reaches k, so they are
     * one part; no row or figure says how many POs of 0-1 years there are anywhere.
     */
    @Test
    void aChainOfBreakdownsSplitsByEachDemographicInTurn() throws Exception {
        OpenSurvey s = closedWithChain();
        given().get("/api/v1/surveys/" + s.id()).then().statusCode(200)
                .body("breakdowns", equalTo(List.of("role", "length-of-service")));
        assertTrue(Staff.admin().get("/admin/surveys/" + s.id()).then().statusCode(200).extract().asString()
                .contains("except the breakdown demographics before it"), "the survey's page says how the chain nests");
        JsonPath json = Staff.admin().get("/api/admin/surveys/" + s.id() + "/results").then().statusCode(200)
                .body("breakdowns", equalTo(List.of("role", "length-of-service"))).extract().jsonPath();
        String q = "questions.find { it.questionId == 'workload-manageable' }";
        List<Map<String, Object>> whole = json.getList(q + ".units.find { it.unitId == '' }.bands");
        List<Map<String, Object>> byLength = whole.stream().filter(b -> "length-of-service".equals(b.get("breakdown"))
                && b.get("respondents") instanceof Integer n && n > 0).toList();
        assertEquals(List.of(
                Map.of("breakdown", "length-of-service", "band", "11-plus", "bands", List.of("11-plus"), "respondents", 10,
                        "categories", Map.of("neutral", 0, "no-answer", 0), "other", 10, "merged", List.of("positive", "negative")),
                Map.of("breakdown", "length-of-service", "bands", List.of("0-1", "2-5"), "respondents", 20,
                        "categories", Map.of("positive", 10, "neutral", 0, "negative", 10, "no-answer", 0), "other", 0,
                        "merged", List.of())), byLength);
        assertEquals(List.of(10, 20), whole.stream().filter(b -> "role".equals(b.get("breakdown"))
                && b.get("respondents") instanceof Integer n && n > 0).map(b -> b.get("respondents")).toList(),
                "the rows by role are those of the one-level breakdown: PSOs 10, POs 20");
        List<Map<String, Object>> everyRow = json.getList(q + ".units.findAll { it.bands != null }.bands.flatten()");
        assertTrue(everyRow.size() > 10, everyRow.toString());
        assertTrue(everyRow.stream().noneMatch(b -> "0-1".equals(b.get("band")) || "2-5".equals(b.get("band"))),
                "Team A's 5 POs of 0-1 years and 5 of 2-5 are never a row: " + everyRow);
        // Length of service is itself broken down by role; role is not broken down.
        String length = "questions.find { it.questionId == 'length-of-service' }.units.find { it.name == 'Team A' }";
        assertEquals(List.of("role"), json.<Map<String, Object>>getList(length + ".bands").stream()
                .map(b -> b.get("breakdown")).distinct().toList());
        assertEquals(Map.of("11-plus", 10), subset(json.getMap(length + ".bands.find { it.band == 'pso' }.categories"),
                "11-plus"));
        assertEquals(null, (Object) json.get("questions.find { it.questionId == 'role' }.units.find { it.unitId == '' }.bands"));
        String csv = Staff.admin().get("/api/admin/surveys/" + s.id() + "/results.csv").then().statusCode(200)
                .extract().asString();
        assertTrue(csv.contains("workload-manageable,,\"Whole organisation\",length-of-service,11-plus,"
                + "\"11 years or more\",respondents,\"Respondents\",10\n"), csv);
        assertTrue(csv.contains("workload-manageable,,\"Whole organisation\",length-of-service,other: 0-1+2-5,"
                + "\"Other: Less than 2 years + 2 to 5 years\",negative,"
                + "\"Negative (Strongly disagree, Disagree)\",10\n"), csv);
        assertTrue(csv.contains("workload-manageable,,\"Whole organisation\",role,po,\"Probation officer (PO)\",respondents,"
                + "\"Respondents\",20\n"), csv);
        String page = Staff.admin().get("/admin/surveys/" + s.id() + "/results/questions/workload-manageable").then()
                .statusCode(200).extract().asString();
        assertTrue(page.contains("Broken down by “Which of these best describes your role?”")
                && page.contains("Broken down by “How long have you worked in probation?”"), page);
        assertTrue(page.contains("Whole organisation: other bands together (Less than 2 years, 2 to 5 years), 20 respondents: Positive"), page);
        String lengthPage = Staff.admin().get("/admin/surveys/" + s.id() + "/results/questions/length-of-service").then()
                .statusCode(200).extract().asString();
        assertTrue(lengthPage.contains("This is one of the survey's breakdown demographics")
                && lengthPage.contains("Broken down by “Which of these best describes your role?”"), lengthPage);
        // The stored counts carry both answers in each band; counting from the stored responses agrees.
        java.util.UUID id = java.util.UUID.fromString(s.id());
        ResultsService.Results kept = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> service.compute(org.candour.survey.Survey.findById(id)));
        try (var c = dataSource.getConnection(); var st = c.prepareStatement(
                "select array_agg(distinct band order by band) from answer_count where survey_id = ?")) {
            st.setObject(1, id);
            try (var rs = st.executeQuery()) {
                rs.next();
                assertEquals(List.of("po/0-1", "po/2-5", "pso/11-plus"), List.of((Object[]) rs.getArray(1).getArray()));
            }
        }
        try (var c = dataSource.getConnection(); var st = c.prepareStatement("delete from answer_count where survey_id = ?")) {
            st.setObject(1, id);
            assertTrue(st.executeUpdate() > 20);
        }
        assertEquals(kept, io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> service.compute(org.candour.survey.Survey.findById(id))), "the fallback count gives the same release");
    }

    /** The survey of {@link #aChainOfBreakdownsSplitsByEachDemographicInTurn}, closed. */
    public static OpenSurvey closedWithChain() {
        OpenSurvey s = Fixtures.openSurvey(20, List.of("role", "length-of-service"));
        for (int i = 0; i < 20; i++) {
            spend(s, s.teamA().get(i), i < 17 ? 4 : 2, i < 10 ? "po" : "pso", i < 5 ? "0-1" : i < 10 ? "2-5" : "11-plus");
        }
        for (int i = 0; i < 10; i++) {
            spend(s, s.teamB().get(i), 2, "po", "2-5");
        }
        Fixtures.close(s.id());
        return s;
    }

    static void spend(OpenSurvey s, String code, int likert, String role, String length) {
        List<Map<String, Object>> answers = new java.util.ArrayList<>(ResponseApiTest.answers(likert, 1));
        answers.add(Map.of("questionId", "role", "value", role));
        answers.add(Map.of("questionId", "length-of-service", "value", length));
        Spends.spend(s.id(), Fixtures.pass(s.id(), code), answers).then().statusCode(201);
    }

    static void spend(OpenSurvey s, String code, int likert, String role) {
        List<Map<String, Object>> answers = new java.util.ArrayList<>(ResponseApiTest.answers(likert, 1));
        answers.add(Map.of("questionId", "role", "value", role));
        Spends.spend(s.id(), Fixtures.pass(s.id(), code), answers).then().statusCode(201);
    }

    /** A question's own page shows the organisation's distribution and every unit, with exactly the JSON's figures. */
    @Test
    void aQuestionPageShowsTheSameFiguresAsTheJson() {
        OpenSurvey s = closedWithResults();
        JsonPath json = Staff.admin().get("/api/admin/surveys/" + s.id() + "/results").then().statusCode(200)
                .extract().jsonPath();
        String q = "questions.find { it.questionId == 'workload-manageable' }";
        Map<String, String> labels = new java.util.HashMap<>();
        for (Map<String, String> c : json.<Map<String, String>>getList(q + ".categories")) {
            labels.put(c.get("id"), c.get("label"));
        }
        Map<String, Integer> orgCategories = json.getMap(q + ".units.find { it.unitId == '' }.categories");
        int other = json.getInt(q + ".units.find { it.unitId == '' }.other");
        assertEquals(17, orgCategories.values().stream().mapToInt(Integer::intValue).sum() + other);

        String page = Staff.admin().get("/admin/surveys/" + s.id() + "/results/questions/workload-manageable").then()
                .statusCode(200).extract().asString();
        assertTrue(page.contains("<h1>My workload is manageable within my contracted hours.</h1>"), "the question is the page's heading");
        for (Map.Entry<String, Integer> e : orgCategories.entrySet()) {
            String alt = labels.get(e.getKey()) + ": " + e.getValue() + " of 17 respondents";
            assertTrue(page.contains(alt), "the organisation's bar for " + e.getKey() + " says " + alt);
        }
        if (other > 0) {
            assertTrue(page.contains(other + " of 17 respondents"), "what is not shown separately has its bar too");
        }
        assertTrue(page.contains("Team A: not shown"), "the withheld unit is marked");
        assertTrue(page.contains("Whole organisation, 17 respondents"), "the unit chart is the dashboard's");
        assertTrue(page.contains("By demographic") && page.contains("“Which of these best describes your role?”"),
                "the demographic breakdown says it is not shown, naming the survey's demographic questions");
        assertTrue(page.contains("/results/questions/caseload\" rel=\"next\""), "links to the next question");
        assertFalse(page.contains("rel=\"prev\""), "the first question has no previous one");
        // The dashboard links to it; a free-text question's page has its note and no unit or demographic sections.
        Staff.admin().get("/admin/surveys/" + s.id() + "/results").then().statusCode(200)
                .body(containsString("/results/questions/workload-manageable\">This question on its own page"));
        String text = Staff.admin().get("/admin/surveys/" + s.id() + "/results/questions/one-change").then()
                .statusCode(200).extract().asString();
        assertTrue(text.contains("trustees"), "the comments note");
        assertFalse(text.contains("By demographic"));
        Staff.admin().get("/admin/surveys/" + s.id() + "/results/questions/no-such-question").then().statusCode(404)
                .body(containsString("This survey has no question with id 'no-such-question'."));
        given().redirects().follow(false).get("/admin/surveys/" + s.id() + "/results/questions/workload-manageable")
                .then().statusCode(302);
    }

    /**
     * Multi-choice and number questions (k = 10): Team A 20 respondents, the region's pool 10. Every one
     * chose "evenings-weekends"; Team A also "work-through-breaks", the pool "cancel-leave". Unpaid
     * hours: Team A 0..19, the pool 35, released in the ranges 0 to 9, 10 to 19, 20 to 29, 30 to 40.
     * Each option is a question of its own over the same respondents, so its figures are exact
     * wherever the chosen and not-chosen counts are each 0 or at least k.
     */
    @Test
    void multiChoiceOptionsAndNumberRangesAreReleasedLikeQuestions() {
        OpenSurvey s = Fixtures.openSurvey(20);
        for (int i = 0; i < 20; i++) {
            spendWith(s, s.teamA().get(i), i, List.of("work-through-breaks", "evenings-weekends"));
        }
        for (int i = 0; i < 10; i++) {
            spendWith(s, s.teamB().get(i), 35, List.of("evenings-weekends", "cancel-leave"));
        }
        Fixtures.close(s.id());
        JsonPath json = Staff.admin().get("/api/admin/surveys/" + s.id() + "/results").then().statusCode(200)
                .extract().jsonPath();
        String multi = "questions.find { it.questionId == 'workload-effects' }";
        assertEquals("multi", json.getString(multi + ".type"));
        assertEquals(List.of(), json.getList(multi + ".units"), "a multi question has no units of its own");
        assertEquals(7, json.getList(multi + ".parts").size(), "one part per option");
        String breaks = multi + ".parts.find { it.questionId == 'workload-effects/work-through-breaks' }";
        assertEquals(Map.of("chosen", 20, "not-chosen", 10), json.getMap(breaks + ".units.find { it.unitId == '' }.categories"));
        assertEquals(Map.of("chosen", 20, "not-chosen", 0), json.getMap(breaks + ".units.find { it.name == 'Team A' }.categories"));
        assertEquals(Map.of("chosen", 30, "not-chosen", 0), json.getMap(
                multi + ".parts.find { it.questionId == 'workload-effects/evenings-weekends' }.units.find { it.unitId == '' }.categories"));
        assertEquals(Map.of("chosen", 0, "not-chosen", 30), json.getMap(
                multi + ".parts.find { it.questionId == 'workload-effects/none' }.units.find { it.unitId == '' }.categories"));
        assertEquals(Map.of("chosen", 0, "not-chosen", 30), json.getMap(
                "questions.find { it.questionId == 'incidents' }.parts[0].units.find { it.unitId == '' }.categories"),
                "a question nobody answered");
        assertTrue(json.getString("questions.find { it.questionId == 'leaving-reasons' }.note")
                .contains("limits how many options one person may choose"), "at most 3 of 9: not released");
        assertEquals(null, json.getList("questions.find { it.questionId == 'leaving-reasons' }.parts"), "no parts");
        String surveyPage = Staff.admin().get("/admin/surveys/" + s.id()).then().statusCode(200).extract().asString();
        assertEquals(1, surveyPage.split("<span class=\"tag\">not shown in results</span>", -1).length - 1,
                "the survey's page warns of the one multi question results cannot show");
        assertTrue(surveyPage.contains("Make it optional with no limit on choices to have it shown."), "and says why");
        String hours = "questions.find { it.questionId == 'unpaid-hours' }";
        assertEquals(List.of("0 to 9", "10 to 19", "20 to 29", "30 to 40", "No answer"), json.getList(hours + ".categories.label"));
        assertEquals(Map.of("r0", 10, "r1", 10, "r2", 0, "r3", 10, "no-answer", 0),
                json.getMap(hours + ".units.find { it.unitId == '' }.categories"));
        assertEquals(Map.of("r0", 10, "r1", 10, "r2", 0, "r3", 0, "no-answer", 0),
                json.getMap(hours + ".units.find { it.name == 'Team A' }.categories"));

        String csv = Staff.admin().get("/api/admin/surveys/" + s.id() + "/results.csv").then().statusCode(200)
                .extract().asString();
        assertTrue(csv.contains("workload-effects/work-through-breaks,,\"Whole organisation\",chosen,\"Chose it\",20\n"), csv);
        // Units by the ids they were imported with, categories with their labels.
        assertTrue(csv.contains("unpaid-hours,,\"Whole organisation\",r3,\"30 to 40\",10\n"), csv);
        assertTrue(csv.contains("unpaid-hours,\"a\",\"Team A\",r0,\"0 to 9\",10\n"), csv);

        String label = json.getString(breaks + ".text");
        String page = Staff.admin().get("/admin/surveys/" + s.id() + "/results/questions/workload-effects").then()
                .statusCode(200).extract().asString();
        assertTrue(page.contains(label + ": chosen by 20 of 30 respondents (67%)."), "the option's organisation bar");
        assertTrue(page.contains("Whole organisation, 30 respondents: Chose it 20 (67%); Did not choose it, or did not answer 10 (33%)"),
                "each option's unit chart");
        Staff.admin().get("/admin/surveys/" + s.id() + "/results").then().statusCode(200)
                .body(containsString("People could choose more than one option"))
                .body(containsString("Whole organisation, 30 respondents: 0 to 9 10 (33%)"));
    }

    @jakarta.inject.Inject
    ResultsService service;

    @jakarta.inject.Inject
    io.agroal.api.AgroalDataSource dataSource;

    /** Counting from the stored responses (the fallback when answer_count is incomplete) gives the same release. */
    @Test
    void theKeptCountsAndACountFromTheResponsesAgree() throws Exception {
        OpenSurvey s = Fixtures.openSurvey(20);
        for (int i = 0; i < 20; i++) {
            spendWith(s, s.teamA().get(i), i, i % 2 == 0 ? List.of("work-through-breaks") : List.of("cancel-leave", "none"));
        }
        Fixtures.close(s.id());
        java.util.UUID id = java.util.UUID.fromString(s.id());
        ResultsService.Results kept = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> service.compute(org.candour.survey.Survey.findById(id)));
        // Migration V8, which counts multi-choice answers mixed before it, gives what the mix counted.
        String v8 = new String(getClass().getResourceAsStream("/db/migration/V8__multi_choice_counts.sql").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        try (var c = dataSource.getConnection(); var st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("create temp table v8_check (like answer_count including defaults) on commit drop");
            st.execute(v8.replace("insert into answer_count", "insert into v8_check"));
            String rows = "select question_id, value, sum(n) from %s where survey_id = '" + id
                    + "' and question_id = 'workload-effects' group by 1, 2 order by 1, 2";
            List<String> migrated = new java.util.ArrayList<>();
            List<String> mixed = new java.util.ArrayList<>();
            for (var pair : List.of(Map.entry("v8_check", migrated), Map.entry("answer_count", mixed))) {
                try (var rs = st.executeQuery(String.format(rows, pair.getKey()))) {
                    while (rs.next()) {
                        pair.getValue().add(rs.getString(1) + "=" + rs.getString(2) + ":" + rs.getLong(3));
                    }
                }
            }
            c.rollback();
            assertEquals(List.of("workload-effects=cancel-leave:10", "workload-effects=none:10",
                    "workload-effects=work-through-breaks:10"), mixed);
            assertEquals(mixed, migrated);
        }
        try (var c = dataSource.getConnection(); var st = c.prepareStatement(
                "delete from answer_count where survey_id = ?")) {
            st.setObject(1, id);
            assertTrue(st.executeUpdate() > 20);
        }
        ResultsService.Results counted = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> service.compute(org.candour.survey.Survey.findById(id)));
        assertEquals(kept, counted);
        assertEquals(10, counted.questions().stream().filter(q -> q.questionId().equals("workload-effects")).findFirst()
                .orElseThrow().parts().stream().filter(p -> p.questionId().endsWith("/none")).findFirst().orElseThrow()
                .release().unit(LaminarRelease.ORGANISATION).categories().get("chosen"));
    }

    static void spendWith(OpenSurvey s, String code, int hours, List<String> effects) {
        List<Map<String, Object>> answers = new java.util.ArrayList<>(ResponseApiTest.answers(4, hours));
        answers.add(Map.of("questionId", "workload-effects", "value", effects));
        Spends.spend(s.id(), Fixtures.pass(s.id(), code), answers).then().statusCode(201);
    }

    /** Unlocked comments appear redacted for a question with at least k of them, and not for one with fewer. */
    @Test
    void unlockedCommentsAreShownRedactedOnlyWhereAtLeastKWroteOne() {
        OpenSurvey s = Fixtures.openSurvey();
        for (int i = 0; i < 12; i++) {
            List<Map<String, Object>> answers = i < 2
                    ? org.candour.custody.CustodyApiTest.withComments(s.id(), i, "Mail me at jo" + i + "@example.org about Team A, or ask Sarah Jones",
                            "second comment " + i)
                    : org.candour.custody.CustodyApiTest.withComments(s.id(), i, "Mail me at jo" + i
                            + "@example.org about Team A, or ask Sarah Jones");
            Spends.spend(s.id(), Fixtures.pass(s.id(), s.teamA().get(i)), answers).then().statusCode(201);
        }
        Fixtures.close(s.id());
        Staff.admin().get("/admin/surveys/" + s.id() + "/results").then().statusCode(200)
                .body(containsString("once enough trustees have unlocked them"));
        var trustees = org.candour.support.Trustees.shared();
        org.candour.support.Trustees.present(trustees.get(0), s.id(), org.candour.support.Trustees.PASSPHRASE)
                .then().statusCode(200);
        org.candour.support.Trustees.present(trustees.get(1), s.id(), org.candour.support.Trustees.PASSPHRASE)
                .then().statusCode(200).body("unlocked", equalTo(true));
        String page = Staff.admin().get("/admin/surveys/" + s.id() + "/results").then().statusCode(200).extract().asString();
        assertTrue(page.contains("12 comments, redacted, in random order."), "the first comment question is shown");
        assertTrue(page.contains("Mail me at [email address] about [unit], or ask [name]"), "redacted");
        assertFalse(page.contains("Sarah"), "no name survives");
        assertFalse(page.contains("@example.org"), "no address survives");
        assertFalse(page.contains("second comment"), "2 comments < k are not shown");
        assertTrue(page.contains("Fewer than 10 people wrote a comment here"));
        Staff.admin().delete("/api/admin/surveys/" + s.id() + "/unlock").then().statusCode(204);
    }

    @Test
    void resultsAreForAdminsAndPublishersOfTheOrganisationOnly() {
        OpenSurvey s = Fixtures.openSurvey();
        given().get("/api/admin/surveys/" + s.id() + "/results").then().statusCode(401);
        org.candour.support.Trustees.shared().get(0).request().get("/api/admin/surveys/" + s.id() + "/results")
                .then().statusCode(403);
    }
}
