package org.candour.survey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.candour.survey.SurveyDefinition.Question;
import org.candour.survey.SurveyDefinition.QuestionType;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SurveyDefinitionParserTest {

    private static final String TEMPLATE = "/survey-templates/probation-wellbeing.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern PROBLEM = Pattern.compile("^(\\$|[A-Za-z]+(\\[\\d+\\]|\\.[A-Za-z]+)*): .+");

    // ---------------------------------------------------------------------------------------
    // Helpers

    /** JSON written with single quotes, for readability. */
    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    /** A survey around the given question JSON objects. */
    private static String survey(String... questions) {
        return json("{'title':'T','questions':[" + String.join(",", questions) + "]}");
    }

    private static final String LIKERT = "{'id':'q1','type':'likert5','text':'Q'}";

    private static List<String> problems(String json) {
        InvalidSurveyDefinitionException e = assertThrows(InvalidSurveyDefinitionException.class,
                () -> SurveyDefinitionParser.parse(json));
        checkShape(e);
        return e.problems();
    }

    private static void checkShape(InvalidSurveyDefinitionException e) {
        assertFalse(e.problems().isEmpty());
        assertEquals("The survey definition has " + e.problems().size() + " problem(s)", e.getMessage());
        assertEquals(0, e.getStackTrace().length);
        for (String p : e.problems()) {
            assertTrue(PROBLEM.matcher(p).matches(), () -> "not prefixed by a path: " + p);
            assertTrue(p.length() < 400, () -> "too long: " + p);
            assertFalse(p.contains("\n"), () -> "multi-line: " + p);
        }
    }

    /** Asserts that some problem is at exactly this path and mentions the gist. */
    private static void assertProblem(String json, String path, String gist) {
        List<String> problems = problems(json);
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(path + ": ") && p.contains(gist)),
                () -> "expected " + path + ": ..." + gist + "... in " + problems);
    }

    private static String template() {
        try (InputStream in = SurveyDefinitionParserTest.class.getResourceAsStream(TEMPLATE)) {
            assertNotNull(in, TEMPLATE);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String demographic(String hierarchy) {
        return survey(json("{'id':'service','type':'single','text':'Service','demographic':true,'options':["
                + "{'id':'a','label':'0-1'},{'id':'b','label':'2-5'},{'id':'c','label':'6-10'},"
                + "{'id':'d','label':'11+'}]" + (hierarchy == null ? "" : ",'hierarchy':" + hierarchy) + "}"));
    }

    // ---------------------------------------------------------------------------------------

    @Nested
    class Template {

        @Test
        void parsesAndRoundTrips() {
            SurveyDefinition d = SurveyDefinitionParser.parse(template());
            assertEquals(10, d.k());
            String canonical = SurveyDefinitionParser.toJson(d);
            SurveyDefinition again = SurveyDefinitionParser.parse(canonical);
            assertEquals(d, again);
            assertEquals(canonical, SurveyDefinitionParser.toJson(again));
            assertEquals(d, SurveyDefinitionParser.parse(template().getBytes(StandardCharsets.UTF_8)));
        }

        @Test
        void hasTheShapeTheBriefAsksFor() {
            SurveyDefinition d = SurveyDefinitionParser.parse(template());
            List<Question> qs = d.questions();
            assertTrue(qs.size() >= 25 && qs.size() <= 40, "25 to 40 questions");
            for (QuestionType t : QuestionType.values()) {
                assertTrue(qs.stream().anyMatch(q -> q.type() == t), "uses " + t);
            }
            List<Question> texts = qs.stream().filter(q -> q.type() == QuestionType.TEXT).toList();
            assertTrue(texts.size() >= 3 && texts.size() <= 4);
            assertTrue(texts.stream().noneMatch(Question::required), "free text is optional");

            List<Question> demographics = d.demographics();
            assertEquals(3, demographics.size());
            assertEquals(demographics, qs.subList(qs.size() - 3, qs.size()), "demographics come last");
            assertTrue(demographics.stream().noneMatch(Question::required), "demographics are optional");
            assertTrue(demographics.stream().allMatch(q -> !q.hierarchy().isEmpty()));

            Question service = d.question("length-of-service").orElseThrow();
            assertEquals(List.of("0-1", "2-5", "6-10", "11-plus"),
                    service.options().stream().map(SurveyDefinition.Option::id).toList());
            assertEquals(List.of(List.of("0-1", "2-5"), List.of("6-10", "11-plus")),
                    service.hierarchy().get(0).stream().map(SurveyDefinition.BandGroup::options).toList());

            Question caseload = d.question("caseload").orElseThrow();
            assertEquals(0, caseload.min().compareTo(BigDecimal.ZERO));
            assertEquals(0, caseload.max().compareTo(new BigDecimal(200)));
            Question unpaid = d.question("unpaid-hours").orElseThrow();
            assertEquals(0, unpaid.max().compareTo(new BigDecimal(40)));
        }

        @Test
        void documentedExampleParses() throws IOException {
            String doc = Files.readString(Path.of("docs", "survey-format.md"));
            int start = doc.indexOf("```json\n") + "```json\n".length();
            String example = doc.substring(start, doc.indexOf("```", start));
            SurveyDefinition d = SurveyDefinitionParser.parse(example);
            assertEquals(5, d.questions().size());
            assertEquals(1, d.demographics().size());
        }

        @Test
        void asksNothingThatIdentifiesAPerson() {
            Pattern identifying = Pattern.compile(
                    "\\b(your name|name of|which team|your team|what team|your office|date of birth|how old|your age"
                            + "|postcode|email|phone number|staff number)\\b",
                    Pattern.CASE_INSENSITIVE);
            for (Question q : SurveyDefinitionParser.parse(template()).questions()) {
                assertFalse(identifying.matcher(q.text()).find(), q.id());
                for (SurveyDefinition.Option o : q.options()) {
                    assertFalse(identifying.matcher(o.label()).find(), q.id() + "/" + o.id());
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------

    @Nested
    class Defaults {

        @Test
        void minimalDefinitionGetsDefaults() {
            SurveyDefinition d = SurveyDefinitionParser.parse(survey(LIKERT,
                    json("{'id':'t','type':'text','text':'Say'}"),
                    json("{'id':'n','type':'number','text':'How many','min':0,'max':10}"),
                    json("{'id':'m','type':'multi','text':'Which','options':[{'id':'a','label':'A'},"
                            + "{'id':'b','label':'B'}]}")));
            assertEquals(SurveyDefinition.DEFAULT_K, d.k());
            assertEquals(10, d.k());
            assertEquals(null, d.description());
            Question likert = d.question("q1").orElseThrow();
            assertEquals(SurveyDefinition.DEFAULT_LIKERT5_LABELS, likert.labels());
            assertEquals(5, likert.labels().size());
            assertFalse(likert.required());
            assertEquals(2000, d.question("t").orElseThrow().maxLength());
            assertTrue(d.question("n").orElseThrow().integer());
            assertEquals(null, d.question("m").orElseThrow().maxChoices());
            assertTrue(d.question("absent").isEmpty());
            assertTrue(d.demographics().isEmpty());
            assertEquals(d, SurveyDefinitionParser.parse(SurveyDefinitionParser.toJson(d)));
        }

        @Test
        void kBoundsAreInclusive() {
            assertEquals(5, SurveyDefinitionParser.parse(json("{'title':'T','k':5,'questions':[" + LIKERT + "]}")).k());
            assertEquals(1000,
                    SurveyDefinitionParser.parse(json("{'title':'T','k':1000,'questions':[" + LIKERT + "]}")).k());
        }

        @Test
        void nullOptionalFieldsAreAbsent() {
            SurveyDefinition d = SurveyDefinitionParser.parse(json("{'title':'T','description':null,'k':null,"
                    + "'questions':[{'id':'q1','type':'likert5','text':'Q','help':null,'required':null,"
                    + "'labels':null}]}"));
            assertEquals(10, d.k());
            assertEquals(null, d.questions().get(0).help());
        }

        @Test
        void customLikertLabelsAndDecimalNumbersRoundTrip() {
            SurveyDefinition d = SurveyDefinitionParser.parse(survey(
                    json("{'id':'q1','type':'likert5','text':'Q','labels':['Never','Rarely','Sometimes','Often',"
                            + "'Always'],'required':true}"),
                    json("{'id':'n','type':'number','text':'FTE','min':0.10,'max':1.0,'integer':false}")));
            assertEquals(List.of("Never", "Rarely", "Sometimes", "Often", "Always"), d.questions().get(0).labels());
            Question n = d.question("n").orElseThrow();
            assertEquals(new BigDecimal("0.1"), n.min());
            assertEquals(new BigDecimal("1"), n.max());
            assertEquals(d, SurveyDefinitionParser.parse(SurveyDefinitionParser.toJson(d)));
        }

        @Test
        void recordsAreImmutable() {
            SurveyDefinition d = SurveyDefinitionParser.parse(template());
            assertThrows(UnsupportedOperationException.class, () -> d.questions().clear());
            assertThrows(UnsupportedOperationException.class, () -> d.questions().get(2).options().clear());
            assertThrows(UnsupportedOperationException.class,
                    () -> d.demographics().get(0).hierarchy().get(0).clear());
        }
    }

    // ---------------------------------------------------------------------------------------

    @Nested
    class Survey {

        @Test
        void kBelowFiveIsRejected() {
            assertProblem(json("{'title':'T','k':4,'questions':[" + LIKERT + "]}"), "k", "between 5 and 1000");
            assertProblem(json("{'title':'T','k':-1,'questions':[" + LIKERT + "]}"), "k", "between 5 and 1000");
        }

        @Test
        void kAboveOneThousandIsRejected() {
            assertProblem(json("{'title':'T','k':1001,'questions':[" + LIKERT + "]}"), "k", "between 5 and 1000");
            assertProblem(json("{'title':'T','k':99999999999999999999999,'questions':[" + LIKERT + "]}"), "k",
                    "between 5 and 1000");
        }

        @Test
        void kMustBeAnInteger() {
            assertProblem(json("{'title':'T','k':'10','questions':[" + LIKERT + "]}"), "k", "must be an integer");
            assertProblem(json("{'title':'T','k':10.5,'questions':[" + LIKERT + "]}"), "k", "must be an integer");
            assertProblem(json("{'title':'T','k':1e1,'questions':[" + LIKERT + "]}"), "k", "must be an integer");
        }

        @Test
        void titleRules() {
            assertProblem(json("{'questions':[" + LIKERT + "]}"), "title", "is required");
            assertProblem(json("{'title':null,'questions':[" + LIKERT + "]}"), "title", "must not be null");
            assertProblem(json("{'title':'','questions':[" + LIKERT + "]}"), "title", "must not be blank");
            assertProblem(json("{'title':'   ','questions':[" + LIKERT + "]}"), "title", "must not be blank");
            assertProblem(json("{'title':3,'questions':[" + LIKERT + "]}"), "title", "must be a string, not a number");
            assertProblem(json("{'title':'" + "x".repeat(201) + "','questions':[" + LIKERT + "]}"), "title",
                    "the limit is 200");
            assertProblem(json("{'title':'a\\u0007b','questions':[" + LIKERT + "]}"), "title", "control character");
            SurveyDefinitionParser.parse(json("{'title':'" + "x".repeat(200) + "','questions':[" + LIKERT + "]}"));
        }

        @Test
        void descriptionRules() {
            assertProblem(json("{'title':'T','description':'" + "x".repeat(4001) + "','questions':[" + LIKERT + "]}"),
                    "description", "the limit is 4000");
            assertProblem(json("{'title':'T','description':[],'questions':[" + LIKERT + "]}"), "description",
                    "must be a string, not an array");
            SurveyDefinition d = SurveyDefinitionParser.parse(
                    json("{'title':'T','description':'Line one.\\nLine two.','questions':[" + LIKERT + "]}"));
            assertEquals("Line one.\nLine two.", d.description());
        }

        @Test
        void questionsRules() {
            assertProblem(json("{'title':'T'}"), "questions", "is required");
            assertProblem(json("{'title':'T','questions':[]}"), "questions", "at least 1 question");
            assertProblem(json("{'title':'T','questions':{}}"), "questions", "must be an array, not an object");
            List<String> many = new ArrayList<>();
            for (int i = 0; i < 201; i++) {
                many.add("{'id':'q" + i + "','type':'likert5','text':'Q'}");
            }
            assertProblem(survey(many.toArray(String[]::new)), "questions", "the limit is 200");
            assertProblem(survey("3"), "questions[0]", "must be an object, not a number");
        }

        @Test
        void unknownFieldsAreNamedEverywhere() {
            assertProblem(json("{'title':'T','colour':'red','questions':[" + LIKERT + "]}"), "$",
                    "unknown field \"colour\"");
            assertProblem(survey("{'id':'q1','type':'likert5','text':'Q','weight':2}"), "questions[0]",
                    "unknown field \"weight\"");
            assertProblem(survey("{'id':'q1','type':'single','text':'Q','options':[{'id':'a','label':'A','x':1},"
                    + "{'id':'b','label':'B'}]}"), "questions[0].options[0]", "unknown field \"x\"");
            assertProblem(demographic("[[{'id':'g1','label':'G1','options':['a','b'],'size':2},"
                    + "{'id':'g2','label':'G2','options':['c','d']}]]"), "questions[0].hierarchy[0][0]",
                    "unknown field \"size\"");
        }

        @Test
        void rootMustBeAnObject() {
            assertProblem("[]", "$", "must be a JSON object, not an array");
            assertProblem("null", "$", "must be a JSON object, not null");
            assertProblem("\"survey\"", "$", "must be a JSON object, not a string");
            assertProblem("", "$", "empty input");
            assertProblem("   ", "$", "empty input");
        }

        @Test
        void allProblemsAreCollected() {
            List<String> problems = problems(json("{'title':'','k':2,'questions':["
                    + "{'id':'Bad','type':'likert5','text':'Q'},"
                    + "{'id':'q2','type':'nope','text':''},"
                    + "{'id':'q3','type':'single','text':'Q','options':[{'id':'a','label':'A'}]}]}"));
            assertTrue(problems.size() >= 6, problems::toString);
            assertTrue(problems.stream().anyMatch(p -> p.startsWith("title: ")));
            assertTrue(problems.stream().anyMatch(p -> p.startsWith("k: ")));
            assertTrue(problems.stream().anyMatch(p -> p.startsWith("questions[0].id: ")));
            assertTrue(problems.stream().anyMatch(p -> p.startsWith("questions[1].type: ")));
            assertTrue(problems.stream().anyMatch(p -> p.startsWith("questions[1].text: ")));
            assertTrue(problems.stream().anyMatch(p -> p.startsWith("questions[2].options: ")));
        }

        @Test
        void problemListIsCapped() {
            StringBuilder sb = new StringBuilder("{'title':'T','questions':[" + LIKERT);
            for (int i = 0; i < 150; i++) {
                sb.append(",{'id':'q1','type':'likert5','text':'Q'}");
            }
            List<String> problems = problems(json(sb.append("]}").toString()));
            assertEquals(SurveyDefinitionParser.MAX_PROBLEMS + 1, problems.size());
            assertTrue(problems.get(problems.size() - 1).contains("50 more problem(s) not listed"));
        }

        @Test
        void breakdownNamesOneDemographicAndRoundTrips() {
            String plain = demographic(null);
            String withBreakdown = plain.substring(0, plain.length() - 1) + ",\"breakdown\":\"service\"}";
            SurveyDefinition d = SurveyDefinitionParser.parse(withBreakdown);
            assertEquals(List.of("service"), d.breakdowns());
            assertEquals("service", d.breakdownQuestions().get(0).id());
            assertEquals(0, d.breakdownLevel("service"));
            assertEquals(d, SurveyDefinitionParser.parse(SurveyDefinitionParser.toJson(d)));
            assertTrue(SurveyDefinitionParser.toJson(d).contains("\"breakdown\":\"service\""), "one is written as a string");
            assertEquals(List.of(), SurveyDefinitionParser.parse(demographic(null)).breakdowns());
            assertTrue(SurveyDefinitionParser.parse(demographic(null)).breakdownQuestions().isEmpty());
        }

        private static final String GRADE = "{'id':'grade','type':'single','text':'Grade','demographic':true,'options':["
                + "{'id':'g1','label':'Band 1'},{'id':'g2','label':'Band 2'}]}";

        @Test
        void breakdownMayNameAChainOfDemographicsInOrder() {
            String two = json("{'title':'T','breakdown':['grade','service'],'questions':[" + LIKERT + "," + GRADE + ","
                    + "{'id':'service','type':'single','text':'S','demographic':true,'options':[{'id':'a','label':'A'},"
                    + "{'id':'b','label':'B'}]}]}");
            SurveyDefinition d = SurveyDefinitionParser.parse(two);
            assertEquals(List.of("grade", "service"), d.breakdowns());
            assertEquals(List.of("grade", "service"), d.breakdownQuestions().stream().map(Question::id).toList());
            assertEquals(1, d.breakdownLevel("service"));
            assertEquals(-1, d.breakdownLevel("q1"));
            assertTrue(d.isBreakdown("grade") && !d.isBreakdown("q1"));
            String canonical = SurveyDefinitionParser.toJson(d);
            assertTrue(canonical.contains("\"breakdown\":[\"grade\",\"service\"]"), canonical);
            assertEquals(d, SurveyDefinitionParser.parse(canonical));
        }

        @Test
        void breakdownRules() {
            assertProblem(json("{'title':'T','breakdown':'nope','questions':[" + LIKERT + "]}"), "breakdown",
                    "names no question of this survey: \"nope\"");
            assertProblem(json("{'title':'T','breakdown':'q1','questions':[" + LIKERT + "]}"), "breakdown",
                    "must name a demographic question");
            assertProblem(json("{'title':'T','breakdown':3,'questions':[" + LIKERT + "]}"), "breakdown", "string");
            assertProblem(json("{'title':'T','breakdown':[],'questions':[" + LIKERT + "]}"), "breakdown",
                    "must name 1 to 3 demographic questions, not 0");
            assertProblem(json("{'title':'T','breakdown':['a','b','c','d'],'questions':[" + LIKERT + "]}"), "breakdown",
                    "must name 1 to 3 demographic questions, not 4");
            assertProblem(json("{'title':'T','breakdown':['grade','grade'],'questions':[" + LIKERT + "," + GRADE + "]}"),
                    "breakdown[1]", "\"grade\" is named twice");
            assertProblem(json("{'title':'T','breakdown':['grade','q1'],'questions':[" + LIKERT + "," + GRADE + "]}"),
                    "breakdown[1]", "must name a demographic question");
            assertProblem(json("{'title':'T','breakdown':['grade',7],'questions':[" + LIKERT + "," + GRADE + "]}"),
                    "breakdown[1]", "must be a string, not");
        }
    }

    // ---------------------------------------------------------------------------------------

    @Nested
    class Questions {

        @Test
        void idRules() {
            assertProblem(survey("{'type':'likert5','text':'Q'}"), "questions[0].id", "is required");
            assertProblem(survey("{'id':'Q1','type':'likert5','text':'Q'}"), "questions[0].id",
                    "must match [a-z0-9][a-z0-9_-]{0,63}");
            assertProblem(survey("{'id':'-q','type':'likert5','text':'Q'}"), "questions[0].id", "must match");
            assertProblem(survey("{'id':'q 1','type':'likert5','text':'Q'}"), "questions[0].id", "must match");
            assertProblem(survey("{'id':'" + "a".repeat(65) + "','type':'likert5','text':'Q'}"), "questions[0].id",
                    "must match");
            assertProblem(survey("{'id':7,'type':'likert5','text':'Q'}"), "questions[0].id",
                    "must be a string, not a number");
            assertProblem(survey(LIKERT, "{'id':'q2','type':'likert5','text':'Q'}", LIKERT), "questions[2].id",
                    "duplicate id \"q1\"; already used by questions[0]");
            SurveyDefinitionParser.parse(survey("{'id':'" + "a".repeat(64) + "','type':'likert5','text':'Q'}"));
            SurveyDefinitionParser.parse(survey("{'id':'0_a-b','type':'likert5','text':'Q'}"));
        }

        @Test
        void typeRules() {
            assertProblem(survey("{'id':'q1','text':'Q'}"), "questions[0].type", "is required");
            assertProblem(survey("{'id':'q1','type':'likert7','text':'Q'}"), "questions[0].type",
                    "unknown question type \"likert7\"");
            assertProblem(survey("{'id':'q1','type':'LIKERT5','text':'Q'}"), "questions[0].type",
                    "expected one of likert5, single, multi, text, number");
            assertProblem(survey("{'id':'q1','type':null,'text':'Q'}"), "questions[0].type", "must not be null");
        }

        @Test
        void textHelpAndRequiredRules() {
            assertProblem(survey("{'id':'q1','type':'likert5'}"), "questions[0].text", "is required");
            assertProblem(survey("{'id':'q1','type':'likert5','text':''}"), "questions[0].text", "must not be blank");
            assertProblem(survey("{'id':'q1','type':'likert5','text':'" + "x".repeat(1001) + "'}"),
                    "questions[0].text", "the limit is 1000");
            assertProblem(survey("{'id':'q1','type':'likert5','text':'Q','help':'" + "x".repeat(2001) + "'}"),
                    "questions[0].help", "the limit is 2000");
            assertProblem(survey("{'id':'q1','type':'likert5','text':'Q','required':'yes'}"),
                    "questions[0].required", "must be true or false, not a string");
            assertProblem(survey("{'id':'q1','type':'likert5','text':'Q','required':1}"),
                    "questions[0].required", "must be true or false");
        }

        @Test
        void fieldsThatDoNotBelongToTheTypeAreRejected() {
            assertProblem(survey("{'id':'q1','type':'likert5','text':'Q','options':[]}"), "questions[0].options",
                    "does not belong to a \"likert5\" question");
            assertProblem(survey("{'id':'q1','type':'single','text':'Q','labels':['a','b','c','d','e'],"
                    + "'options':[{'id':'a','label':'A'},{'id':'b','label':'B'}]}"), "questions[0].labels",
                    "does not belong to a \"single\" question");
            assertProblem(survey("{'id':'q1','type':'single','text':'Q','maxChoices':1,"
                    + "'options':[{'id':'a','label':'A'},{'id':'b','label':'B'}]}"), "questions[0].maxChoices",
                    "does not belong to a \"single\" question");
            assertProblem(survey("{'id':'q1','type':'text','text':'Q','min':1}"), "questions[0].min",
                    "does not belong to a \"text\" question");
            assertProblem(survey("{'id':'q1','type':'number','text':'Q','min':1,'max':2,'maxLength':5}"),
                    "questions[0].maxLength", "does not belong to a \"number\" question");
            assertProblem(survey("{'id':'q1','type':'multi','text':'Q','integer':true,"
                    + "'options':[{'id':'a','label':'A'},{'id':'b','label':'B'}]}"), "questions[0].integer",
                    "does not belong to a \"multi\" question");
        }

        @Test
        void likertLabelRules() {
            assertProblem(survey("{'id':'q1','type':'likert5','text':'Q','labels':['a','b','c','d']}"),
                    "questions[0].labels", "exactly 5 labels, not 4");
            assertProblem(survey("{'id':'q1','type':'likert5','text':'Q','labels':['a','b','c','d','e','f']}"),
                    "questions[0].labels", "exactly 5 labels, not 6");
            assertProblem(survey("{'id':'q1','type':'likert5','text':'Q','labels':['a','b','','d','e']}"),
                    "questions[0].labels[2]", "must not be blank");
            assertProblem(survey("{'id':'q1','type':'likert5','text':'Q','labels':['a','b',3,'d','e']}"),
                    "questions[0].labels[2]", "must be a string, not a number");
            assertProblem(survey("{'id':'q1','type':'likert5','text':'Q','labels':['a','b',null,'d','e']}"),
                    "questions[0].labels[2]", "must not be null");
            assertProblem(survey("{'id':'q1','type':'likert5','text':'Q','labels':'agree'}"),
                    "questions[0].labels", "must be an array");
        }

        @Test
        void optionRules() {
            assertProblem(survey("{'id':'q1','type':'single','text':'Q'}"), "questions[0].options",
                    "is required for a \"single\" question");
            assertProblem(survey("{'id':'q1','type':'multi','text':'Q','options':null}"), "questions[0].options",
                    "must not be null");
            assertProblem(survey("{'id':'q1','type':'single','text':'Q','options':[{'id':'a','label':'A'}]}"),
                    "questions[0].options", "has 1 options; a question needs 2 to 50");
            List<String> many = new ArrayList<>();
            for (int i = 0; i < 51; i++) {
                many.add("{'id':'o" + i + "','label':'O'}");
            }
            assertProblem(survey("{'id':'q1','type':'single','text':'Q','options':[" + String.join(",", many)
                    + "]}"), "questions[0].options", "has 51 options");
            assertProblem(survey("{'id':'q1','type':'single','text':'Q','options':[{'id':'a','label':'A'},"
                    + "{'id':'A','label':'B'}]}"), "questions[0].options[1].id", "must match");
            assertProblem(survey("{'id':'q1','type':'single','text':'Q','options':[{'id':'a','label':'A'},"
                    + "{'id':'a','label':'B'}]}"), "questions[0].options[1].id",
                    "duplicate id \"a\"; already used by options[0]");
            assertProblem(survey("{'id':'q1','type':'single','text':'Q','options':[{'id':'a','label':''},"
                    + "{'id':'b','label':'B'}]}"), "questions[0].options[0].label", "must not be blank");
            assertProblem(survey("{'id':'q1','type':'single','text':'Q','options':[{'id':'a','label':'A'},"
                    + "{'id':'b','label':'" + "x".repeat(201) + "'}]}"), "questions[0].options[1].label",
                    "the limit is 200");
            assertProblem(survey("{'id':'q1','type':'single','text':'Q','options':[{'id':'a'},"
                    + "{'id':'b','label':'B'}]}"), "questions[0].options[0].label", "is required");
            assertProblem(survey("{'id':'q1','type':'single','text':'Q','options':['a','b']}"),
                    "questions[0].options[0]", "must be an object, not a string");
            // The same option id in two questions is fine.
            SurveyDefinitionParser.parse(survey(
                    "{'id':'q1','type':'single','text':'Q','options':[{'id':'a','label':'A'},{'id':'b','label':'B'}]}",
                    "{'id':'q2','type':'multi','text':'Q','options':[{'id':'a','label':'A'},{'id':'b','label':'B'}]}"));
        }

        @Test
        void maxChoicesRules() {
            String opts = "'options':[{'id':'a','label':'A'},{'id':'b','label':'B'},{'id':'c','label':'C'}]";
            assertProblem(survey("{'id':'q1','type':'multi','text':'Q','maxChoices':0," + opts + "}"),
                    "questions[0].maxChoices", "between 1 and 3");
            assertProblem(survey("{'id':'q1','type':'multi','text':'Q','maxChoices':4," + opts + "}"),
                    "questions[0].maxChoices", "between 1 and 3 (got 4)");
            assertProblem(survey("{'id':'q1','type':'multi','text':'Q','maxChoices':'2'," + opts + "}"),
                    "questions[0].maxChoices", "must be an integer");
            assertEquals(3, SurveyDefinitionParser.parse(
                    survey("{'id':'q1','type':'multi','text':'Q','maxChoices':3," + opts + "}"))
                    .questions().get(0).maxChoices());
        }

        @Test
        void numberRules() {
            assertProblem(survey("{'id':'q1','type':'number','text':'Q','max':5}"), "questions[0].min",
                    "is required for a \"number\" question");
            assertProblem(survey("{'id':'q1','type':'number','text':'Q','min':5}"), "questions[0].max",
                    "is required for a \"number\" question");
            assertProblem(survey("{'id':'q1','type':'number','text':'Q','min':5,'max':5}"), "questions[0].max",
                    "must be greater than min");
            assertProblem(survey("{'id':'q1','type':'number','text':'Q','min':6,'max':5}"), "questions[0].max",
                    "must be greater than min");
            assertProblem(survey("{'id':'q1','type':'number','text':'Q','min':'0','max':5}"), "questions[0].min",
                    "must be a number, not a string");
            assertProblem(survey("{'id':'q1','type':'number','text':'Q','min':0,'max':2.5}"), "questions[0].max",
                    "must be a whole number");
            assertProblem(survey("{'id':'q1','type':'number','text':'Q','min':0.5,'max':2,'integer':true}"),
                    "questions[0].min", "must be a whole number");
            assertProblem(survey("{'id':'q1','type':'number','text':'Q','min':0,'max':2,'integer':'no'}"),
                    "questions[0].integer", "must be true or false");
            assertProblem(survey("{'id':'q1','type':'number','text':'Q','min':0,'max':1e999999999}"),
                    "questions[0].max", "must be between");
            assertProblem(survey("{'id':'q1','type':'number','text':'Q','min':0,'max':0.0000001,'integer':false}"),
                    "questions[0].max", "at most 6 decimal places");
            Question q = SurveyDefinitionParser.parse(
                    survey("{'id':'q1','type':'number','text':'Q','min':-2.5,'max':2.5,'integer':false}"))
                    .questions().get(0);
            assertFalse(q.integer());
            // An integral value written with a fraction is a whole number.
            SurveyDefinitionParser.parse(survey("{'id':'q1','type':'number','text':'Q','min':0.0,'max':40.00}"));
        }

        @Test
        void textRules() {
            assertProblem(survey("{'id':'q1','type':'text','text':'Q','maxLength':0}"), "questions[0].maxLength",
                    "between 1 and 10000");
            assertProblem(survey("{'id':'q1','type':'text','text':'Q','maxLength':10001}"), "questions[0].maxLength",
                    "between 1 and 10000");
            assertEquals(10000, SurveyDefinitionParser.parse(
                    survey("{'id':'q1','type':'text','text':'Q','maxLength':10000}")).questions().get(0).maxLength());
        }

        @Test
        void demographicOnlyOnSingle() {
            assertProblem(survey("{'id':'q1','type':'multi','text':'Q','demographic':true,"
                    + "'options':[{'id':'a','label':'A'},{'id':'b','label':'B'}]}"), "questions[0].demographic",
                    "only \"single\" questions can be demographic");
            assertProblem(survey("{'id':'q1','type':'likert5','text':'Q','demographic':true}"),
                    "questions[0].demographic", "not \"likert5\"");
            assertProblem(survey("{'id':'q1','type':'single','text':'Q','demographic':'yes',"
                    + "'options':[{'id':'a','label':'A'},{'id':'b','label':'B'}]}"), "questions[0].demographic",
                    "must be true or false");
            SurveyDefinitionParser.parse(survey("{'id':'q1','type':'text','text':'Q','demographic':false}"));
            assertProblem(survey("{'id':'q1','type':'single','text':'Q','demographic':true,'required':true,"
                    + "'options':[{'id':'a','label':'A'},{'id':'b','label':'B'}]}"), "questions[0].required",
                    "a demographic question must be optional");
            SurveyDefinition d = SurveyDefinitionParser.parse(demographic(null));
            assertEquals(1, d.demographics().size());
            assertTrue(d.demographics().get(0).hierarchy().isEmpty());
        }
    }

    // ---------------------------------------------------------------------------------------

    @Nested
    class Hierarchy {

        @Test
        void validTwoLevelHierarchyParses() {
            SurveyDefinition d = SurveyDefinitionParser.parse(demographic(
                    "[[{'id':'ab','label':'0-5','options':['a','b']},{'id':'c1','label':'6-10','options':['c']},"
                            + "{'id':'d1','label':'11+','options':['d']}],"
                            + "[{'id':'ab2','label':'0-5','options':['b','a']},{'id':'cd','label':'6+',"
                            + "'options':['c','d']}]]"));
            Question q = d.demographics().get(0);
            assertEquals(2, q.hierarchy().size());
            assertEquals(List.of("c", "d"), q.hierarchy().get(1).get(1).options());
            assertEquals(d, SurveyDefinitionParser.parse(SurveyDefinitionParser.toJson(d)));
        }

        @Test
        void onlyOnDemographicQuestions() {
            assertProblem(survey("{'id':'q1','type':'single','text':'Q','options':[{'id':'a','label':'A'},"
                    + "{'id':'b','label':'B'},{'id':'c','label':'C'}],'hierarchy':[[{'id':'ab','label':'AB',"
                    + "'options':['a','b']},{'id':'c1','label':'C','options':['c']}]]}"), "questions[0].hierarchy",
                    "allowed only on demographic questions");
            assertProblem(survey("{'id':'q1','type':'likert5','text':'Q','hierarchy':[]}"),
                    "questions[0].hierarchy", "allowed only on demographic questions");
        }

        @Test
        void mustPartitionAllOptions() {
            assertProblem(demographic("[[{'id':'ab','label':'AB','options':['a','b']},"
                    + "{'id':'c1','label':'C','options':['c']}]]"), "questions[0].hierarchy[0]",
                    "option \"d\" is in no group");
            assertProblem(demographic("[[{'id':'ab','label':'AB','options':['a','b']},"
                    + "{'id':'bcd','label':'BCD','options':['b','c','d']}]]"), "questions[0].hierarchy[0][1].options",
                    "option \"b\" is already in hierarchy[0][0]");
        }

        @Test
        void mustUseKnownOptions() {
            assertProblem(demographic("[[{'id':'ab','label':'AB','options':['a','b']},"
                    + "{'id':'cd','label':'CD','options':['c','d','e']}]]"), "questions[0].hierarchy[0][1].options[2]",
                    "unknown option \"e\"");
            assertProblem(demographic("[[{'id':'ab','label':'AB','options':['a','a','b']},"
                    + "{'id':'cd','label':'CD','options':['c','d']}]]"), "questions[0].hierarchy[0][0].options[1]",
                    "listed twice");
            assertProblem(demographic("[[{'id':'ab','label':'AB','options':[]},"
                    + "{'id':'cd','label':'CD','options':['c','d']}]]"), "questions[0].hierarchy[0][0].options",
                    "at least 1 option");
        }

        @Test
        void groupsMustBeContiguous() {
            assertProblem(demographic("[[{'id':'ac','label':'AC','options':['a','c']},"
                    + "{'id':'bd','label':'BD','options':['b','d']}]]"), "questions[0].hierarchy[0][0].options",
                    "not contiguous");
        }

        @Test
        void levelsMustBeCoarser() {
            // Level 1 splits group "ab" of level 0.
            assertProblem(demographic("[[{'id':'ab','label':'AB','options':['a','b']},"
                    + "{'id':'cd','label':'CD','options':['c','d']}],"
                    + "[{'id':'a1','label':'A','options':['a']},{'id':'bcd','label':'BCD','options':['b','c','d']}]]"),
                    "questions[0].hierarchy[1]", "not coarser than hierarchy[0]");
            // Same partition again: a union of whole groups, but not fewer groups.
            assertProblem(demographic("[[{'id':'ab','label':'AB','options':['a','b']},"
                    + "{'id':'cd','label':'CD','options':['c','d']}],"
                    + "[{'id':'ab2','label':'AB','options':['a','b']},{'id':'cd2','label':'CD','options':['c','d']}]]"),
                    "questions[0].hierarchy[1]", "must be fewer than 2");
            // Crossing with fewer groups: 3 groups then 2, but "bcd" splits "ab" (so no fewer-groups check
            // can catch it; only the union-of-whole-groups rule does).
            assertProblem(demographic("[[{'id':'ab','label':'AB','options':['a','b']},"
                    + "{'id':'c1','label':'C','options':['c']},{'id':'d1','label':'D','options':['d']}],"
                    + "[{'id':'a2','label':'A','options':['a']},{'id':'bcd','label':'BCD','options':['b','c','d']}]]"),
                    "questions[0].hierarchy[1]", "it splits option \"a\"");
            // And the same shape one level up: the third level crosses the second with fewer groups.
            assertProblem(survey(json("{'id':'service','type':'single','text':'Service','demographic':true,'options':["
                    + "{'id':'a','label':'A'},{'id':'b','label':'B'},{'id':'c','label':'C'},{'id':'d','label':'D'},"
                    + "{'id':'e','label':'E'},{'id':'f','label':'F'}],'hierarchy':["
                    + "[{'id':'ab','label':'AB','options':['a','b']},{'id':'cd','label':'CD','options':['c','d']},"
                    + "{'id':'e1','label':'E','options':['e']},{'id':'f1','label':'F','options':['f']}],"
                    + "[{'id':'ab2','label':'AB','options':['a','b']},{'id':'cd2','label':'CD','options':['c','d']},"
                    + "{'id':'ef','label':'EF','options':['e','f']}],"
                    + "[{'id':'abc','label':'ABC','options':['a','b','c']},{'id':'def','label':'DEF','options':['d','e','f']}]]}")),
                    "questions[0].hierarchy[2]", "not coarser than hierarchy[1]: it splits option \"c\"");
            // A first level with one group per option is no coarser than the options.
            assertProblem(demographic("[[{'id':'a1','label':'A','options':['a']},{'id':'b1','label':'B','options':['b']},"
                    + "{'id':'c1','label':'C','options':['c']},{'id':'d1','label':'D','options':['d']}]]"),
                    "questions[0].hierarchy[0]", "not coarser than the question's options");
        }

        @Test
        void anyLevelIsImplicit() {
            assertProblem(demographic("[[{'id':'all','label':'All','options':['a','b','c','d']}]]"),
                    "questions[0].hierarchy[0]", "implicit \"any\" level");
        }

        @Test
        void groupIdRules() {
            assertProblem(demographic("[[{'id':'a','label':'AB','options':['a','b']},"
                    + "{'id':'cd','label':'CD','options':['c','d']}]]"), "questions[0].hierarchy[0][0].id",
                    "already an option id");
            assertProblem(demographic("[[{'id':'ab','label':'AB','options':['a','b']},"
                    + "{'id':'ab','label':'CD','options':['c','d']}]]"), "questions[0].hierarchy[0][1].id",
                    "duplicate group id \"ab\"");
            assertProblem(demographic("[[{'id':'AB','label':'AB','options':['a','b']},"
                    + "{'id':'cd','label':'CD','options':['c','d']}]]"), "questions[0].hierarchy[0][0].id",
                    "must match");
            assertProblem(demographic("[[{'id':'ab','options':['a','b']},"
                    + "{'id':'cd','label':'CD','options':['c','d']}]]"), "questions[0].hierarchy[0][0].label",
                    "is required");
        }

        @Test
        void structureRules() {
            assertProblem(demographic("[]"), "questions[0].hierarchy", "at least 1 level");
            assertProblem(demographic("{}"), "questions[0].hierarchy", "must be an array of levels");
            assertProblem(demographic("[{}]"), "questions[0].hierarchy[0]", "must be an array of groups");
            assertProblem(demographic("[[]]"), "questions[0].hierarchy[0]", "at least 1 group");
            assertProblem(demographic("[['ab']]"), "questions[0].hierarchy[0][0]", "must be an object");
        }
    }

    // ---------------------------------------------------------------------------------------

    @Nested
    class Input {

        @Test
        void malformedJsonGivesOneShortProblemWithLineAndColumn() {
            List<String> problems = problems("{\n  \"title\": \"T\",\n  \"questions\": [ oops ]\n}");
            assertEquals(1, problems.size());
            assertTrue(problems.get(0).startsWith("$: malformed JSON at line 3, column "), problems::toString);
            assertFalse(problems.get(0).contains("oops"));
        }

        @Test
        void malformedJsonNeverEchoesInput() {
            String secret = "z".repeat(500);
            for (String bad : List.of("{\"title\": " + secret + "}", secret, "{\"" + secret,
                    "{\"title\":\"T\"} " + secret, "{'title':'T'}")) {
                List<String> problems = problems(bad);
                assertEquals(1, problems.size());
                assertTrue(problems.get(0).startsWith("$: malformed JSON"), problems::toString);
                assertFalse(problems.get(0).contains("zzzz"), problems::toString);
            }
        }

        @Test
        void malformedJsonReasons() {
            assertProblem("{\"title\":\"T\"", "$", "unexpected end of input");
            assertProblem("{\"title\":\"T\",\"title\":\"U\"}", "$", "duplicate field name");
            assertProblem("{\"title\":\"T\"} {}", "$", "unexpected content after the end");
            assertProblem("{\"title\":\"T\", // comment\n}", "$", "malformed JSON at line 1");
            assertProblem("[".repeat(5000), "$", "malformed JSON");
        }

        @Test
        void invalidUtf8IsMalformed() {
            byte[] bytes = json("{'title':'T\u00e9'}").getBytes(StandardCharsets.UTF_8);
            bytes[bytes.length - 4] = (byte) 0xff;
            InvalidSurveyDefinitionException e = assertThrows(InvalidSurveyDefinitionException.class,
                    () -> SurveyDefinitionParser.parse(bytes));
            checkShape(e);
            assertTrue(e.problems().get(0).startsWith("$: malformed JSON"), e.problems()::toString);
        }

        @Test
        void oversizedInputIsRefusedWithOneProblem() {
            String big = survey(LIKERT).replace("\"T\"", "\"" + "x".repeat(SurveyDefinitionParser.MAX_INPUT_BYTES) + "\"");
            List<String> problems = problems(big);
            assertEquals(List.of("$: the definition is larger than the limit of 524288 bytes (512 KiB)"), problems);
            byte[] bytes = new byte[SurveyDefinitionParser.MAX_INPUT_BYTES + 1];
            InvalidSurveyDefinitionException e = assertThrows(InvalidSurveyDefinitionException.class,
                    () -> SurveyDefinitionParser.parse(bytes));
            assertEquals(1, e.problems().size());
        }

        @Test
        void nullInputIsAProblem() {
            assertThrows(InvalidSurveyDefinitionException.class, () -> SurveyDefinitionParser.parse((String) null));
            assertThrows(InvalidSurveyDefinitionException.class, () -> SurveyDefinitionParser.parse((byte[]) null));
        }

        @Test
        void messagesEchoAtMost64CharactersOfInput() {
            String longName = "n".repeat(63) + "X" + "LEAKED".repeat(30);
            List<String> problems = problems(json("{'title':'T','" + longName + "':1,'questions':[{'id':'"
                    + longName + "','type':'" + longName + "','text':'Q'}]}"));
            assertTrue(problems.size() >= 3, problems::toString);
            for (String p : problems) {
                assertFalse(p.contains("LEAKED"), p);
            }
            assertTrue(problems.contains("$: unknown field \"" + "n".repeat(63) + "X…\""), problems::toString);
        }

        @Test
        void echoedInputIsEscapedOntoOneLine() {
            List<String> problems = problems(json("{'title':'T','a\\nb\\u0000\\\"':1,'questions':[" + LIKERT + "]}"));
            assertEquals(List.of("$: unknown field \"a\\u000ab\\u0000\\\"\""), problems);
        }

        @Test
        void exceptionHasNoStackTrace() {
            InvalidSurveyDefinitionException e = new InvalidSurveyDefinitionException(List.of("$: x", "k: y"));
            assertEquals(0, e.getStackTrace().length);
            assertEquals("The survey definition has 2 problem(s)", e.getMessage());
            assertEquals(List.of("$: x", "k: y"), e.problems());
            assertThrows(UnsupportedOperationException.class, () -> e.problems().add("z"));
        }
    }

    // ---------------------------------------------------------------------------------------

    @Nested
    class Fuzz {

        private static final long SEED = 0xC0FFEE_5EEDL;

        @Test
        void randomMutationsOfTheTemplateOnlyEverSucceedOrFailCleanly() throws IOException {
            String template = template();
            Random random = new Random(SEED);
            int accepted = 0;
            int rejected = 0;
            for (int i = 0; i < 300; i++) {
                byte[] mutated = mutate(template, random);
                try {
                    SurveyDefinition d = SurveyDefinitionParser.parse(mutated);
                    assertEquals(d, SurveyDefinitionParser.parse(SurveyDefinitionParser.toJson(d)),
                            "round trip of mutation " + i);
                    accepted++;
                } catch (InvalidSurveyDefinitionException e) {
                    checkShape(e);
                    rejected++;
                } catch (RuntimeException | Error e) {
                    fail("mutation " + i + " (seed " + SEED + ") threw " + e, e);
                }
            }
            assertEquals(300, accepted + rejected);
            assertTrue(rejected > 100, "most mutations should be rejected, got " + rejected);
        }

        private byte[] mutate(String template, Random random) throws IOException {
            int kind = random.nextInt(6);
            if (kind == 0) {
                return randomBytes(template.getBytes(StandardCharsets.UTF_8), random);
            }
            JsonNode root = MAPPER.readTree(template);
            List<JsonNode> containers = new ArrayList<>();
            collect(root, containers);
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                JsonNode target = containers.get(random.nextInt(containers.size()));
                if (target instanceof ObjectNode obj && obj.size() > 0) {
                    List<String> names = new ArrayList<>();
                    obj.fieldNames().forEachRemaining(names::add);
                    String name = names.get(random.nextInt(names.size()));
                    switch (kind) {
                        case 1 -> obj.remove(name);
                        case 2, 3 -> obj.set(name, randomValue(random));
                        case 4 -> obj.set(random.nextBoolean() ? "extra" : name + "x", randomValue(random));
                        default -> obj.set(name, obj.get(name).deepCopy());
                    }
                } else if (target instanceof ArrayNode arr && arr.size() > 0) {
                    int idx = random.nextInt(arr.size());
                    switch (kind) {
                        case 1 -> arr.remove(idx);
                        case 2, 3 -> arr.set(idx, randomValue(random));
                        case 4 -> arr.add(arr.get(idx).deepCopy());
                        default -> arr.insert(idx, arr.get(random.nextInt(arr.size())).deepCopy());
                    }
                }
            }
            return MAPPER.writeValueAsBytes(root);
        }

        private static void collect(JsonNode node, List<JsonNode> out) {
            if (node.isContainerNode()) {
                out.add(node);
                Iterator<JsonNode> it = node.elements();
                while (it.hasNext()) {
                    collect(it.next(), out);
                }
            }
        }

        private static JsonNode randomValue(Random random) {
            return switch (random.nextInt(12)) {
                case 0 -> MAPPER.nullNode();
                case 1 -> MAPPER.getNodeFactory().booleanNode(random.nextBoolean());
                case 2 -> MAPPER.getNodeFactory().numberNode(random.nextInt(2001) - 1000);
                case 3 -> MAPPER.getNodeFactory().numberNode(new BigDecimal("1e" + (random.nextInt(4000) - 2000)));
                case 4 -> MAPPER.getNodeFactory().numberNode(random.nextDouble() * 300);
                case 5 -> MAPPER.getNodeFactory().textNode("x".repeat(random.nextInt(12000)));
                case 6 -> MAPPER.getNodeFactory().textNode(
                        List.of("likert5", "single", "multi", "text", "number", "a", "0-1", "").get(random.nextInt(8)));
                case 7 -> MAPPER.createArrayNode();
                case 8 -> MAPPER.createObjectNode();
                case 9 -> MAPPER.createArrayNode().add("a").add(1).addNull();
                case 10 -> MAPPER.getNodeFactory().textNode("\u0000\ud800\n\u202e");
                default -> MAPPER.getNodeFactory().numberNode(new BigInteger("9".repeat(1 + random.nextInt(40))));
            };
        }

        private static byte[] randomBytes(byte[] original, Random random) {
            byte[] out = original.clone();
            switch (random.nextInt(4)) {
                case 0 -> {
                    for (int j = 0; j < 1 + random.nextInt(8); j++) {
                        out[random.nextInt(out.length)] = (byte) random.nextInt(256);
                    }
                }
                case 1 -> out = Arrays.copyOf(out, random.nextInt(out.length));
                case 2 -> {
                    int at = random.nextInt(out.length);
                    byte[] junk = new byte[1 + random.nextInt(16)];
                    random.nextBytes(junk);
                    byte[] joined = new byte[out.length + junk.length];
                    System.arraycopy(out, 0, joined, 0, at);
                    System.arraycopy(junk, 0, joined, at, junk.length);
                    System.arraycopy(out, at, joined, at + junk.length, out.length - at);
                    out = joined;
                }
                default -> {
                    // Swap a structural character for another.
                    byte[] structural = "{}[]:,\"0-.e".getBytes(StandardCharsets.US_ASCII);
                    for (int j = 0; j < 1 + random.nextInt(4); j++) {
                        out[random.nextInt(out.length)] = structural[random.nextInt(structural.length)];
                    }
                }
            }
            return out;
        }
    }
}
