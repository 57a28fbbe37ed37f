package org.candour.survey;

import java.util.List;

/**
 * A survey definition broke one or more rules of the format. An expected failure: it carries no
 * stack trace. Each problem starts with the JSON path it concerns, such as
 * {@code questions[3].options[1].id: must match [a-z0-9][a-z0-9_-]{0,63}}; no problem echoes more
 * than 64 characters of the input.
 */
public final class InvalidSurveyDefinitionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public InvalidSurveyDefinitionException(List<String> problems) {
        super("The survey definition has " + problems.size() + " problem(s)", null, false, false);
        this.problems = List.copyOf(problems);
    }

    /** The problems found, in document order, each prefixed by its JSON path. */
    public List<String> problems() {
        return problems;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
