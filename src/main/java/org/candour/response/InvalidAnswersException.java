package org.candour.response;

import java.util.List;
import org.candour.web.ProblemException;

/**
 * A set of answers broke one or more rules of its survey. An expected failure: it carries no stack
 * trace. Each problem starts with the question id it concerns, such as
 * {@code workload: must be a whole number from 1 to 5}, or for a structural problem with the path
 * of the offending item, such as {@code answers[3]: unknown field "foo"}. No problem contains any
 * part of a text answer, more than 64 characters of any other input, or a control character.
 */
public final class InvalidAnswersException extends ProblemException {

    private static final long serialVersionUID = 1L;

    public InvalidAnswersException(List<String> problems) {
        super(422, "The answers have " + problems.size() + " problem(s)", problems);
    }
}
