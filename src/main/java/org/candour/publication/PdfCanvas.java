package org.candour.publication;

import java.io.IOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName;

/**
 * A4 pages that fill from the top: the fonts, text that the fonts can always show, word wrapping, and
 * {@link Item}s placed one after another, a new page started wherever the next one would not fit (so an item
 * is never cut). {@link PublicationPdf} decides what goes on them.
 *
 * <p>The fonts are the standard Helvetica family (WinAnsi: Latin-1 and the usual typographic marks); a character
 * they cannot show is written without its accents where that helps (ŵ as w) and as '?' otherwise, so text never
 * makes rendering fail.
 */
final class PdfCanvas implements AutoCloseable {

    static final PDRectangle SIZE = PDRectangle.A4;
    static final float LEFT = 56.7f; // 20 mm
    static final float WIDTH = SIZE.getWidth() - 2 * LEFT;
    static final float TOP = SIZE.getHeight() - 50f;
    static final float BOTTOM = 64f;
    private static final float FOOTER_BASELINE = 36f;

    final PDFont regular = new PDType1Font(FontName.HELVETICA);
    final PDFont bold = new PDType1Font(FontName.HELVETICA_BOLD);
    final PDFont italic = new PDType1Font(FontName.HELVETICA_OBLIQUE);
    final PDFont boldItalic = new PDType1Font(FontName.HELVETICA_BOLD_OBLIQUE);
    final PDFont mono = new PDType1Font(FontName.COURIER);

    private final PDDocument pdf;
    private final Map<PDFont, Map<Integer, Boolean>> encodable = new HashMap<>();
    private PDPageContentStream cs;
    private float y;

    /** A colour as 0..1 components. */
    record Rgb(float r, float g, float b) {
        static Rgb hex(int rgb) {
            return new Rgb(((rgb >> 16) & 0xff) / 255f, ((rgb >> 8) & 0xff) / 255f, (rgb & 0xff) / 255f);
        }

        /** WCAG relative luminance. */
        double luminance() {
            return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
        }

        private static double linear(float c) {
            return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
        }

        /** Black or white, whichever reads better on this colour. */
        Rgb ink() {
            double l = luminance();
            return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? BLACK : WHITE;
        }
    }

    static final Rgb BLACK = new Rgb(0, 0, 0);
    static final Rgb WHITE = new Rgb(1, 1, 1);
    static final Rgb INK = Rgb.hex(0x1a1a1a);
    static final Rgb MUTED = Rgb.hex(0x555555);
    static final Rgb RULE = Rgb.hex(0xc8c8c8);

    /** Text in one font, already made safe for it ({@link PdfCanvas#piece}). */
    record Piece(String text, PDFont font) {
    }

    /** Something of a known height that draws itself with its top at the given y. */
    interface Item {
        float height();

        void draw(float top) throws IOException;
    }

    @FunctionalInterface
    interface Drawing {
        void draw(float top) throws IOException;
    }

    static Item item(float height, Drawing drawing) {
        return new Item() {
            @Override
            public float height() {
                return height;
            }

            @Override
            public void draw(float top) throws IOException {
                drawing.draw(top);
            }
        };
    }

    PdfCanvas(PDDocument pdf) throws IOException {
        this.pdf = pdf;
        newPage();
    }

    PDPageContentStream cs() {
        return cs;
    }

    /** Leaves {@code space} blank below what was placed last (nothing at the top of a page). */
    void space(float space) {
        if (y < TOP) {
            y = Math.max(BOTTOM, y - space);
        }
    }

    /** Starts a new page unless {@code height} still fits on this one (or this one is empty). */
    void ensure(float height) throws IOException {
        if (y - height < BOTTOM && y < TOP) {
            newPage();
        }
    }

    /** Whether {@code height} still fits on this page. */
    boolean fits(float height) {
        return y - height >= BOTTOM;
    }

    /** Places one item below the last, on a new page if it does not fit here. */
    void place(Item item) throws IOException {
        ensure(item.height());
        item.draw(y);
        y -= item.height();
    }

    /** Places items, the first of them together with the next {@code keep} (a heading with what follows it). */
    void placeKeeping(List<Item> items, int keep) throws IOException {
        float together = 0;
        for (int i = 0; i < Math.min(items.size(), keep + 1); i++) {
            together += items.get(i).height();
        }
        ensure(together);
        for (Item item : items) {
            place(item);
        }
    }

    /**
     * Places items on a filled background with {@code padding} around them; where the items go on over a page,
     * each page's part gets its own background.
     */
    void placeBoxed(List<Item> items, Rgb background, float padding) throws IOException {
        int i = 0;
        while (i < items.size()) {
            ensure(2 * padding + items.get(i).height());
            float room = y - BOTTOM - 2 * padding;
            float height = 0;
            int j = i;
            while (j < items.size() && (j == i || height + items.get(j).height() <= room)) {
                height += items.get(j).height();
                j++;
            }
            fill(background, LEFT, y - height - 2 * padding, WIDTH, height + 2 * padding);
            float top = y - padding;
            for (int k = i; k < j; k++) {
                items.get(k).draw(top);
                top -= items.get(k).height();
            }
            y -= height + 2 * padding;
            i = j;
            if (i < items.size()) {
                newPage();
            }
        }
    }

    private void newPage() throws IOException {
        if (cs != null) {
            cs.close();
        }
        PDPage page = new PDPage(SIZE);
        pdf.addPage(page);
        cs = new PDPageContentStream(pdf, page);
        y = TOP;
    }

    // Text

    /**
     * {@code text} as {@code font} can show it: NFC, white space and line breaks as spaces, invisible format
     * characters and stray marks the font lacks dropped, and each other character the font lacks without its
     * accents, or else as '?'.
     */
    String safe(String text, PDFont font) {
        if (text == null) {
            return "";
        }
        String nfc = Normalizer.normalize(text, Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(nfc.length());
        for (int i = 0; i < nfc.length(); ) {
            int cp = nfc.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (cp == 0xa0 && canEncode(font, cp)) {
                out.append('\u00a0');
            } else if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || type == Character.CONTROL) {
                out.append(' ');
            } else if (type == Character.FORMAT) {
                continue; // invisible: a soft hyphen, a zero-width joiner, a direction override
            } else if (canEncode(font, cp)) {
                out.appendCodePoint(cp);
            } else if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                    || type == Character.COMBINING_SPACING_MARK) {
                continue; // a mark left over after NFC, such as an emoji's variation selector
            } else {
                out.append(withoutAccents(cp, font));
            }
        }
        return out.toString();
    }

    private String withoutAccents(int cp, PDFont font) {
        String decomposed = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKD)
                .replaceAll("\\p{M}", "");
        if (decomposed.isEmpty() || decomposed.codePoints().anyMatch(c -> c < 0x20 || !canEncode(font, c))) {
            return "?";
        }
        return decomposed;
    }

    private boolean canEncode(PDFont font, int cp) {
        return encodable.computeIfAbsent(font, f -> new HashMap<>()).computeIfAbsent(cp, c -> {
            try {
                font.encode(new String(Character.toChars(c)));
                return true;
            } catch (IllegalArgumentException | IOException e) {
                return false;
            }
        });
    }

    Piece piece(String text, PDFont font) {
        return new Piece(safe(text, font), font);
    }

    static float width(String safeText, PDFont font, float size) {
        try {
            return font.getStringWidth(safeText) / 1000f * size;
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("text was not made safe for " + font.getName(), e);
        }
    }

    static float width(List<Piece> line, float size) {
        float w = 0;
        for (Piece p : line) {
            w += width(p.text(), p.font(), size);
        }
        return w;
    }

    /** {@code text} in one font, wrapped to {@code width}. */
    List<List<Piece>> wrap(String text, PDFont font, float size, float width) {
        return wrap(List.of(piece(text, font)), size, width);
    }

    private static final Pattern SPACES_OR_WORD = Pattern.compile(" +|[^ ]+");

    /**
     * Pieces wrapped at spaces to lines of at most {@code width} (a word longer than a line is broken between
     * characters); runs of spaces read as one, and no line starts or ends with one.
     */
    static List<List<Piece>> wrap(List<Piece> pieces, float size, float width) {
        Wrapper w = new Wrapper(size, width);
        for (Piece p : pieces) {
            Matcher m = SPACES_OR_WORD.matcher(p.text());
            while (m.find()) {
                if (m.group().charAt(0) == ' ') {
                    w.space(p.font());
                } else {
                    w.wordPart(new Piece(m.group(), p.font()));
                }
            }
        }
        return w.finish();
    }

    private static final class Wrapper {
        private final float size;
        private final float width;
        private final List<List<Piece>> lines = new ArrayList<>();
        private List<Piece> line = new ArrayList<>();
        private float lineWidth;
        private final List<Piece> word = new ArrayList<>();
        private float wordWidth;
        private PDFont spaceFont;

        Wrapper(float size, float width) {
            this.size = size;
            this.width = width;
        }

        void space(PDFont font) {
            flushWord();
            spaceFont = font;
        }

        void wordPart(Piece part) {
            word.add(part);
            wordWidth += width(part.text(), part.font(), size);
        }

        List<List<Piece>> finish() {
            flushWord();
            if (!line.isEmpty()) {
                lines.add(line);
            }
            return lines;
        }

        private void flushWord() {
            if (word.isEmpty()) {
                return;
            }
            float spaceWidth = line.isEmpty() || spaceFont == null ? 0 : width(" ", spaceFont, size);
            if (lineWidth + spaceWidth + wordWidth <= width) {
                if (spaceWidth > 0) {
                    append(new Piece(" ", spaceFont), spaceWidth);
                }
                for (Piece p : word) {
                    append(p, width(p.text(), p.font(), size));
                }
            } else {
                breakLine();
                if (wordWidth <= width) {
                    for (Piece p : word) {
                        append(p, width(p.text(), p.font(), size));
                    }
                } else {
                    breakWord();
                }
            }
            word.clear();
            wordWidth = 0;
            spaceFont = null;
        }

        private void breakWord() {
            for (Piece p : word) {
                String t = p.text();
                for (int i = 0; i < t.length(); ) {
                    int cp = t.codePointAt(i);
                    String ch = t.substring(i, i + Character.charCount(cp));
                    float w = width(ch, p.font(), size);
                    if (lineWidth + w > width && !line.isEmpty()) {
                        breakLine();
                    }
                    append(new Piece(ch, p.font()), w);
                    i += ch.length();
                }
            }
        }

        private void breakLine() {
            if (!line.isEmpty()) {
                lines.add(line);
            }
            line = new ArrayList<>();
            lineWidth = 0;
        }

        private void append(Piece p, float w) {
            if (!line.isEmpty() && line.get(line.size() - 1).font() == p.font()) {
                Piece last = line.remove(line.size() - 1);
                line.add(new Piece(last.text() + p.text(), p.font()));
            } else {
                line.add(p);
            }
            lineWidth += w;
        }
    }

    // Drawing

    void text(List<Piece> line, float x, float baseline, float size, Rgb colour) throws IOException {
        if (line.isEmpty()) {
            return;
        }
        cs.setNonStrokingColor(colour.r(), colour.g(), colour.b());
        cs.beginText();
        cs.newLineAtOffset(x, baseline);
        for (Piece p : line) {
            cs.setFont(p.font(), size);
            cs.showText(p.text());
        }
        cs.endText();
    }

    void text(String safeText, PDFont font, float x, float baseline, float size, Rgb colour) throws IOException {
        text(List.of(new Piece(safeText, font)), x, baseline, size, colour);
    }

    void fill(Rgb colour, float x, float y0, float w, float h) throws IOException {
        cs.setNonStrokingColor(colour.r(), colour.g(), colour.b());
        cs.addRect(x, y0, w, h);
        cs.fill();
    }

    /** Diagonal lines over a rectangle, rising or falling, clipped to it. */
    void hatch(Rgb colour, float x, float y0, float w, float h, boolean rising) throws IOException {
        cs.saveGraphicsState();
        cs.addRect(x, y0, w, h);
        cs.clip();
        cs.setStrokingColor(colour.r(), colour.g(), colour.b());
        cs.setLineWidth(1.2f);
        for (float d = -h; d < w; d += 4) {
            if (rising) {
                cs.moveTo(x + d, y0);
                cs.lineTo(x + d + h, y0 + h);
            } else {
                cs.moveTo(x + d, y0 + h);
                cs.lineTo(x + d + h, y0);
            }
        }
        cs.stroke();
        cs.restoreGraphicsState();
    }

    void rule(Rgb colour, float lineWidth, float x0, float y0, float x1, float y1) throws IOException {
        cs.setStrokingColor(colour.r(), colour.g(), colour.b());
        cs.setLineWidth(lineWidth);
        cs.moveTo(x0, y0);
        cs.lineTo(x1, y1);
        cs.stroke();
    }

    /** Wrapped lines as items, {@code leading} apart, starting {@code indent} from the left margin. */
    List<Item> lines(List<List<Piece>> lines, float size, float leading, float indent, Rgb colour) {
        List<Item> items = new ArrayList<>();
        for (List<Piece> line : lines) {
            items.add(item(leading, top -> text(line, LEFT + indent, baseline(top, size, leading), size, colour)));
        }
        return items;
    }

    /** Where the baseline of text of {@code size} sits in a line box of {@code leading} from {@code top}. */
    static float baseline(float top, float size, float leading) {
        return top - (leading - size) / 2 - size * 0.78f;
    }

    /** Ends the last page and writes every page's footer: the fingerprint, if any, and "Page n of N". */
    void finish(String fingerprint) throws IOException {
        cs.close();
        int count = pdf.getNumberOfPages();
        float size = 7.5f;
        List<List<Piece>> fp = List.of();
        if (fingerprint != null && !fingerprint.isBlank()) {
            fp = wrap(List.of(piece("signed key fingerprint: ", regular), piece(fingerprint.strip(), mono)), size,
                    WIDTH - 80);
            fp = fp.subList(0, Math.min(fp.size(), 2));
        }
        for (int n = 1; n <= count; n++) {
            PDPage page = pdf.getPage(n - 1);
            try (PDPageContentStream footer = new PDPageContentStream(pdf, page,
                    PDPageContentStream.AppendMode.APPEND, true, true)) {
                cs = footer;
                rule(RULE, 0.5f, LEFT, FOOTER_BASELINE + 12, LEFT + WIDTH, FOOTER_BASELINE + 12);
                String number = "Page " + n + " of " + count;
                text(number, regular, LEFT + WIDTH - width(number, regular, 8), FOOTER_BASELINE, 8, MUTED);
                float baseline = FOOTER_BASELINE;
                for (List<Piece> line : fp) {
                    text(line, LEFT, baseline, size, MUTED);
                    baseline -= size * 1.3f;
                }
            }
        }
        cs = null;
    }

    @Override
    public void close() throws IOException {
        if (cs != null) {
            cs.close();
            cs = null;
        }
    }
}
