package org.candour.org;

import java.util.ArrayList;
import java.util.List;

/**
 * An import file was rejected as a whole. Expected failure: carries no stack trace. The message is a short summary
 * that never contains input; {@link #problems()} lists what is wrong, at most {@value #MAX_LISTED} problems
 * followed by one {@code "…and N more problems"} entry when there were more.
 */
public final class UnitImportException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** How many problems are listed before the rest are summarised in one entry. */
    public static final int MAX_LISTED = 100;

    private final List<UnitImportProblem> problems;

    public UnitImportException(String summary, List<UnitImportProblem> problems) {
        this(summary, problems, 0);
    }

    /** For collectors that stop keeping problems after {@value #MAX_LISTED} and only count the rest. */
    UnitImportException(String summary, List<UnitImportProblem> problems, int notListed) {
        super(summary);
        int total = problems.size() + notListed;
        List<UnitImportProblem> listed = new ArrayList<>(problems.subList(0, Math.min(problems.size(), MAX_LISTED)));
        if (total > MAX_LISTED) {
            int more = total - MAX_LISTED;
            listed.add(new UnitImportProblem("file", "…and " + more + (more == 1 ? " more problem" : " more problems")));
        }
        this.problems = List.copyOf(listed);
    }

    /** The problems found, in file order; never empty when thrown by {@link UnitTreeParser}. */
    public List<UnitImportProblem> problems() {
        return problems;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
