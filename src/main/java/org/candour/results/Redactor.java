package org.candour.results;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The automatic redaction pass over comments before anyone sees them: the organisation's unit names,
 * e-mail addresses, phone numbers, UK National Insurance numbers, postcodes and case reference
 * numbers become placeholders, and so do people's names ({@link NameFinder}: a gazetteer shipped as
 * data plus context rules, no network service). It catches the common forms, not every one: it is a
 * safety net under the advice respondents are given, not a guarantee (docs/redaction.md gives the
 * measured recall). Pure Java.
 */
public final class Redactor {

    private static final Pattern EMAIL = Pattern.compile("[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}.-]+\\.[\\p{L}]{2,}");
    /** UK numbers: +44 or 0, then 9 or 10 digits, with spaces, dots, dashes or brackets between. */
    private static final Pattern PHONE = Pattern.compile("(?<![\\p{N}])(?:\\+44\\s?\\(?0?\\)?|\\(?0)(?:[\\s.\\-()]*\\d){9,10}(?![\\p{N}])");
    /** National Insurance number: two letters, six digits, a suffix A-D (spaces allowed; any letters, to err on the safe side). */
    private static final Pattern NI = Pattern.compile("(?i)\\b[A-Z]{2}\\s?\\d{2}\\s?\\d{2}\\s?\\d{2}\\s?[A-D]\\b");
    /** UK postcode, e.g. SW1A 1AA, M1 1AE, B33 8TH. */
    private static final Pattern POSTCODE = Pattern.compile("(?i)\\b[A-Z]{1,2}\\d[A-Z\\d]?\\s?\\d[A-Z]{2}\\b");
    /**
     * Case references: a probation case reference number (CRN, a letter and six digits), a PNC
     * number (e.g. 2019/0123456A), or a number after "case", "ref", "reference", "CRN" or "PNC".
     */
    private static final Pattern CASE = Pattern.compile("(?i)\\b(?:[A-Z]\\d{6}|\\d{2,4}/\\d{5,7}[A-Z]"
            + "|(?:case|ref|reference|crn|pnc)(?:\\s*(?:no\\.?|number|#))?[\\s:#]*[A-Z]?\\d[\\dA-Z/-]{3,})\\b");

    private final List<Pattern> unitNames = new ArrayList<>();

    /** @param unitNames the organisation's unit names, replaced wherever they appear (case-insensitive, whole words) */
    public Redactor(List<String> unitNames) {
        unitNames.stream().filter(n -> n != null && n.strip().length() >= 3)
                .sorted(Comparator.comparingInt(String::length).reversed())
                .forEach(n -> this.unitNames.add(Pattern.compile("(?iu)(?<![\\p{L}\\p{N}])" + Pattern.quote(n.strip())
                        + "(?![\\p{L}\\p{N}])")));
        NameFinder.warm();
    }

    public String redact(String text) {
        List<int[]> spans = spans(text);
        if (spans.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (int[] s : spans) {
            out.append(text, at, s[0]).append(PLACEHOLDERS[s[2]]);
            at = s[1];
        }
        return out.append(text, at, text.length()).toString();
    }

    /** What each kind of span becomes; the index is a span's third element. */
    static final String[] PLACEHOLDERS = {"[email address]", "[NI number]", "[phone number]", "[case reference]",
        "[postcode]", "[unit]", "[name]"};
    static final int NAME = 6;

    /**
     * The spans to blank, as {start, end, kind} sorted by start and disjoint: each pattern in turn, in the
     * order of {@link #PLACEHOLDERS}, over what the earlier ones left, then unit names, then people's names.
     */
    List<int[]> spans(String text) {
        List<int[]> spans = new ArrayList<>();
        Pattern[] patterns = {EMAIL, NI, PHONE, CASE, POSTCODE};
        for (int kind = 0; kind < patterns.length; kind++) {
            add(spans, patterns[kind], text, kind);
        }
        for (Pattern p : unitNames) {
            add(spans, p, text, 5);
        }
        for (NameFinder.Span n : NameFinder.find(text, spans)) {
            spans.add(new int[] {n.start(), n.end(), NAME});
        }
        spans.sort(Comparator.comparingInt(s -> s[0]));
        return joinNames(spans, text);
    }

    /** "Sarah J. Jones" becomes one "[name]", not three. */
    private static List<int[]> joinNames(List<int[]> spans, String text) {
        List<int[]> out = new ArrayList<>(spans.size());
        for (int[] s : spans) {
            int[] last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last[2] == NAME && s[2] == NAME
                    && text.substring(last[1], s[0]).chars().allMatch(c -> c == ' ' || c == '.')) {
                last[1] = s[1];
            } else {
                out.add(s);
            }
        }
        return out;
    }

    private static void add(List<int[]> spans, Pattern p, String text, int kind) {
        Matcher m = p.matcher(text);
        List<int[]> found = new ArrayList<>();
        while (m.find()) {
            int start = m.start();
            int end = m.end();
            if (spans.stream().noneMatch(s -> s[0] < end && start < s[1])) {
                found.add(new int[] {start, end, kind});
            }
        }
        spans.addAll(found);
    }

    @Override
    public String toString() {
        return "Redactor[" + unitNames.size() + " unit names]".toLowerCase(Locale.ROOT);
    }
}
