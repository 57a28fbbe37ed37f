package org.candour.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.http.ContentType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Generates invitations through the admin API and returns the codes from the CSV. */
public final class Invitations {

    private Invitations() {
    }

    public static List<String> generate(String surveyId, String unitId, int count) {
        String csv = Staff.admin().contentType(ContentType.JSON).accept("text/csv")
                .body(Map.of("unitId", unitId, "count", count))
                .post("/api/admin/surveys/" + surveyId + "/invitations")
                .then().statusCode(200).extract().asString();
        List<String> lines = Arrays.asList(csv.split("\r\n"));
        assertEquals("code,unit_id,unit_name", lines.get(0));
        List<String> codes = lines.subList(1, lines.size()).stream().map(l -> l.split(",")[0]).toList();
        assertEquals(count, codes.size());
        return codes;
    }
}
