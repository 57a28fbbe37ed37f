package org.candour.results;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.candour.db.EmbeddedPostgresTestResource;
import org.candour.response.MixScheduler;
import org.candour.support.Fixtures;
import org.candour.support.Fixtures.OpenSurvey;
import org.candour.support.Staff;
import org.junit.jupiter.api.Test;

/**
 * The release ledger records every figure before it is first shown (the open view's band, then the
 * whole release after close, once however often it is viewed), cannot be changed, and withholds a
 * release that would show a recorded figure with another value.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresTestResource.class)
class ReleaseLedgerTest {

    @Inject
    DataSource dataSource;

    @Inject
    MixScheduler mixer;

    @Test
    void everyFigureIsRecordedOnceBeforeItIsShownAndTheLedgerCannotChange() throws Exception {
        OpenSurvey s = Fixtures.openSurvey();
        String results = "/admin/surveys/" + s.id() + "/results";
        Staff.admin().get(results).then().statusCode(200);
        Staff.admin().get(results).then().statusCode(200);
        assertEquals(List.of("open view: fewer than 10"), ledger(s));
        for (int i = 0; i < 12; i++) {
            ResultsApiTest.spend(s, s.teamA().get(i), 4, i);
        }
        mixer.cycle();
        Staff.admin().get(results).then().statusCode(200);
        assertEquals(List.of("open view: 10 to 19", "open view: fewer than 10"), ledger(s));

        Fixtures.close(s.id());
        String csv = Staff.admin().get("/api/admin/surveys/" + s.id() + "/results.csv").then().statusCode(200)
                .extract().asString();
        List<String> recorded = ledger(s);
        int size = recorded.size();
        // Every CSV line is a recorded figure (the CSV names units by their imported ids and names, the
        // ledger by internal id), and so is each unit's participation.
        JsonPath json = Staff.admin().get("/api/admin/surveys/" + s.id() + "/results").then().statusCode(200)
                .extract().jsonPath();
        Map<String, String> idByName = new java.util.HashMap<>();
        json.getList("participation", Map.class).forEach(u -> idByName.put((String) u.get("name"), (String) u.get("unitId")));
        for (String line : csv.lines().skip(1).toList()) {
            // Split at commas outside quotes (labels hold commas), then drop the quotes.
            String[] f = line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
            for (int i = 0; i < f.length; i++) {
                f[i] = f[i].replace("\"", "");
            }
            String value = f[5].isEmpty() ? "not shown" : f[5];
            String figure = String.join(" | ", f[0], idByName.get(f[2]), "", "", f[3]);
            assertTrue(recorded.contains("results: " + figure + " = " + value), line + " not in " + recorded);
        }
        assertTrue(recorded.stream().anyMatch(r -> r.startsWith("results: participation | ")), recorded.toString());
        // Looked at again, in every view: nothing new.
        Staff.admin().get(results).then().statusCode(200);
        Staff.admin().get("/api/admin/surveys/" + s.id() + "/results").then().statusCode(200);
        assertEquals(size, ledger(s).size());
        Staff.admin().get(results + "/ledger").then().statusCode(200).body(containsString("10 to 19"))
                .body(containsString("participation | "));

        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            for (String change : List.of("update release_ledger set value = '1'", "delete from release_ledger",
                    "truncate release_ledger")) {
                SQLException refused = assertThrows(SQLException.class, () -> st.execute(change));
                assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());
            }
        }
        assertEquals(size, ledger(s).size());
    }

    @Test
    void aReleaseThatWouldShowARecordedFigureWithAnotherValueIsWithheld() throws Exception {
        OpenSurvey s = Fixtures.openSurvey();
        for (int i = 0; i < 12; i++) {
            ResultsApiTest.spend(s, s.teamA().get(i), 4, i);
        }
        Fixtures.close(s.id());
        // Say the organisation's participation had once been shown as 11.
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "insert into release_ledger (survey_id, place, figure, value) values (?, 'results', ?, '11')")) {
            st.setObject(1, UUID.fromString(s.id()));
            st.setString(2, String.join(" | ", ReleasedFigures.PARTICIPATION, "", "", "", "respondents"));
            st.executeUpdate();
        }
        Staff.admin().get("/api/admin/surveys/" + s.id() + "/results").then().statusCode(409)
                .body("error", containsString("withheld"));
        Staff.admin().get("/api/admin/surveys/" + s.id() + "/results.csv").then().statusCode(409);
        assertEquals(1, ledger(s).size(), "nothing of the withheld release was recorded");
    }

    /** The survey's ledger as "place: figure = value" (open view: "place: value"), in the ledger's order. */
    private static List<String> ledger(OpenSurvey s) {
        JsonPath json = Staff.admin().get("/api/admin/surveys/" + s.id() + "/ledger").then().statusCode(200)
                .extract().jsonPath();
        List<Map<String, String>> entries = json.getList("$");
        return entries.stream().map(e -> e.get("place").equals(ReleaseLedger.OPEN_VIEW) ? e.get("place") + ": "
                + e.get("value") : e.get("place") + ": " + e.get("figure") + " = " + e.get("value"))
                .collect(Collectors.toList());
    }
}
