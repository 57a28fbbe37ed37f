package org.candour.whistleblowing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a cleaner found and removed, counted by kind in the order first found, as lines for the report. */
final class Findings {

    private final Map<String, Integer> counts = new LinkedHashMap<>();

    void add(String what) {
        add(what, 1);
    }

    void add(String what, int n) {
        if (n > 0) {
            counts.merge(what, n, Integer::sum);
        }
    }

    /** Notes a kind once, without counting it. */
    void mention(String what) {
        counts.putIfAbsent(what, 1);
    }

    boolean isEmpty() {
        return counts.isEmpty();
    }

    /** One line per kind, with how many when more than one ("comments (3)"). */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        counts.forEach((what, n) -> lines.add(n == 1 ? what : what + " (" + n + ")"));
        return lines;
    }
}
