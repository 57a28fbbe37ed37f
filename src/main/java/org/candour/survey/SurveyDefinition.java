package org.candour.survey;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable survey definition, as described in {@code docs/survey-format.md}.
 *
 * <p>Instances are normally obtained from {@link SurveyDefinitionParser#parse(String)}, which
 * validates every rule of the format and fills in defaults, so that every parsed definition has
 * one canonical form. The records themselves only guard against nulls and keep their lists
 * immutable; they do not re-validate the format.
 *
 * @param title the survey's title, shown to respondents
 * @param description optional introduction, or {@code null}
 * @param k the minimum number of responses behind any released figure
 * @param questions the questions, in the order they are asked
 * @param breakdowns the ids of the demographic questions results are broken down by, outermost first,
 *     or empty for none (docs/privacy-thresholds.md, "Breakdown by demographics")
 */
public record SurveyDefinition(String title, String description, int k, List<Question> questions,
        List<String> breakdowns) {

    /** The k used when a definition does not state one. */
    public static final int DEFAULT_K = 10;
    /** The smallest k a definition may state. */
    public static final int MIN_K = 5;
    /** The largest k a definition may state. */
    public static final int MAX_K = 1000;
    /** The labels of a likert5 question that does not state its own. */
    public static final List<String> DEFAULT_LIKERT5_LABELS = List.of(
            "Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree");
    /** The most demographics a survey may be broken down by. */
    public static final int MAX_BREAKDOWNS = 3;
    /** The maximum length of a text answer when a text question does not state one. */
    public static final int DEFAULT_TEXT_MAX_LENGTH = 2000;

    public SurveyDefinition {
        Objects.requireNonNull(title, "title");
        questions = List.copyOf(questions);
        breakdowns = breakdowns == null ? List.of() : List.copyOf(breakdowns);
    }

    /** A definition without a breakdown demographic. */
    public SurveyDefinition(String title, String description, int k, List<Question> questions) {
        this(title, description, k, questions, List.of());
    }

    /** The breakdown demographics, outermost first (empty when the definition names none). */
    public List<Question> breakdownQuestions() {
        return breakdowns.stream().map(id -> question(id).orElseThrow()).toList();
    }

    /** This question's place among the breakdown demographics, outermost 0, or -1 when it is not one. */
    public int breakdownLevel(String questionId) {
        return breakdowns.indexOf(questionId);
    }

    /** Whether results are broken down by this question (it is one of the breakdown demographics). */
    public boolean isBreakdown(String questionId) {
        return breakdowns.contains(questionId);
    }

    /** The question with this id, if there is one. */
    public Optional<Question> question(String id) {
        return questions.stream().filter(q -> q.id().equals(id)).findFirst();
    }

    /** The demographic questions, in survey order. */
    public List<Question> demographics() {
        return questions.stream().filter(Question::demographic).toList();
    }

    /** The kinds of question; {@link #jsonName()} is the name used in the JSON format. */
    public enum QuestionType {
        LIKERT5("likert5"),
        SINGLE("single"),
        MULTI("multi"),
        TEXT("text"),
        NUMBER("number");

        private final String jsonName;

        QuestionType(String jsonName) {
            this.jsonName = jsonName;
        }

        public String jsonName() {
            return jsonName;
        }

        /** The type with this JSON name, if there is one. */
        public static Optional<QuestionType> fromJsonName(String name) {
            for (QuestionType t : values()) {
                if (t.jsonName.equals(name)) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * One question. Fields that do not apply to the question's type are {@code null}, {@code false}
     * or empty lists.
     *
     * @param id stable identifier, unique within the survey
     * @param type the kind of question
     * @param text the question as shown
     * @param help optional guidance shown with the question, or {@code null}
     * @param required whether an answer is needed to submit
     * @param options single and multi: the choices, in display order; otherwise empty
     * @param maxChoices multi: the most choices a respondent may tick, or {@code null} for no limit
     * @param min number: the smallest accepted answer; otherwise {@code null}
     * @param max number: the largest accepted answer; otherwise {@code null}
     * @param integer number: whether only whole numbers are accepted; otherwise {@code false}
     * @param maxLength text: the longest accepted answer in characters; otherwise {@code null}
     * @param labels likert5: the five scale labels, lowest first; otherwise empty
     * @param demographic whether this single question is a demographic with ordered bands
     * @param hierarchy demographic only: coarser groupings of the bands, finest level first;
     *     otherwise empty
     */
    public record Question(
            String id,
            QuestionType type,
            String text,
            String help,
            boolean required,
            List<Option> options,
            Integer maxChoices,
            BigDecimal min,
            BigDecimal max,
            boolean integer,
            Integer maxLength,
            List<String> labels,
            boolean demographic,
            List<List<BandGroup>> hierarchy) {

        public Question {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(text, "text");
            options = options == null ? List.of() : List.copyOf(options);
            labels = labels == null ? List.of() : List.copyOf(labels);
            hierarchy = hierarchy == null ? List.of() : hierarchy.stream().map(List::copyOf).toList();
            min = normalise(min);
            max = normalise(max);
        }

        /**
         * Whether results can show this question's answers: always, except a multi-choice question that
         * is required or limits how many options one may choose, whose options' counts then depend on
         * each other (docs/privacy-thresholds.md, "Multi-choice and number questions").
         */
        public boolean releasable() {
            return type != QuestionType.MULTI || !required && (maxChoices == null || maxChoices >= options.size());
        }

        /** The option with this id, if there is one. */
        public Optional<Option> option(String optionId) {
            return options.stream().filter(o -> o.id().equals(optionId)).findFirst();
        }

        /**
         * Numerically equal values compare equal as record components: trailing zeros are
         * dropped, but never below scale 0, so 40, 40.0 and 4E+1 all become 40.
         */
        private static BigDecimal normalise(BigDecimal value) {
            if (value == null) {
                return null;
            }
            BigDecimal stripped = value.stripTrailingZeros();
            return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
        }
    }

    /** A choice of a single or multi question. */
    public record Option(String id, String label) {
        public Option {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(label, "label");
        }
    }

    /** A group of a demographic question's bands at one level of its hierarchy. */
    public record BandGroup(String id, String label, List<String> options) {
        public BandGroup {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(label, "label");
            options = List.copyOf(options);
        }
    }
}
