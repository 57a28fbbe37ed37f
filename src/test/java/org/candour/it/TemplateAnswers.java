package org.candour.it;

import static io.restassured.RestAssured.given;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.candour.support.Staff;

/** Answers to the probation template's required questions, read from the jar's own template and survey. */
final class TemplateAnswers {

    private final String plans;
    private final String text;

    /** Reads the "plans" option from the template and the survey's first free-text question. */
    TemplateAnswers(String surveyId) {
        plans = Staff.admin().get("/api/admin/survey-templates/probation-wellbeing").then().statusCode(200)
                .extract().path("questions.find { it.id == 'plans' }.options[0].id");
        text = given().get("/api/v1/surveys/" + surveyId).then().statusCode(200).extract()
                .path("questions.find { it.type == 'text' }.id");
    }

    /** The required answers only. */
    List<Map<String, Object>> required() {
        return List.of(Map.of("questionId", "workload-manageable", "value", 2),
                Map.of("questionId", "caseload", "value", 45),
                Map.of("questionId", "unpaid-hours", "value", 5),
                Map.of("questionId", "time-for-quality", "value", 3),
                Map.of("questionId", "trust-senior-leaders", "value", 2),
                Map.of("questionId", "safe-to-speak-up", "value", 1),
                Map.of("questionId", "plans", "value", plans));
    }

    /** The required answers and a comment in the first free-text question. */
    List<Map<String, Object>> with(String comment) {
        List<Map<String, Object>> answers = new ArrayList<>(required());
        answers.add(Map.of("questionId", text, "value", comment));
        return answers;
    }
}
