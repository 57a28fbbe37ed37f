package org.candour.survey;

import java.util.List;
import org.candour.web.ProblemException;

/**
 * A survey definition broke one or more rules of the format. An expected failure: it carries no
 * stack trace. Each problem starts with the JSON path it concerns, such as
 * {@code questions[3].options[1].id: must match [a-z0-9][a-z0-9_-]{0,63}}; no problem echoes more
 * than 64 characters of the input.
 */
public final class InvalidSurveyDefinitionException extends ProblemException {

    private static final long serialVersionUID = 1L;

    public InvalidSurveyDefinitionException(List<String> problems) {
        super(422, "The survey definition has " + problems.size() + " problem(s)", problems);
    }
}
