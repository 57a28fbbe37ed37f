package org.candour.publication;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The publisher's commentary: plain text with a small, safe markup subset, for the public page (as HTML)
 * and the PDF (as blocks).
 *
 * <ul>
 * <li>paragraphs are separated by blank lines; the lines of one paragraph are joined with a space;
 * <li>a line starting {@code "## "} is a subheading (white space before the marker is ignored, here and below);
 * <li>consecutive lines starting {@code "- "} form a bullet list; an indented line after an item continues it;
 * <li>inline {@code **bold**} and {@code *italic*}, which may nest; a {@code *} that opens or closes nothing
 *     stays a literal {@code *}.
 * </ul>
 *
 * <p>Nothing else: no links, no images, no raw HTML. {@link #toHtml(String)} emits only {@code h3}, {@code p},
 * {@code ul}, {@code li}, {@code strong} and {@code em}, and escapes every character of the text. Pure Java.
 */
public final class Markup {

    /** The most characters (code points, a line break counting as one) a commentary may have. */
    public static final int MAX_LENGTH = 20_000;

    private Markup() {
    }

    /** One block of the commentary. */
    public sealed interface Block permits Heading, Paragraph, BulletList {
    }

    /** A subheading ({@code "## "}). */
    public record Heading(List<Run> runs) implements Block {
        public Heading {
            runs = List.copyOf(runs);
        }
    }

    /** A paragraph. */
    public record Paragraph(List<Run> runs) implements Block {
        public Paragraph {
            runs = List.copyOf(runs);
        }
    }

    /** A bullet list: each item is its inline runs. */
    public record BulletList(List<List<Run>> items) implements Block {
        public BulletList {
            items = items.stream().map(List::copyOf).toList();
        }
    }

    /** A piece of text (never escaped: the raw characters) with its emphasis. */
    public record Run(String text, boolean bold, boolean italic) {
    }

    /**
     * Why {@code source} cannot be saved as a commentary, in a sentence for a 400, or empty when it can.
     * The message never repeats the text.
     */
    public static Optional<String> validate(String source) {
        if (source == null) {
            return Optional.empty();
        }
        String text = normaliseLineBreaks(source);
        int length = text.codePointCount(0, text.length());
        if (length > MAX_LENGTH) {
            return Optional.of(String.format("The commentary is %,d characters long; the most is %,d.", length,
                    MAX_LENGTH));
        }
        int line = 1;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (cp == '\n') {
                line++;
            } else if (cp != '\t' && Character.getType(cp) == Character.CONTROL) {
                return Optional.of(String.format(
                        "The commentary has a control character (U+%04X) on line %d; only line breaks and tabs "
                                + "are allowed.", cp, line));
            }
            i += Character.charCount(cp);
        }
        return Optional.empty();
    }

    /**
     * The blocks of {@code source}. Never fails: control characters (other than line breaks) are dropped and a
     * tab reads as a space, so that unvalidated text still renders.
     */
    public static List<Block> parse(String source) {
        List<Block> blocks = new ArrayList<>();
        if (source == null) {
            return blocks;
        }
        StringBuilder paragraph = null;
        List<StringBuilder> items = null;
        for (String raw : clean(source).split("\n", -1)) {
            String lead = raw.stripLeading();
            String line = lead.stripTrailing();
            boolean heading = lead.startsWith("## ");
            boolean item = lead.startsWith("- ");
            boolean blank = line.isEmpty();
            if (items != null && !blank && !heading && !item && Character.isWhitespace(raw.charAt(0))) {
                items.get(items.size() - 1).append(' ').append(line); // an indented line continues the item
                continue;
            }
            if (blank || heading || item) {
                paragraph = flushParagraph(paragraph, blocks);
            }
            if (!item) {
                items = flushList(items, blocks);
            }
            if (heading) {
                List<Run> runs = inline(lead.substring(3).strip());
                if (!runs.isEmpty()) {
                    blocks.add(new Heading(runs));
                }
            } else if (item) {
                if (items == null) {
                    items = new ArrayList<>();
                }
                items.add(new StringBuilder(lead.substring(2).strip()));
            } else if (!blank && paragraph == null) {
                paragraph = new StringBuilder(line);
            } else if (!blank) {
                paragraph.append(' ').append(line);
            }
        }
        flushParagraph(paragraph, blocks);
        flushList(items, blocks);
        return blocks;
    }

    /** The commentary as HTML of {@code h3}, {@code p}, {@code ul}, {@code li}, {@code strong} and {@code em}. */
    public static String toHtml(String source) {
        StringBuilder html = new StringBuilder();
        for (Block block : parse(source)) {
            if (block instanceof Heading h) {
                html.append("<h3>").append(runsToHtml(h.runs())).append("</h3>\n");
            } else if (block instanceof Paragraph p) {
                html.append("<p>").append(runsToHtml(p.runs())).append("</p>\n");
            } else if (block instanceof BulletList l) {
                html.append("<ul>\n");
                for (List<Run> item : l.items()) {
                    html.append("<li>").append(runsToHtml(item)).append("</li>\n");
                }
                html.append("</ul>\n");
            }
        }
        return html.toString();
    }

    /** {@code text} with {@code & < > " '} as character references. */
    public static String escapeHtml(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String runsToHtml(List<Run> runs) {
        StringBuilder out = new StringBuilder();
        for (Run run : runs) {
            out.append(run.bold() ? "<strong>" : "").append(run.italic() ? "<em>" : "")
                    .append(escapeHtml(run.text()))
                    .append(run.italic() ? "</em>" : "").append(run.bold() ? "</strong>" : "");
        }
        return out.toString();
    }

    private static String normaliseLineBreaks(String source) {
        return source.replace("\r\n", "\n").replace('\r', '\n');
    }

    private static String clean(String source) {
        String text = normaliseLineBreaks(source);
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (cp == '\t') {
                out.append(' ');
            } else if (cp == '\n' || Character.getType(cp) != Character.CONTROL) {
                out.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    private static StringBuilder flushParagraph(StringBuilder paragraph, List<Block> blocks) {
        if (paragraph != null) {
            blocks.add(new Paragraph(inline(paragraph.toString())));
        }
        return null;
    }

    private static List<StringBuilder> flushList(List<StringBuilder> items, List<Block> blocks) {
        if (items != null) {
            List<List<Run>> runs = new ArrayList<>();
            for (StringBuilder item : items) {
                List<Run> r = inline(item.toString());
                if (!r.isEmpty()) {
                    runs.add(r);
                }
            }
            if (!runs.isEmpty()) {
                blocks.add(new BulletList(runs));
            }
        }
        return null;
    }

    // Inline emphasis: a small form of CommonMark's delimiter algorithm. A run of '*' can open when the
    // character after it is not white space, and close when the one before it is not; each closer, left to
    // right, takes the nearest opener before it (two stars when both have two, else one), and the star runs
    // between them become literal. Stars left over are literal.

    private static final class Token {
        final String text; // null for a run of stars
        final boolean canOpen;
        final boolean canClose;
        int stars;
        boolean active = true;
        int boldOpens;
        int italicOpens;
        int boldCloses;
        int italicCloses;

        Token(String text, int stars, boolean canOpen, boolean canClose) {
            this.text = text;
            this.stars = stars;
            this.canOpen = canOpen;
            this.canClose = canClose;
        }
    }

    static List<Run> inline(String text) {
        List<Token> tokens = tokenise(text);
        int bottom = 0; // no opener is left below this: openers only ever lose stars
        int[] previous = new int[tokens.size()]; // where a look back goes on from each token
        for (int i = 0; i < previous.length; i++) {
            previous[i] = i - 1;
        }
        for (int c = 0; c < tokens.size(); c++) {
            Token closer = tokens.get(c);
            if (closer.text != null || !closer.canClose) {
                continue;
            }
            while (closer.stars > 0 && closer.active) {
                int o = nearestOpener(tokens, previous, c, bottom);
                if (o < 0) {
                    bottom = c;
                    break;
                }
                Token opener = tokens.get(o);
                boolean strong = opener.stars >= 2 && closer.stars >= 2;
                int use = strong ? 2 : 1;
                opener.stars -= use;
                closer.stars -= use;
                if (strong) {
                    opener.boldOpens++;
                    closer.boldCloses++;
                } else {
                    opener.italicOpens++;
                    closer.italicCloses++;
                }
                for (int between = previous[c]; between > o; between = previous[between]) {
                    tokens.get(between).active = false;
                }
                previous[c] = o; // what lies between is literal from now on: later looks back skip it
            }
        }
        return flatten(tokens);
    }

    private static List<Token> tokenise(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int j = i;
            if (text.charAt(i) == '*') {
                while (j < text.length() && text.charAt(j) == '*') {
                    j++;
                }
                boolean canOpen = j < text.length() && !Character.isWhitespace(text.charAt(j));
                boolean canClose = i > 0 && !Character.isWhitespace(text.charAt(i - 1));
                tokens.add(new Token(null, j - i, canOpen, canClose));
            } else {
                while (j < text.length() && text.charAt(j) != '*') {
                    j++;
                }
                tokens.add(new Token(text.substring(i, j), 0, false, false));
            }
            i = j;
        }
        return tokens;
    }

    private static int nearestOpener(List<Token> tokens, int[] previous, int closer, int bottom) {
        for (int o = previous[closer]; o >= bottom; o = previous[o]) {
            Token t = tokens.get(o);
            if (t.text == null && t.active && t.canOpen && t.stars > 0) {
                return o;
            }
        }
        return -1;
    }

    private static List<Run> flatten(List<Token> tokens) {
        Runs runs = new Runs();
        int bold = 0;
        int italic = 0;
        for (Token t : tokens) {
            if (t.text != null) {
                runs.add(t.text, bold > 0, italic > 0);
                continue;
            }
            bold -= t.boldCloses;
            italic -= t.italicCloses;
            runs.add("*".repeat(t.stars), bold > 0, italic > 0);
            bold += t.boldOpens;
            italic += t.italicOpens;
        }
        return runs.finish();
    }

    /** Text gathered into runs, a new run wherever the emphasis changes. */
    private static final class Runs {
        private final List<Run> runs = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();
        private boolean bold;
        private boolean italic;

        void add(String more, boolean b, boolean i) {
            if (more.isEmpty()) {
                return;
            }
            if (text.length() > 0 && (b != bold || i != italic)) {
                runs.add(new Run(text.toString(), bold, italic));
                text.setLength(0);
            }
            text.append(more);
            bold = b;
            italic = i;
        }

        List<Run> finish() {
            if (text.length() > 0) {
                runs.add(new Run(text.toString(), bold, italic));
            }
            return runs;
        }
    }
}
