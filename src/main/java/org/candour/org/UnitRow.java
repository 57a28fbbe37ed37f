package org.candour.org;

import java.util.Objects;

/**
 * One reporting unit as read from an import file.
 *
 * @param location where the unit is in the file: {@code "line 7"} for CSV (the line its record starts on),
 *                 a JSON-pointer-like path such as {@code "/units/3"} for JSON
 * @param id       the unit's external id, trimmed
 * @param name     the unit's display name, trimmed
 * @param parentId the parent's external id, or {@code null} for a top-level unit
 */
public record UnitRow(String location, String id, String name, String parentId) {

    public UnitRow {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
    }
}
