package org.candour.results;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs the Redactor over the corpus of invented staff comments in {@code redaction/comments.txt} and
 * measures, per kind of span marked there, the share of spans blanked whole (recall), and the words
 * blanked outside every marked span (false positives). Prints the figures docs/redaction.md reports.
 */
class RedactionCorpusTest {

    static final List<String> TYPES = List.of("NAME", "UNIT", "EMAIL", "PHONE", "NI", "POSTCODE", "CASE");
    /** Recall every kind must reach. */
    static final double MIN_RECALL = 0.95;
    /** At most this share of the words outside marked spans may be blanked. */
    static final double MAX_FALSE_POSITIVE_RATE = 0.01;

    private static final Pattern MARK = Pattern.compile("\\[\\[([A-Z]+):([^\\]]+)]]");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

    /** A comment with its markup removed and its marked spans. */
    record Comment(String text, List<int[]> spans, List<String> types) { }

    record Figures(Map<String, int[]> caughtOfMarked, int falsePositiveWords, int unmarkedWords,
                   List<String> missed, List<String> falsePositives) { }

    @Test
    void recallPerTypeAndFalsePositivesOnTheCorpus() throws IOException {
        Corpus development = Corpus.load("comments.txt");
        Corpus heldOut = Corpus.load("held-out.txt");
        System.out.print(report("development set (the rules were tuned on it)", development,
                measure(new Redactor(development.units), development.comments)));
        System.out.print(report("held-out set", heldOut, measure(new Redactor(heldOut.units), heldOut.comments)));
        Corpus all = new Corpus();
        all.units.addAll(development.units);
        all.comments.addAll(development.comments);
        all.comments.addAll(heldOut.comments);
        assertTrue(all.comments.size() >= 100, "the corpus has at least 100 comments");
        Figures f = measure(new Redactor(all.units), all.comments);
        String report = report("both", all, f);
        System.out.print(report);
        f.caughtOfMarked.forEach((type, c) -> assertTrue(c[1] >= 5 && (double) c[0] / c[1] >= MIN_RECALL,
                type + " recall below " + MIN_RECALL + ":\n" + report));
        assertTrue((double) f.falsePositiveWords / f.unmarkedWords <= MAX_FALSE_POSITIVE_RATE,
                "false positives above " + MAX_FALSE_POSITIVE_RATE + ":\n" + report);
    }

    static String report(String title, Corpus corpus, Figures f) {
        StringBuilder report = new StringBuilder("Redaction corpus, " + title + ": " + corpus.comments.size()
                + " comments\n");
        f.caughtOfMarked.forEach((type, c) -> report.append(String.format("  %-8s %3d/%3d caught  recall %.1f%%%n",
                type, c[0], c[1], 100.0 * c[0] / c[1])));
        report.append(String.format("  false positives: %d of %d words outside marked spans blanked (%.2f%%)%n",
                f.falsePositiveWords, f.unmarkedWords, 100.0 * f.falsePositiveWords / f.unmarkedWords));
        f.missed.forEach(m -> report.append("  missed: ").append(m).append('\n'));
        f.falsePositives.forEach(m -> report.append("  blanked outside a span: ").append(m).append('\n'));
        return report.toString();
    }

    static Figures measure(Redactor redactor, List<Comment> comments) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        TYPES.forEach(t -> counts.put(t, new int[2]));
        List<String> missed = new ArrayList<>();
        List<String> falsePositives = new ArrayList<>();
        int fp = 0;
        int unmarked = 0;
        for (Comment c : comments) {
            boolean[] blanked = new boolean[c.text.length()];
            for (int[] s : redactor.spans(c.text)) {
                Arrays.fill(blanked, s[0], s[1], true);
            }
            for (int i = 0; i < c.spans.size(); i++) {
                int[] s = c.spans.get(i);
                boolean whole = true;
                for (int k = s[0]; k < s[1]; k++) {
                    whole &= blanked[k] || !Character.isLetterOrDigit(c.text.charAt(k));
                }
                int[] count = counts.get(c.types.get(i));
                count[1]++;
                if (whole) {
                    count[0]++;
                } else {
                    missed.add(c.types.get(i) + " \"" + c.text.substring(s[0], s[1]) + "\"");
                }
            }
            Matcher w = WORD.matcher(c.text);
            while (w.find()) {
                int at = w.start();
                if (c.spans.stream().anyMatch(s -> s[0] <= at && at < s[1])) {
                    continue;
                }
                unmarked++;
                if (blanked[at]) {
                    fp++;
                    falsePositives.add("\"" + w.group() + "\"");
                }
            }
        }
        return new Figures(counts, fp, unmarked, missed, falsePositives);
    }

    static final class Corpus {
        final List<String> units = new ArrayList<>();
        final List<Comment> comments = new ArrayList<>();

        static Corpus load(String file) throws IOException {
            Corpus corpus = new Corpus();
            String all;
            try (InputStream in = RedactionCorpusTest.class.getResourceAsStream("/redaction/" + file)) {
                all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            for (String line : all.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("@units:")) {
                    Arrays.stream(line.substring(7).split("\\|")).map(String::strip).forEach(corpus.units::add);
                    continue;
                }
                corpus.comments.add(parse(line));
            }
            return corpus;
        }

        static Comment parse(String line) {
            StringBuilder text = new StringBuilder();
            List<int[]> spans = new ArrayList<>();
            List<String> types = new ArrayList<>();
            Matcher m = MARK.matcher(line);
            int at = 0;
            while (m.find()) {
                text.append(line, at, m.start());
                if (!TYPES.contains(m.group(1))) {
                    throw new IllegalArgumentException("unknown span type " + m.group(1));
                }
                spans.add(new int[] {text.length(), text.length() + m.group(2).length()});
                types.add(m.group(1));
                text.append(m.group(2));
                at = m.end();
            }
            text.append(line.substring(at));
            return new Comment(text.toString(), spans, types);
        }
    }
}
