package org.candour.org;

import java.util.Objects;

/**
 * One thing wrong with an import file. Messages are safe to show to the person importing: they quote at most
 * 64 characters of any input value and never contain raw control characters.
 *
 * @param location {@code "file"}, {@code "line 7"} or a JSON-pointer-like path such as {@code "/units/3"}
 * @param message  what is wrong and, where possible, how to fix it
 */
public record UnitImportProblem(String location, String message) {

    public UnitImportProblem {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return location + ": " + message;
    }
}
