package org.candour.web;

import java.util.List;

/**
 * An expected failure with a status and a message written for the person who caused it; mapped
 * to a clear 4xx by {@link ErrorMappers}. Carries no stack trace: it is not a bug.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final List<String> problems;

    public ProblemException(int status, String message, List<String> problems) {
        super(message, null, false, false);
        this.status = status;
        this.problems = List.copyOf(problems);
    }

    public ProblemException(int status, String message) {
        this(status, message, List.of());
    }

    public int status() {
        return status;
    }

    public List<String> problems() {
        return problems;
    }

    public static ProblemException badRequest(String message) {
        return new ProblemException(400, message);
    }

    public static ProblemException notFound(String message) {
        return new ProblemException(404, message);
    }

    public static ProblemException conflict(String message) {
        return new ProblemException(409, message);
    }
}
