package org.candour.response;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.candour.response.AnswerValidator.Answer;
import org.candour.response.AnswerValidator.ValidatedAnswers;
import org.candour.survey.SurveyDefinition;
import org.candour.survey.SurveyDefinition.Question;
import org.candour.survey.SurveyDefinition.QuestionType;
import org.candour.survey.SurveyDefinitionParser;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AnswerValidatorTest {

    private static final String TEMPLATE = "/survey-templates/probation-wellbeing.json";
    /** As Jackson reads a request body by default: decimals become doubles. */
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Decimals kept exactly, for the significant-digit rule. */
    private static final ObjectMapper DECIMAL_MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern PROBLEM =
            Pattern.compile("^(answers(\\[\\d+\\](\\.(questionId|value))?)?|[a-z0-9][a-z0-9_-]{0,63}): \\S.*");
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029]");
    /** Confidential free text: must never appear in a problem. */
    private static final String MARKER = "Secret Marker QZX";

    /**
     * A survey with every type: l likert5 (required), s single, m multi (maxChoices 2), m2 multi
     * (no maxChoices), n number (integer 0..10, required), d number (decimal -1.5..2.25), t text
     * (maxLength 10), r text (required, maxLength 2000 by default), rm multi (required).
     */
    private static final SurveyDefinition SMALL = SurveyDefinitionParser.parse(json("{'title':'T','questions':["
            + "{'id':'l','type':'likert5','text':'L','required':true},"
            + "{'id':'s','type':'single','text':'S','options':[{'id':'a','label':'A'},{'id':'b','label':'B'},"
            + "{'id':'c','label':'C'}]},"
            + "{'id':'m','type':'multi','text':'M','maxChoices':2,'options':[{'id':'a','label':'A'},"
            + "{'id':'b','label':'B'},{'id':'c','label':'C'},{'id':'d','label':'D'}]},"
            + "{'id':'m2','type':'multi','text':'M2','options':[{'id':'x','label':'X'},{'id':'y','label':'Y'}]},"
            + "{'id':'n','type':'number','text':'N','required':true,'min':0,'max':10},"
            + "{'id':'d','type':'number','text':'D','min':-1.5,'max':2.25,'integer':false},"
            + "{'id':'t','type':'text','text':'T','maxLength':10},"
            + "{'id':'r','type':'text','text':'R','required':true},"
            + "{'id':'rm','type':'multi','text':'RM','required':true,'options':[{'id':'p','label':'P'},"
            + "{'id':'q','label':'Q'}]}"
            + "]}"));

    // ---------------------------------------------------------------------------------------
    // Helpers

    /** JSON written with single quotes, for readability. */
    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    private static JsonNode read(String singleQuoted) {
        try {
            return MAPPER.readTree(json(singleQuoted));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** One item {questionId, value}. */
    private static ObjectNode item(String id, JsonNode value) {
        ObjectNode o = NODES.objectNode();
        o.put("questionId", id);
        o.set("value", value);
        return o;
    }

    private static ObjectNode item(String id, String singleQuotedValue) {
        return item(id, read(singleQuotedValue));
    }

    private static ArrayNode array(JsonNode... items) {
        ArrayNode a = NODES.arrayNode();
        for (JsonNode i : items) {
            a.add(i);
        }
        return a;
    }

    /** Valid answers to SMALL's required questions that the given items do not answer, then the items. */
    private static ArrayNode withRequired(JsonNode... items) {
        ArrayNode a = NODES.arrayNode();
        for (ObjectNode required : List.of(item("l", "3"), item("n", "4"), item("r", TextNode.valueOf("ok")),
                item("rm", "['p']"))) {
            if (Arrays.stream(items).noneMatch(i -> required.get("questionId").equals(i.get("questionId")))) {
                a.add(required);
            }
        }
        for (JsonNode i : items) {
            a.add(i);
        }
        return a;
    }

    private static List<String> problems(SurveyDefinition d, JsonNode answers) {
        InvalidAnswersException e = assertThrows(InvalidAnswersException.class,
                () -> AnswerValidator.validate(d, answers));
        checkShape(e);
        return e.problems();
    }

    /** The problems of SMALL with these items besides valid required answers. */
    private static List<String> problems(JsonNode... items) {
        return problems(SMALL, withRequired(items));
    }

    private static void checkShape(InvalidAnswersException e) {
        assertFalse(e.problems().isEmpty());
        assertEquals("The answers have " + e.problems().size() + " problem(s)", e.getMessage());
        assertEquals(0, e.getStackTrace().length);
        assertNull(e.getCause());
        for (String p : e.problems()) {
            assertTrue(PROBLEM.matcher(p).matches(), () -> "not prefixed by a question id or path: " + p);
            assertFalse(CONTROL.matcher(p).find(), () -> "raw control character in: " + p);
            assertTrue(p.length() < 300, () -> "too long: " + p);
            assertFalse(p.contains(MARKER), () -> "free text leaked: " + p);
            assertFalse(p.contains("Marker"), () -> "part of free text leaked: " + p);
        }
    }

    /** The answer to this question, given valid required answers; null if it counts as left out. */
    private static Answer valid(String id, JsonNode value) {
        ValidatedAnswers v;
        try {
            v = AnswerValidator.validate(SMALL, withRequired(item(id, value)));
        } catch (InvalidAnswersException e) {
            throw new AssertionError("unexpected problems: " + e.problems());
        }
        return v.answer(id).orElse(null);
    }

    private static Answer valid(String id, String singleQuotedValue) {
        return valid(id, read(singleQuotedValue));
    }

    private static String text(String raw) {
        Answer a = valid("t", TextNode.valueOf(raw));
        return a == null ? null : a.text();
    }

    private static SurveyDefinition template() {
        try (InputStream in = AnswerValidatorTest.class.getResourceAsStream(TEMPLATE)) {
            assertNotNull(in, TEMPLATE);
            return SurveyDefinitionParser.parse(in.readAllBytes());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A full, valid submission for the shipped template, answering every question. */
    private static ArrayNode templateAnswers(SurveyDefinition d) {
        ArrayNode a = NODES.arrayNode();
        for (Question q : d.questions()) {
            JsonNode value = switch (q.type()) {
                case LIKERT5 -> NODES.numberNode(q.id().length() % 5 + 1);
                case SINGLE -> NODES.textNode(q.options().get(q.options().size() - 1).id());
                case MULTI -> array(NODES.textNode(q.options().get(1).id()), NODES.textNode(q.options().get(0).id()));
                case NUMBER -> NODES.numberNode(q.max().intValue());
                case TEXT -> NODES.textNode("  " + MARKER + " about " + q.id() + "\r\n ");
            };
            a.add(item(q.id(), value));
        }
        return a;
    }

    // ---------------------------------------------------------------------------------------

    @Nested
    class Template {

        @Test
        void fullSubmissionCoveringEveryType() {
            SurveyDefinition d = template();
            ArrayNode answers = templateAnswers(d);
            // Submit in reverse order: the result still follows the definition's order.
            ArrayNode reversed = NODES.arrayNode();
            for (int i = answers.size() - 1; i >= 0; i--) {
                reversed.add(answers.get(i));
            }
            ValidatedAnswers v = AnswerValidator.validate(d, reversed);
            assertEquals(d.questions().stream().map(Question::id).toList(),
                    v.answers().stream().map(Answer::questionId).toList());
            for (QuestionType t : QuestionType.values()) {
                assertTrue(v.answers().stream().anyMatch(a -> a.type() == t), "answers a " + t);
            }

            Answer workload = v.answer("workload-manageable").orElseThrow();
            assertEquals(new Answer("workload-manageable", QuestionType.LIKERT5,
                    "workload-manageable".length() % 5 + 1, null, null, null, null), workload);
            assertEquals(new Answer("caseload", QuestionType.NUMBER, null, null, null, new BigDecimal("200"), null),
                    v.answer("caseload").orElseThrow());
            assertEquals(new Answer("plans", QuestionType.SINGLE, null, "dont-know", null, null, null),
                    v.answer("plans").orElseThrow());
            // Multi choices come back in the question's option order, not the order sent.
            assertEquals(new Answer("leaving-reasons", QuestionType.MULTI, null, null, List.of("workload", "pay"),
                    null, null), v.answer("leaving-reasons").orElseThrow());
            assertEquals(new Answer("one-change", QuestionType.TEXT, null, null, null, null,
                    MARKER + " about one-change"), v.answer("one-change").orElseThrow());
        }

        @Test
        void onlyTheRequiredQuestions() {
            SurveyDefinition d = template();
            ArrayNode answers = NODES.arrayNode();
            for (JsonNode item : templateAnswers(d)) {
                if (d.question(item.get("questionId").textValue()).orElseThrow().required()) {
                    answers.add(item);
                }
            }
            ValidatedAnswers v = AnswerValidator.validate(d, answers);
            assertEquals(d.questions().stream().filter(Question::required).count(), v.answers().size());
        }

        @Test
        void nothingAnsweredListsEveryRequiredQuestion() {
            SurveyDefinition d = template();
            List<String> expected = d.questions().stream().filter(Question::required)
                    .map(q -> q.id() + ": required").toList();
            assertEquals(expected, problems(d, NODES.arrayNode()));
        }
    }

    // ---------------------------------------------------------------------------------------

    @Nested
    class Structure {

        private static final List<String> NOT_A_LIST = List.of("answers: must be a list of {questionId, value}");

        @Test
        void answersMustBeAnArray() {
            assertEquals(NOT_A_LIST, problems(SMALL, read("{'questionId':'l','value':3}")));
            assertEquals(NOT_A_LIST, problems(SMALL, read("'l'")));
            assertEquals(NOT_A_LIST, problems(SMALL, read("3")));
            assertEquals(NOT_A_LIST, problems(SMALL, NullNode.getInstance()));
            assertEquals(NOT_A_LIST, problems(SMALL, MissingNode.getInstance()));
            assertEquals(NOT_A_LIST, problems(SMALL, null));
        }

        @Test
        void atMost500Items() {
            ArrayNode many = NODES.arrayNode();
            for (int i = 0; i < 501; i++) {
                many.add(item("nope", "1"));
            }
            assertEquals(List.of("answers: has 501 items; the limit is 500"), problems(SMALL, many));
            many.remove(500);
            List<String> problems = problems(SMALL, many);
            assertEquals(500 + 4, problems.size(), "each item is checked, then the required questions");
            assertEquals("answers[499].questionId: unknown question \"nope\"", problems.get(499));
        }

        @Test
        void eachItemMustBeAnObject() {
            assertEquals(List.of("answers[4]: must be an object {questionId, value}, not a number",
                    "answers[5]: must be an object {questionId, value}, not a list",
                    "answers[6]: must be an object {questionId, value}, not null",
                    "answers[7]: must be an object {questionId, value}, not a string"),
                    problems(read("1"), read("[]"), NullNode.getInstance(), read("'l'")));
        }

        @Test
        void unknownFieldsAreNamedWithAtMost64Characters() {
            ObjectNode o = item("s", "'a'");
            o.put("extra", 1);
            assertEquals(List.of("answers[4]: unknown field \"extra\""), problems(o));

            ObjectNode longName = item("s", "'a'");
            longName.put("f".repeat(100), 1);
            assertEquals(List.of("answers[4]: unknown field \"" + "f".repeat(64) + "…\""), problems(longName));

            ObjectNode control = item("s", "'a'");
            control.put("a\nb\u0000\u0085\u202e\"", 1);
            assertEquals(List.of("answers[4]: unknown field \"a\\u000ab\\u0000\\u0085\\u202e\\\"\""),
                    problems(control));
        }

        @Test
        void questionIdIsRequiredAndAString() {
            ObjectNode noId = NODES.objectNode();
            noId.put("value", 1);
            ObjectNode numberId = NODES.objectNode();
            numberId.put("questionId", 7);
            numberId.put("value", 1);
            assertEquals(List.of("answers[4].questionId: is required",
                    "answers[5].questionId: must be a string, not a number"), problems(noId, numberId));
        }

        @Test
        void valueIsRequiredButMayBeNull() {
            ObjectNode noValue = NODES.objectNode();
            noValue.put("questionId", "s");
            assertEquals(List.of("answers[4].value: is required; use null to leave a question out"),
                    problems(noValue));
            // Missing on a required question: reported once, as the item's problem.
            ObjectNode noRequiredValue = NODES.objectNode();
            noRequiredValue.put("questionId", "l");
            assertEquals(List.of("answers[0].value: is required; use null to leave a question out"),
                    problems(SMALL, array(noRequiredValue, item("n", "4"), item("r", TextNode.valueOf("ok")),
                            item("rm", "['p']"))));
        }

        @Test
        void unknownQuestion() {
            assertEquals(List.of("answers[4].questionId: unknown question \"workload\""),
                    problems(item("workload", "3")));
            assertEquals(List.of("answers[4].questionId: unknown question \"" + "q".repeat(64) + "\""),
                    problems(item("q".repeat(64), "3")));
            // Anything not shaped like a question id is not echoed: it might be free text.
            String generic = "answers[4].questionId: unknown question; a question id is lower-case letters, digits,"
                    + " '-' and '_'";
            assertEquals(List.of(generic), problems(item("q".repeat(65), "3")));
            assertEquals(List.of(generic), problems(item("\u0007\u001b[2J", "3")));
            assertEquals(List.of(generic), problems(item(MARKER, "3")));
        }

        @Test
        void theSameQuestionTwice() {
            assertEquals(List.of("answers[4].questionId: question \"l\" is answered more than once; first in"
                    + " answers[0]"), problems(SMALL, array(item("l", "3"), item("n", "4"),
                    item("r", TextNode.valueOf("ok")), item("rm", "['p']"), item("l", "3"))));
            assertEquals(List.of("answers[5].questionId: question \"s\" is answered more than once; first in"
                    + " answers[4]"), problems(item("s", "'a'"), item("s", "null")));
        }

        @Test
        void leftOutQuestions() {
            ValidatedAnswers v = AnswerValidator.validate(SMALL, withRequired(item("s", "null"), item("d", "null")));
            assertEquals(List.of("l", "n", "r", "rm"), v.answers().stream().map(Answer::questionId).toList());
            assertTrue(v.answer("s").isEmpty());
        }

        @Test
        void requiredQuestionsLeftOutOrNull() {
            assertEquals(List.of("l: required", "n: required", "r: required", "rm: required"),
                    problems(SMALL, NODES.arrayNode()));
            assertEquals(List.of("l: required", "n: required", "r: required", "rm: required"),
                    problems(SMALL, array(item("l", "null"), item("n", "null"), item("r", "null"),
                            item("rm", "null"))));
        }

        @Test
        void severalProblemsAtOnce() {
            ObjectNode extra = item("s", "'z'");
            extra.put("note", "x");
            assertEquals(List.of(
                    "answers[1]: unknown field \"note\"",
                    "answers[2].questionId: unknown question \"nope\"",
                    "answers[3]: must be an object {questionId, value}, not a number",
                    "answers[4].questionId: question \"l\" is answered more than once; first in answers[0]",
                    "l: must be a whole number from 1 to 5",
                    "s: unknown option \"z\"",
                    "m: at most 2 choices (this answer has 3)",
                    "n: required",
                    "d: must be a number from -1.5 to 2.25, not a string",
                    "t: at most 10 characters (this answer has 11)",
                    "r: required",
                    "rm: must be a list of option ids, not a string"),
                    problems(SMALL, array(item("l", "9"), extra, item("nope", "1"), read("5"), item("l", "3"),
                            item("m", "['a','b','c']"), item("d", "'1'"), item("t", TextNode.valueOf("x".repeat(11))),
                            item("rm", "'p'"))));
        }

        @Test
        void exceptionShape() {
            InvalidAnswersException e = new InvalidAnswersException(List.of("a: b", "c: d"));
            assertEquals("The answers have 2 problem(s)", e.getMessage());
            assertEquals(List.of("a: b", "c: d"), e.problems());
            assertEquals(0, e.getStackTrace().length);
            assertTrue(e instanceof RuntimeException);
        }
    }

    // ---------------------------------------------------------------------------------------

    @Nested
    class Likert {

        @Test
        void wholeNumbersOneToFive() {
            for (int i = 1; i <= 5; i++) {
                assertEquals(new Answer("l", QuestionType.LIKERT5, i, null, null, null, null),
                        valid("l", Integer.toString(i)));
            }
            assertEquals(3, valid("l", BigIntegerNode.valueOf(BigInteger.valueOf(3))).likert());
        }

        @Test
        void anythingElse() {
            String message = "l: must be a whole number from 1 to 5";
            for (String v : List.of("0", "6", "-1", "3.0", "2.5", "3e0", "1099511627776", "123456789012345678901234")) {
                assertEquals(List.of(message), problems(SMALL, array(item("l", v), item("n", "4"),
                        item("r", TextNode.valueOf("ok")), item("rm", "['p']"))), v);
            }
            assertEquals(List.of(message + ", not a string"), problemsForL("'3'"));
            assertEquals(List.of(message + ", not a boolean"), problemsForL("true"));
            assertEquals(List.of(message + ", not a list"), problemsForL("[3]"));
            assertEquals(List.of(message + ", not an object"), problemsForL("{'value':3}"));
        }

        private List<String> problemsForL(String value) {
            return problems(SMALL, array(item("l", value), item("n", "4"), item("r", TextNode.valueOf("ok")),
                    item("rm", "['p']")));
        }
    }

    // ---------------------------------------------------------------------------------------

    @Nested
    class Single {

        @Test
        void oneOfTheOptionIds() {
            assertEquals(new Answer("s", QuestionType.SINGLE, null, "b", null, null, null), valid("s", "'b'"));
        }

        @Test
        void unknownOption() {
            assertEquals(List.of("s: unknown option \"d\""), problems(item("s", "'d'")));
            assertEquals(List.of("s: unknown option \"" + "a".repeat(64) + "\""),
                    problems(item("s", TextNode.valueOf("a".repeat(64)))));
        }

        @Test
        void aStringThatIsNotShapedLikeAnIdIsNotEchoed() {
            // Free text sent to the wrong question must not come back in a message either.
            assertEquals(List.of("s: unknown option; an option id is lower-case letters, digits, '-' and '_'"),
                    problems(item("s", TextNode.valueOf(MARKER))));
            assertEquals(List.of("s: unknown option; an option id is lower-case letters, digits, '-' and '_'"),
                    problems(item("s", TextNode.valueOf("a".repeat(65)))));
            assertEquals(List.of("s: unknown option; an option id is lower-case letters, digits, '-' and '_'"),
                    problems(item("s", "''")));
        }

        @Test
        void notAString() {
            assertEquals(List.of("s: must be an option id (a string), not a number"), problems(item("s", "1")));
            assertEquals(List.of("s: must be an option id (a string), not a list"), problems(item("s", "['a']")));
            assertEquals(List.of("s: must be an option id (a string), not a boolean"), problems(item("s", "false")));
        }
    }

    // ---------------------------------------------------------------------------------------

    @Nested
    class Multi {

        @Test
        void distinctOptionIdsInOptionOrder() {
            assertEquals(new Answer("m", QuestionType.MULTI, null, null, List.of("b", "d"), null, null),
                    valid("m", "['d','b']"));
            assertEquals(List.of("c"), valid("m", "['c']").options());
        }

        @Test
        void emptyCountsAsLeftOut() {
            assertNull(valid("m", "[]"));
            assertEquals(List.of("rm: required"), problems(SMALL, array(item("l", "3"), item("n", "4"),
                    item("r", TextNode.valueOf("ok")), item("rm", "[]"))));
        }

        @Test
        void atMostMaxChoices() {
            assertEquals(List.of("m: at most 2 choices (this answer has 3)"), problems(item("m", "['a','b','c']")));
        }

        @Test
        void withoutMaxChoicesAtMostTheNumberOfOptions() {
            assertEquals(List.of("x", "y"), valid("m2", "['y','x']").options());
            // Three choices among two options: reported by count alone, as it cannot be mended choice by choice.
            assertEquals(List.of("m2: at most 2 choices (this answer has 3)"), problems(item("m2", "['x','y','x']")));
        }

        @Test
        void eachChoiceIsChecked() {
            assertEquals(List.of("m: unknown option \"z\"",
                    "m: value[1] must be an option id (a string), not a number"),
                    problems(item("m", "['z',1]")));
            assertEquals(List.of("m: option \"a\" is chosen more than once"), problems(item("m", "['a','a']")));
            assertEquals(List.of("m: at most 2 choices (this answer has 4)", "m: option \"a\" is chosen more than once",
                    "m: value[3] must be an option id (a string), not null"),
                    problems(item("m", "['a','a','b',null]")));
            assertEquals(List.of("m: unknown option; an option id is lower-case letters, digits, '-' and '_'"),
                    problems(item("m", array(TextNode.valueOf(MARKER)))));
        }

        @Test
        void notAList() {
            assertEquals(List.of("m: must be a list of option ids, not a string"), problems(item("m", "'a'")));
            assertEquals(List.of("m: must be a list of option ids, not an object"), problems(item("m", "{}")));
        }
    }

    // ---------------------------------------------------------------------------------------

    @Nested
    class Number {

        @Test
        void withinInclusiveBounds() {
            assertEquals(new Answer("n", QuestionType.NUMBER, null, null, null, BigDecimal.ZERO, null),
                    valid("n", "0"));
            assertEquals(new BigDecimal("10"), valid("n", "10").number());
            assertEquals(new BigDecimal("-1.5"), valid("d", "-1.5").number());
            assertEquals(new BigDecimal("2.25"), valid("d", "2.25").number());
            assertEquals(new BigDecimal("0.1"), valid("d", "0.1").number());
        }

        @Test
        void normalisedToCanonicalForm() {
            assertEquals(new BigDecimal("10"), valid("n", "1E1").number());
            assertEquals(new BigDecimal("4"), valid("n", "4.000").number(), "integral decimals are whole numbers");
            assertEquals(new BigDecimal("2.2"), valid("d", DecimalNode.valueOf(new BigDecimal("2.20"))).number());
            assertEquals(new BigDecimal("1.5"), valid("d", DecimalNode.valueOf(new BigDecimal("1.500"))).number());
            assertEquals(new BigDecimal("0"), valid("d", "-0.0").number());
        }

        @Test
        void outsideTheBounds() {
            assertEquals(List.of("n: must be a whole number from 0 to 10"), problems(item("n", "-1")));
            assertEquals(List.of("n: must be a whole number from 0 to 10"), problems(item("n", "11")));
            assertEquals(List.of("d: must be a number from -1.5 to 2.25"), problems(item("d", "-1.51")));
            assertEquals(List.of("d: must be a number from -1.5 to 2.25"), problems(item("d", "2.2500001")));
            assertEquals(List.of("d: must be a number from -1.5 to 2.25"), problems(item("d", "1e300")));
        }

        @Test
        void integerQuestionsNeedWholeNumbers() {
            assertEquals(List.of("n: must be a whole number from 0 to 10"), problems(item("n", "2.5")));
            assertEquals(List.of("n: must be a whole number from 0 to 10"), problems(item("n", "1e-1")));
        }

        @Test
        void notANumber() {
            assertEquals(List.of("n: must be a whole number from 0 to 10, not a string"), problems(item("n", "'4'")));
            assertEquals(List.of("d: must be a number from -1.5 to 2.25, not a boolean"), problems(item("d", "true")));
            assertEquals(List.of("d: must be a number from -1.5 to 2.25, not a list"), problems(item("d", "[1]")));
            for (JsonNode nan : List.of(DoubleNode.valueOf(Double.NaN), DoubleNode.valueOf(Double.POSITIVE_INFINITY),
                    DoubleNode.valueOf(Double.NEGATIVE_INFINITY), FloatNode.valueOf(Float.NaN))) {
                assertEquals(List.of("d: must be a number from -1.5 to 2.25"), problems(item("d", nan)), nan::toString);
            }
        }

        @Test
        void atMost18SignificantDigits() throws IOException {
            assertEquals(new BigDecimal("1.23456789012345678"),
                    valid("d", DECIMAL_MAPPER.readTree("1.23456789012345678")).number());
            assertEquals(new BigDecimal("1.23456789012345678"),
                    valid("d", DECIMAL_MAPPER.readTree("1.2345678901234567800000")).number());
            assertEquals(List.of("d: must have at most 18 significant digits"),
                    problems(item("d", DECIMAL_MAPPER.readTree("1.234567890123456789"))));
            assertEquals(List.of("n: must have at most 18 significant digits"),
                    problems(item("n", "1234567890123456789")));
        }

        @Test
        void atMost18DecimalPlaces() throws IOException {
            assertEquals(new BigDecimal("0.000000000000000001"),
                    valid("d", DECIMAL_MAPPER.readTree("0.000000000000000001")).number());
            assertEquals(List.of("d: must have at most 18 decimal places"),
                    problems(item("d", DECIMAL_MAPPER.readTree("0.0000000000000000001"))));
            assertEquals(List.of("d: must have at most 18 decimal places"), problems(item("d", "1e-300")));
            assertEquals(List.of("n: must be a whole number from 0 to 10"), problems(item("n", "1e-300")));
        }

        @Test
        void extremeExponentsAreRejectedQuietly() {
            assertEquals(List.of("d: must be a number from -1.5 to 2.25"),
                    problems(item("d", DecimalNode.valueOf(new BigDecimal(BigInteger.TEN, Integer.MIN_VALUE)))));
            assertEquals(List.of("d: must be a number from -1.5 to 2.25"),
                    problems(item("d", DecimalNode.valueOf(new BigDecimal(BigInteger.ONE, Integer.MIN_VALUE)))));
            assertEquals(List.of("d: must have at most 18 decimal places"),
                    problems(item("d", DecimalNode.valueOf(new BigDecimal(BigInteger.TEN, Integer.MAX_VALUE)))));
            assertEquals(List.of("d: must have at most 18 decimal places"),
                    problems(item("d", DecimalNode.valueOf(new BigDecimal(BigInteger.ONE, Integer.MAX_VALUE)))));
            assertEquals(List.of("n: must be a whole number from 0 to 10"),
                    problems(item("n", DecimalNode.valueOf(new BigDecimal(BigInteger.ONE, Integer.MAX_VALUE)))));
        }
    }

    // ---------------------------------------------------------------------------------------

    @Nested
    class Text {

        @Test
        void keptAsGiven() {
            assertEquals(new Answer("t", QuestionType.TEXT, null, null, null, null, "Hello"),
                    valid("t", TextNode.valueOf("Hello")));
            assertEquals("a\tb\nc", text("a\tb\nc"));
        }

        @Test
        void normalisedToNfc() {
            assertEquals("\u00e9", text("e\u0301"));
            assertEquals("caf\u00e9", text("cafe\u0301"));
            assertEquals("\u00c5", text("\u212b"), "Angstrom sign composes to A with ring");
        }

        @Test
        void controlCharactersStripped() {
            assertEquals("abcd", text("a\u0000b\u0007c\u001b\u007fd"));
            assertEquals("ab", text("a\u0080\u0085\u009fb"));
            assertEquals("a\u00a0b", text("a\u00a0b"), "no-break space is not a control character");
            // Removing a control can bring a combining mark next to its base: NFC comes after.
            assertEquals("\u00e9", text("e\u0000\u0301"));
        }

        @Test
        void lineEndsBecomeLf() {
            assertEquals("a\nb\nc\n\nd", text("a\r\nb\rc\r\n\rd"));
            assertEquals("a\n\nb", text("a\r\n\r\nb"));
        }

        @Test
        void trimmed() {
            assertEquals("a  b", text(" \t\r\n a  b \n\u2003"));
        }

        @Test
        void unpairedSurrogatesBecomeReplacementCharacters() {
            assertEquals("a\ufffdb", text("a\ud800b"));
            assertEquals("\ud83d\ude00", text("\ud83d\ude00"));
        }

        @Test
        void emptyAfterNormalisationCountsAsLeftOut() {
            assertNull(text(""));
            assertNull(text(" \r\n\t\u0000\u0085 "));
            assertEquals(List.of("r: required"), problems(SMALL, array(item("l", "3"), item("n", "4"),
                    item("r", TextNode.valueOf("\u0000 \r\n")), item("rm", "['p']"))));
        }

        @Test
        void lengthInCodePointsAfterNormalisation() {
            assertEquals("\ud83d\ude00".repeat(10), text("\ud83d\ude00".repeat(10)));
            assertEquals("\u00e9".repeat(10), text("e\u0301".repeat(10)));
            assertEquals("x".repeat(10), text("  " + "x".repeat(10) + "\u0000\r\n  "));
            assertEquals(List.of("t: at most 10 characters (this answer has 11)"),
                    problems(item("t", TextNode.valueOf("\ud83d\ude00".repeat(11)))));
        }

        @Test
        void theContentNeverAppearsInAProblem() {
            String secret = MARKER + " \u0007\r\n" + MARKER;
            List<String> problems = problems(item("t", TextNode.valueOf(secret)));
            assertEquals(List.of("t: at most 10 characters (this answer has " + (MARKER.length() * 2 + 2) + ")"),
                    problems);
            // checkShape also asserts that no problem contains the marker or any part of it.
            List<String> required = problems(SMALL, array(item("l", "3"), item("n", "4"),
                    item("r", TextNode.valueOf(MARKER.repeat(200))), item("rm", "['p']")));
            assertEquals(List.of("r: at most 2000 characters (this answer has " + MARKER.length() * 200 + ")"),
                    required);
            for (String p : required) {
                assertFalse(p.contains("Secret") || p.contains("QZX"), p);
            }
        }

        @Test
        void notAString() {
            assertEquals(List.of("t: must be text (a string), not a number"), problems(item("t", "1")));
            assertEquals(List.of("t: must be text (a string), not a list"), problems(item("t", "['a']")));
        }
    }

    // ---------------------------------------------------------------------------------------

    @Nested
    class Mutations {

        private static final List<String> FIELD_NAMES = List.of("questionId", "value", "extra", "", "x".repeat(80),
                "a\u0000b", "\u202eevil", "__proto__");

        @Test
        void randomMutationsOnlyEverFailWithInvalidAnswers() {
            SurveyDefinition d = template();
            Random random = new Random(20240611L);
            int rejected = 0;
            for (int run = 0; run < 500; run++) {
                JsonNode answers = templateAnswers(d);
                int mutations = 1 + random.nextInt(4);
                for (int i = 0; i < mutations; i++) {
                    answers = mutate(answers, random);
                }
                String input = answers.toString();
                try {
                    ValidatedAnswers v = AnswerValidator.validate(d, answers);
                    assertNotNull(v);
                    for (Answer a : v.answers()) {
                        assertTrue(d.question(a.questionId()).isPresent());
                        if (a.text() != null) {
                            assertFalse(CONTROL.matcher(a.text().replace("\n", "").replace("\t", "")).find());
                            assertEquals(a.text(), a.text().strip());
                        }
                    }
                } catch (InvalidAnswersException e) {
                    rejected++;
                    checkShape(e);
                } catch (Throwable t) {
                    fail("run " + run + " threw " + t + " for " + abbreviate(input), t);
                }
            }
            assertTrue(rejected > 250, "most mutations are rejected: " + rejected);
        }

        private static String abbreviate(String s) {
            return s.length() > 2000 ? s.substring(0, 2000) + "…" : s;
        }

        /** Returns the mutated tree (the root itself may be replaced). */
        private static JsonNode mutate(JsonNode root, Random random) {
            if (random.nextInt(40) == 0) {
                return randomValue(random, 0);
            }
            List<JsonNode> containers = new ArrayList<>();
            collect(root, containers);
            if (containers.isEmpty()) {
                return randomValue(random, 0);
            }
            JsonNode target = containers.get(random.nextInt(containers.size()));
            if (target instanceof ArrayNode a) {
                int op = random.nextInt(5);
                if (a.isEmpty() || op == 0) {
                    a.add(randomValue(random, 0));
                } else if (op == 1) {
                    a.remove(random.nextInt(a.size()));
                } else if (op == 2) {
                    a.set(random.nextInt(a.size()), randomValue(random, 0));
                } else if (op == 3) {
                    a.add(a.get(random.nextInt(a.size())).deepCopy());
                } else {
                    // Move one item's value to another, so that free text can land on the wrong question.
                    JsonNode x = a.get(random.nextInt(a.size()));
                    JsonNode y = a.get(random.nextInt(a.size()));
                    if (x instanceof ObjectNode xo && y instanceof ObjectNode yo && yo.has("value")) {
                        xo.set("value", yo.get("value").deepCopy());
                    } else {
                        a.insert(random.nextInt(a.size() + 1), randomValue(random, 0));
                    }
                }
            } else if (target instanceof ObjectNode o) {
                int op = random.nextInt(4);
                List<String> names = new ArrayList<>();
                o.fieldNames().forEachRemaining(names::add);
                if (names.isEmpty() || op == 0) {
                    o.set(FIELD_NAMES.get(random.nextInt(FIELD_NAMES.size())), randomValue(random, 0));
                } else if (op == 1) {
                    o.remove(names.get(random.nextInt(names.size())));
                } else {
                    o.set(names.get(random.nextInt(names.size())), randomValue(random, 0));
                }
            }
            return root;
        }

        private static void collect(JsonNode node, List<JsonNode> out) {
            if (node.isContainerNode()) {
                out.add(node);
                Iterator<JsonNode> children = node.elements();
                while (children.hasNext()) {
                    collect(children.next(), out);
                }
            }
        }

        private static JsonNode randomValue(Random random, int depth) {
            int pick = random.nextInt(depth > 2 ? 20 : 24);
            return switch (pick) {
                case 0 -> NullNode.getInstance();
                case 1 -> NODES.booleanNode(random.nextBoolean());
                case 2 -> NODES.numberNode(random.nextInt(7) - 1);
                case 3 -> NODES.numberNode(random.nextLong());
                case 4 -> NODES.numberNode(random.nextDouble() * 400 - 100);
                case 5 -> DoubleNode.valueOf(List.of(Double.NaN, Double.POSITIVE_INFINITY, -0.0, Double.MIN_VALUE,
                        Double.MAX_VALUE).get(random.nextInt(5)));
                case 6 -> BigIntegerNode.valueOf(new BigInteger(200, random).negate());
                case 7 -> DecimalNode.valueOf(new BigDecimal(BigInteger.valueOf(random.nextInt(100)),
                        random.nextBoolean() ? Integer.MIN_VALUE + random.nextInt(3)
                                : Integer.MAX_VALUE - random.nextInt(3)));
                case 8 -> DecimalNode.valueOf(new BigDecimal(new BigInteger(80, random), random.nextInt(40) - 20));
                case 9 -> NODES.textNode("");
                case 10 -> NODES.textNode(randomString(random));
                case 11 -> NODES.textNode(List.of("a", "none", "yes", "workload", "caseload", "one-change", "plans",
                        "prefer-not").get(random.nextInt(8)));
                case 12 -> NODES.textNode("x".repeat(random.nextInt(3000)));
                case 13 -> NODES.textNode("\ud800\r\n\u0000 e\u0301 \u202e");
                case 14 -> NODES.numberNode(3);
                case 15 -> NODES.textNode(MARKER + "\u0007" + MARKER);
                case 16 -> NODES.binaryNode(new byte[] {1, 2});
                case 17 -> DecimalNode.valueOf(new BigDecimal(BigInteger.ONE, random.nextInt(40)));
                case 18 -> NODES.numberNode(random.nextFloat());
                case 19 -> NODES.pojoNode(Map.of("a", 1));
                case 20, 21 -> {
                    ArrayNode a = NODES.arrayNode();
                    int n = random.nextInt(6);
                    for (int i = 0; i < n; i++) {
                        a.add(randomValue(random, depth + 1));
                    }
                    yield a;
                }
                default -> {
                    ObjectNode o = NODES.objectNode();
                    int n = random.nextInt(4);
                    for (int i = 0; i < n; i++) {
                        o.set(FIELD_NAMES.get(random.nextInt(FIELD_NAMES.size())), randomValue(random, depth + 1));
                    }
                    yield o;
                }
            };
        }

        private static String randomString(Random random) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(90);
            for (int i = 0; i < n; i++) {
                sb.append((char) random.nextInt(random.nextBoolean() ? 0x100 : 0x10000));
            }
            return sb.toString();
        }
    }
}
