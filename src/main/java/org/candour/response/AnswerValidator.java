package org.candour.response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.math.BigDecimal;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.candour.survey.SurveyDefinition;
import org.candour.web.Echo;
import org.candour.survey.SurveyDefinition.Option;
import org.candour.survey.SurveyDefinition.Question;
import org.candour.survey.SurveyDefinition.QuestionType;
import org.candour.survey.SurveyDefinitionParser;

/**
 * Checks a respondent's answers against a survey definition and puts them in canonical form.
 *
 * <p>The answers are a JSON array of {@code {"questionId": "...", "value": ...}} items. A question
 * may be left out, by omitting its item or giving a null value, unless it is required; an empty
 * multi answer or a text answer that is empty after normalisation also counts as left out. All
 * problems are collected before failing, each prefixed by its question id or, for structural
 * problems, by the item's path. Free text is confidential: no problem contains any part of a text
 * answer; an unknown question or option id is echoed only when shaped like an id (so free text sent
 * in the wrong place is not echoed either); a field name is echoed to at most 64 characters, and
 * control characters are escaped. Pure Java: no CDI, no database.
 */
public final class AnswerValidator {

    /** At most this many items are accepted in one set of answers. */
    public static final int MAX_ITEMS = 500;
    /** A number answer may have at most this many significant digits. */
    public static final int MAX_SIGNIFICANT_DIGITS = 18;
    /** A number answer may have at most this many decimal places. */
    public static final int MAX_DECIMAL_PLACES = 18;

    static final int ECHO_LIMIT = 64;

    private static final String QUESTION_ID = "questionId";
    private static final String VALUE = "value";
    private static final String NOT_A_LIST = "must be a list of {questionId, value}";

    private final SurveyDefinition definition;
    private final List<String> problems = new ArrayList<>();

    private AnswerValidator(SurveyDefinition definition) {
        this.definition = definition;
    }

    /**
     * Validates and normalises a set of answers.
     *
     * @param definition the survey being answered
     * @param answers a JSON array of {@code {"questionId", "value"}} objects
     * @return the answers given, in the definition's question order, without the questions left out
     * @throws InvalidAnswersException listing every problem found
     */
    public static ValidatedAnswers validate(SurveyDefinition definition, JsonNode answers) {
        Objects.requireNonNull(definition, "definition");
        return new AnswerValidator(definition).run(answers);
    }

    /** Answers that passed validation, in the definition's question order. */
    public record ValidatedAnswers(List<Answer> answers) {
        public ValidatedAnswers {
            answers = List.copyOf(answers);
        }

        /** The answer to this question, if it was answered. */
        public Optional<Answer> answer(String questionId) {
            return answers.stream().filter(a -> a.questionId().equals(questionId)).findFirst();
        }
    }

    /**
     * One answer. Only the field for the question's type is set; the others are {@code null}.
     *
     * @param questionId the question answered
     * @param type the question's type
     * @param likert likert5: 1 to 5
     * @param option single: the chosen option id
     * @param options multi: the chosen option ids, distinct, in the question's option order
     * @param number number: the value, trailing zeros dropped but never below scale 0
     * @param text text: NFC-normalised, control characters removed, line ends as {@code \n}, trimmed
     */
    public record Answer(String questionId, QuestionType type, Integer likert, String option, List<String> options,
            BigDecimal number, String text) {
        public Answer {
            Objects.requireNonNull(questionId, "questionId");
            Objects.requireNonNull(type, "type");
            options = options == null ? null : List.copyOf(options);
        }
    }

    // ---------------------------------------------------------------------------------------
    // Structure

    private ValidatedAnswers run(JsonNode answers) {
        if (answers == null || !answers.isArray()) {
            problems.add("answers: " + NOT_A_LIST);
            throw exception();
        }
        if (answers.size() > MAX_ITEMS) {
            problems.add("answers: has " + answers.size() + " items; the limit is " + MAX_ITEMS);
            throw exception();
        }
        Map<String, Question> byId = new HashMap<>();
        for (Question q : definition.questions()) {
            byId.putIfAbsent(q.id(), q);
        }
        // Question id -> its value node; a MissingNode marks an item whose value was not given.
        Map<String, JsonNode> values = new HashMap<>();
        Map<String, Integer> firstItem = new HashMap<>();
        for (int i = 0; i < answers.size(); i++) {
            item(answers.get(i), "answers[" + i + "]", i, byId, values, firstItem);
        }

        List<Answer> result = new ArrayList<>();
        for (Question q : definition.questions()) {
            JsonNode node = values.get(q.id());
            if (node != null && node.isMissingNode()) {
                continue; // already reported as a structural problem
            }
            int before = problems.size();
            Answer answer = node == null || node.isNull() ? null : answer(q, node);
            if (answer != null) {
                result.add(answer);
            } else if (problems.size() == before && q.required()) {
                problems.add(q.id() + ": required");
            }
        }
        if (!problems.isEmpty()) {
            throw exception();
        }
        return new ValidatedAnswers(result);
    }

    private void item(JsonNode item, String path, int index, Map<String, Question> byId,
            Map<String, JsonNode> values, Map<String, Integer> firstItem) {
        if (!item.isObject()) {
            problems.add(path + ": must be an object {questionId, value}, not " + kind(item));
            return;
        }
        Iterator<String> names = item.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!name.equals(QUESTION_ID) && !name.equals(VALUE)) {
                problems.add(path + ": unknown field " + echo(name));
            }
        }
        JsonNode idNode = item.get(QUESTION_ID);
        JsonNode value = item.get(VALUE);
        Question question = null;
        if (idNode == null) {
            problems.add(path + "." + QUESTION_ID + ": is required");
        } else if (!idNode.isTextual()) {
            problems.add(path + "." + QUESTION_ID + ": must be a string, not " + kind(idNode));
        } else {
            String id = idNode.textValue();
            Question q = byId.get(id);
            Integer previous = q == null ? null : firstItem.putIfAbsent(id, index);
            if (q == null) {
                // Named only when shaped like a question id, in case free text was sent in its place.
                problems.add(path + "." + QUESTION_ID + ": unknown question" + (isId(id) ? " " + echo(id)
                        : "; a question id is lower-case letters, digits, '-' and '_'"));
            } else if (previous != null) {
                problems.add(path + "." + QUESTION_ID + ": question " + echo(id)
                        + " is answered more than once; first in answers[" + previous + "]");
            } else {
                question = q;
            }
        }
        if (value == null) {
            problems.add(path + "." + VALUE + ": is required; use null to leave a question out");
        }
        if (question != null) {
            values.put(question.id(), value == null ? MissingNode.getInstance() : value);
        }
    }

    // ---------------------------------------------------------------------------------------
    // Values: each returns the answer, or null after adding problems or when it counts as left out

    private Answer answer(Question q, JsonNode node) {
        return switch (q.type()) {
            case LIKERT5 -> likert(q, node);
            case SINGLE -> single(q, node);
            case MULTI -> multi(q, node);
            case NUMBER -> number(q, node);
            case TEXT -> text(q, node);
        };
    }

    private Answer likert(Question q, JsonNode node) {
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1 || node.intValue() > 5) {
            problem(q, "must be a whole number from 1 to 5" + notA(node));
            return null;
        }
        return new Answer(q.id(), q.type(), node.intValue(), null, null, null, null);
    }

    private Answer single(Question q, JsonNode node) {
        if (!node.isTextual()) {
            problem(q, "must be an option id (a string), not " + kind(node));
            return null;
        }
        String id = node.textValue();
        if (q.option(id).isEmpty()) {
            problem(q, unknownOption(id));
            return null;
        }
        return new Answer(q.id(), q.type(), null, id, null, null, null);
    }

    private Answer multi(Question q, JsonNode node) {
        if (!node.isArray()) {
            problem(q, "must be a list of option ids, not " + kind(node));
            return null;
        }
        if (node.isEmpty()) {
            return null;
        }
        int limit = q.maxChoices() != null ? q.maxChoices() : q.options().size();
        if (node.size() > limit) {
            problem(q, "at most " + limit + (limit == 1 ? " choice" : " choices") + " (this answer has "
                    + node.size() + ")");
            if (node.size() > q.options().size()) {
                // More choices than options: it cannot be mended choice by choice, so stop here.
                return null;
            }
        }
        int before = problems.size();
        Set<String> chosen = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode choice = node.get(i);
            if (!choice.isTextual()) {
                problem(q, "value[" + i + "] must be an option id (a string), not " + kind(choice));
            } else if (q.option(choice.textValue()).isEmpty()) {
                problem(q, unknownOption(choice.textValue()));
            } else if (!chosen.add(choice.textValue())) {
                problem(q, "option " + echo(choice.textValue()) + " is chosen more than once");
            }
        }
        if (problems.size() != before || node.size() > limit) {
            return null;
        }
        List<String> ordered = new ArrayList<>();
        for (Option o : q.options()) {
            if (chosen.contains(o.id())) {
                ordered.add(o.id());
            }
        }
        return new Answer(q.id(), q.type(), null, null, ordered, null, null);
    }

    private Answer number(Question q, JsonNode node) {
        BigDecimal min = q.min() != null ? q.min() : SurveyDefinitionParser.MAX_NUMBER_MAGNITUDE.negate();
        BigDecimal max = q.max() != null ? q.max() : SurveyDefinitionParser.MAX_NUMBER_MAGNITUDE;
        String expected = "must be " + (q.integer() ? "a whole number" : "a number") + " from "
                + min.toPlainString() + " to " + max.toPlainString();
        if (!node.isNumber()) {
            problem(q, expected + notA(node));
            return null;
        }
        if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
            problem(q, expected);
            return null;
        }
        BigDecimal stripped;
        try {
            stripped = node.decimalValue().stripTrailingZeros();
        } catch (ArithmeticException e) {
            // Only a hand-built node can hold an exponent at the limit of BigDecimal's scale.
            problem(q, expected);
            return null;
        }
        if (stripped.precision() > MAX_SIGNIFICANT_DIGITS) {
            problem(q, "must have at most " + MAX_SIGNIFICANT_DIGITS + " significant digits");
            return null;
        }
        if (q.integer() && stripped.scale() > 0 || stripped.compareTo(min) < 0 || stripped.compareTo(max) > 0) {
            problem(q, expected);
            return null;
        }
        if (stripped.scale() > MAX_DECIMAL_PLACES) {
            // 1E-999999 has one significant digit but would print as a million characters.
            problem(q, "must have at most " + MAX_DECIMAL_PLACES + " decimal places");
            return null;
        }
        // Within the bounds and at most 18 digits, so setting scale 0 stays small.
        BigDecimal value = stripped.scale() < 0 ? stripped.setScale(0) : stripped;
        return new Answer(q.id(), q.type(), null, null, null, value, null);
    }

    private Answer text(Question q, JsonNode node) {
        if (!node.isTextual()) {
            problem(q, "must be text (a string), not " + kind(node));
            return null;
        }
        String text = normaliseText(node.textValue());
        if (text.isEmpty()) {
            return null;
        }
        int max = q.maxLength() != null ? q.maxLength() : SurveyDefinition.DEFAULT_TEXT_MAX_LENGTH;
        int length = text.codePointCount(0, text.length());
        if (length > max) {
            // The count only: free text is confidential and never appears in a problem.
            problem(q, "at most " + max + " characters (this answer has " + length + ")");
            return null;
        }
        return new Answer(q.id(), q.type(), null, null, null, null, text);
    }

    /**
     * The canonical form of a text answer: CRLF and CR become LF; other C0 and C1 control
     * characters and DEL are removed, keeping LF and tab; an unpaired surrogate becomes U+FFFD;
     * the result is NFC-normalised and stripped of leading and trailing whitespace.
     */
    static String normaliseText(String raw) {
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\r') {
                sb.append('\n');
                if (i + 1 < raw.length() && raw.charAt(i + 1) == '\n') {
                    i++;
                }
            } else if (c == '\n' || c == '\t') {
                sb.append(c);
            } else if (isControl(c)) {
                continue;
            } else if (Character.isHighSurrogate(c) && i + 1 < raw.length()
                    && Character.isLowSurrogate(raw.charAt(i + 1))) {
                sb.append(c).append(raw.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                sb.append('\uFFFD');
            } else {
                sb.append(c);
            }
        }
        return Normalizer.normalize(sb, Normalizer.Form.NFC).strip();
    }

    // ---------------------------------------------------------------------------------------
    // Messages

    private void problem(Question q, String message) {
        problems.add(q.id() + ": " + message);
    }

    private InvalidAnswersException exception() {
        return new InvalidAnswersException(problems);
    }

    /**
     * Names an unknown option only when it is shaped like an option id: a value sent for the wrong
     * question may be free text, which must never appear in a problem.
     */
    private static String unknownOption(String value) {
        return isId(value)
                ? "unknown option " + echo(value)
                : "unknown option; an option id is lower-case letters, digits, '-' and '_'";
    }

    private static boolean isId(String value) {
        return value.length() <= ECHO_LIMIT && SurveyDefinitionParser.ID_PATTERN.matcher(value).matches();
    }

    /** ", not a string" and the like for a value of the wrong kind; empty for a number. */
    private static String notA(JsonNode node) {
        return node.isNumber() ? "" : ", not " + kind(node);
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "a list";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case BINARY -> "binary data";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL, MISSING -> "null";
        };
    }

    private static boolean isControl(char c) {
        return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0);
    }


    /** Quotes at most 64 characters of input on one line (see {@link Echo#quoted}). */
    static String echo(String value) {
        return Echo.quoted(value);
    }
}
