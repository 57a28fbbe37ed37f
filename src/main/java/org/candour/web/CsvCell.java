package org.candour.web;

/** One CSV cell as Candour writes them. */
public final class CsvCell {

    private CsvCell() {
    }

    /** Quoted, and a leading = + - @ defused so a spreadsheet does not run it as a formula; empty stays empty. */
    public static String of(String s) {
        if (s.isEmpty()) {
            return "";
        }
        String safe = "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        return "\"" + safe.replace("\"", "\"\"") + "\"";
    }
}
