package org.candour.web;

/** Shows a piece of what someone sent inside a message: short, and with nothing unprintable. */
public final class Echo {

    /** The most characters of any input a message may repeat. */
    public static final int MAX = 64;

    private Echo() {
    }

    /** At most {@code max} code points of {@code value} (then "…"), with control and format characters as '?'. */
    public static String shorten(String value, int max) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < value.length(); ) {
            if (shown == max) {
                out.append('…');
                break;
            }
            int cp = value.codePointAt(i);
            out.appendCodePoint(isPrintable(cp) ? cp : '?');
            shown++;
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    /** {@link #shorten(String, int)} at the usual limit. */
    public static String shorten(String value) {
        return shorten(value, MAX);
    }

    public static boolean isPrintable(int cp) {
        int type = Character.getType(cp);
        return type != Character.CONTROL && type != Character.FORMAT && type != Character.SURROGATE
                && type != Character.UNASSIGNED && type != Character.LINE_SEPARATOR
                && type != Character.PARAGRAPH_SEPARATOR && type != Character.PRIVATE_USE;
    }

    /**
     * Quotes at most 64 characters of input, escaped so that it stays on one line and shows no
     * control, separator or format (such as bidi override) character raw.
     */
    public static String quoted(String value) {
        int end = value.length();
        boolean cut = false;
        if (value.codePointCount(0, value.length()) > MAX) {
            end = value.offsetByCodePoints(0, MAX);
            cut = true;
        }
        StringBuilder sb = new StringBuilder(end + 8).append('"');
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            boolean pairedSurrogate = Character.isHighSurrogate(c) && i + 1 < end
                    && Character.isLowSurrogate(value.charAt(i + 1))
                    || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if ((c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) || Character.isSurrogate(c) && !pairedSurrogate || isBreakOrFormat(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append(cut ? "…\"" : "\"").toString();
    }

    /** Line and paragraph separators and format characters such as bidi overrides. */
    private static boolean isBreakOrFormat(char c) {
        int type = Character.getType(c);
        return type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR || type == Character.FORMAT;
    }
}
