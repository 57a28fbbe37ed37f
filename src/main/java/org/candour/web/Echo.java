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
}
