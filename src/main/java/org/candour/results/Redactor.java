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
 * numbers become placeholders. It catches the common forms, not every one: it is a safety net under
 * the advice respondents are given, not a guarantee. Pure Java.
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
    }

    public String redact(String text) {
        String out = replace(EMAIL, text, "[email address]");
        out = replace(NI, out, "[NI number]");
        out = replace(PHONE, out, "[phone number]");
        out = replace(CASE, out, "[case reference]");
        out = replace(POSTCODE, out, "[postcode]");
        for (Pattern p : unitNames) {
            out = replace(p, out, "[unit]");
        }
        return out;
    }

    private static String replace(Pattern p, String text, String placeholder) {
        Matcher m = p.matcher(text);
        return m.find() ? m.replaceAll(Matcher.quoteReplacement(placeholder)) : text;
    }

    @Override
    public String toString() {
        return "Redactor[" + unitNames.size() + " unit names]".toLowerCase(Locale.ROOT);
    }
}
