package org.candour.publication;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;
import org.apache.pdfbox.util.Matrix;

/**
 * A4 pages that fill from the top: the fonts, text that the fonts can always show, word wrapping, and
 * {@link Item}s placed one after another, a new page started wherever the next one would not fit (so an item
 * is never cut). {@link PublicationPdf} decides what goes on them.
 *
 * <p>The text is in Liberation Sans (the one that PDFBox ships, under the SIL Open Font License), embedded as a
 * subset of the characters used: Latin with Welsh's ŵ and ŷ and the rest of Europe's accents, Greek and Cyrillic.
 * It comes in one weight and slope, so bold and italic are drawn from it ({@link Face}); the fingerprint and the
 * address are in the standard Courier. A character a font cannot show is written without its accents where that
 * helps and as '?' otherwise (emoji, Chinese, and right-to-left scripts, which would need a layout this does not
 * do), so text never makes rendering fail.
 */
final class PdfCanvas implements AutoCloseable {

    static final PDRectangle SIZE = PDRectangle.A4;
    static final float LEFT = 56.7f; // 20 mm
    static final float WIDTH = SIZE.getWidth() - 2 * LEFT;
    static final float TOP = SIZE.getHeight() - 50f;
    static final float BOTTOM = 64f;
    private static final float FOOTER_BASELINE = 36f;

    /**
     * Bold's stroke around each letter, and the space added after it, as a share of the size: about what the
     * font's own bold adds to a stem, and less below 10 points, where a heavier stroke closes the holes of small
     * figures (a 3 reads as an 8 on a screen).
     */
    static float boldStroke(float size) {
        return size * (size < 10 ? 0.04f : 0.055f);
    }

    /** Italic's slant: how far right a letter's top goes for its height (about 11 degrees). */
    static final float SLANT = 0.2f;
    private static final String SANS = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";

    final Face regular;
    final Face bold;
    final Face italic;
    final Face boldItalic;
    final Face mono = new Face(new PDType1Font(FontName.COURIER), false, false);

    private final PDDocument pdf;
    private final Map<PDFont, Map<Integer, Boolean>> encodable = new HashMap<>();
    private PDPageContentStream cs;
    private float y;
    /** The text state of {@link #cs} as last set: the character spacing and whether letters are stroked too. */
    private float characterSpacing;
    private boolean stroked;
    private boolean roundJoins;

    /** The font file's bytes, read once. */
    private static final class Sans {
        static final byte[] BYTES = read();

        private static byte[] read() {
            try (InputStream in = PDType0Font.class.getResourceAsStream(SANS)) {
                if (in == null) {
                    throw new IllegalStateException("PDFBox no longer ships " + SANS);
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * How text looks: its font, and whether it is bold or italic. Bold is the font's letters filled and also
     * stroked in the same colour, {@link #boldStroke} wide, with as much space between letters so
     * that thickened letters keep their spacing; italic is the upright letters slanted by {@link #SLANT}.
     */
    record Face(PDFont font, boolean bold, boolean italic) {

        /**
         * The room {@code safeText} ({@link PdfCanvas#safe}) takes at {@code size}: for bold, the space after
         * each letter included, though after the last one it is not drawn. So the widths of pieces add up, and a
         * line measured by them is at most that last space too long, never too short.
         */
        float width(String safeText, float size) {
            try {
                float w = font.getStringWidth(safeText) / 1000f * size;
                return bold ? w + safeText.codePointCount(0, safeText.length()) * boldStroke(size) : w;
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalStateException("text was not made safe for " + font.getName(), e);
            }
        }
    }

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

    /** Text in one face, already made safe for its font ({@link PdfCanvas#piece}). */
    record Piece(String text, Face face) {
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
        PDFont sans = PDType0Font.load(pdf, new ByteArrayInputStream(Sans.BYTES)); // a subset is embedded
        regular = new Face(sans, false, false);
        bold = new Face(sans, true, false);
        italic = new Face(sans, false, true);
        boldItalic = new Face(sans, true, true);
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
        use(new PDPageContentStream(pdf, page));
        y = TOP;
    }

    /** Draws on {@code stream} from now on; it starts in the initial graphics state. */
    private void use(PDPageContentStream stream) {
        cs = stream;
        characterSpacing = 0;
        stroked = false;
        roundJoins = false;
    }

    // Text

    /**
     * {@code text} as {@code face}'s font can show it: NFC, white space and line breaks as spaces, invisible
     * format characters dropped, and each other character the font lacks without its accents, or else as '?'.
     * Marks left over after NFC are dropped where the font lacks them or their letter became '?'; letters of
     * right-to-left scripts read as '?', as they would print backwards.
     */
    String safe(String text, Face face) {
        if (text == null) {
            return "";
        }
        PDFont font = face.font();
        String nfc = Normalizer.normalize(text, Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(nfc.length());
        boolean replaced = false; // whether the last letter became '?'
        for (int i = 0; i < nfc.length(); ) {
            int cp = nfc.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            boolean mark = type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                    || type == Character.COMBINING_SPACING_MARK;
            if (cp == 0xa0 && canEncode(font, cp)) {
                out.append('\u00a0');
            } else if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || type == Character.CONTROL) {
                out.append(' ');
            } else if (type == Character.FORMAT) {
                continue; // invisible: a soft hyphen, a zero-width joiner, a direction override
            } else if (mark) {
                if (!replaced && canEncode(font, cp)) {
                    out.appendCodePoint(cp);
                } // else a mark left over after NFC, such as an emoji's variation selector
                continue;
            } else if (!rightToLeft(cp) && canEncode(font, cp)) {
                out.appendCodePoint(cp);
            } else {
                out.append(rightToLeft(cp) ? "?" : withoutAccents(cp, font));
            }
            replaced = out.length() > 0 && out.charAt(out.length() - 1) == '?' && cp != '?';
        }
        return out.toString();
    }

    private static boolean rightToLeft(int cp) {
        byte d = Character.getDirectionality(cp);
        return d == Character.DIRECTIONALITY_RIGHT_TO_LEFT || d == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
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

    Piece piece(String text, Face face) {
        return new Piece(safe(text, face), face);
    }

    static float width(List<Piece> line, float size) {
        float w = 0;
        for (Piece p : line) {
            w += p.face().width(p.text(), size);
        }
        return w;
    }

    /** {@code text} in one face, wrapped to {@code width}. */
    List<List<Piece>> wrap(String text, Face face, float size, float width) {
        return wrap(List.of(piece(text, face)), size, width);
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
                    w.space(p.face());
                } else {
                    w.wordPart(new Piece(m.group(), p.face()));
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
        private Face spaceFace;

        Wrapper(float size, float width) {
            this.size = size;
            this.width = width;
        }

        void space(Face face) {
            flushWord();
            spaceFace = face;
        }

        void wordPart(Piece part) {
            word.add(part);
            wordWidth += part.face().width(part.text(), size);
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
            float spaceWidth = line.isEmpty() || spaceFace == null ? 0 : spaceFace.width(" ", size);
            if (lineWidth + spaceWidth + wordWidth <= width) {
                if (spaceWidth > 0) {
                    append(new Piece(" ", spaceFace), spaceWidth);
                }
                for (Piece p : word) {
                    append(p, p.face().width(p.text(), size));
                }
            } else {
                breakLine();
                if (wordWidth <= width) {
                    for (Piece p : word) {
                        append(p, p.face().width(p.text(), size));
                    }
                } else {
                    breakWord();
                }
            }
            word.clear();
            wordWidth = 0;
            spaceFace = null;
        }

        private void breakWord() {
            for (Piece p : word) {
                String t = p.text();
                for (int i = 0; i < t.length(); ) {
                    int cp = t.codePointAt(i);
                    String ch = t.substring(i, i + Character.charCount(cp));
                    float w = p.face().width(ch, size);
                    if (lineWidth + w > width && !line.isEmpty()) {
                        breakLine();
                    }
                    append(new Piece(ch, p.face()), w);
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
            if (!line.isEmpty() && line.get(line.size() - 1).face().equals(p.face())) {
                Piece last = line.remove(line.size() - 1);
                line.add(new Piece(last.text() + p.text(), p.face()));
            } else {
                line.add(p);
            }
            lineWidth += w;
        }
    }

    // Drawing

    /**
     * A line of pieces from {@code x} on {@code baseline}. Each piece follows the last, placed afresh where the
     * slant changes; bold pieces are stroked in their colour, and the space bold adds after a letter is taken
     * back after a piece's last (a gap there would read as a space where a bold word meets its full stop).
     */
    void text(List<Piece> line, float x, float baseline, float size, Rgb colour) throws IOException {
        if (line.isEmpty()) {
            return;
        }
        cs.setNonStrokingColor(colour.r(), colour.g(), colour.b());
        if (line.stream().anyMatch(p -> p.face().bold())) {
            cs.setStrokingColor(colour.r(), colour.g(), colour.b());
            cs.setLineWidth(boldStroke(size));
            if (!roundJoins) { // no spikes where a stroke turns sharply, as at the top of an A
                cs.setLineJoinStyle(1);
                roundJoins = true;
            }
        }
        cs.beginText();
        Boolean slanted = null;
        float at = x;
        for (Piece p : line) {
            Face face = p.face();
            if (slanted == null || slanted != face.italic()) {
                cs.setTextMatrix(new Matrix(1, 0, face.italic() ? SLANT : 0, 1, at, baseline));
                slanted = face.italic();
            }
            float spacing = face.bold() ? boldStroke(size) : 0;
            if (spacing != characterSpacing) {
                cs.setCharacterSpacing(spacing);
                characterSpacing = spacing;
            }
            if (face.bold() != stroked) {
                cs.setRenderingMode(face.bold() ? RenderingMode.FILL_STROKE : RenderingMode.FILL);
                stroked = face.bold();
            }
            cs.setFont(face.font(), size);
            float advance = face.width(p.text(), size);
            if (face.bold() && !p.text().isEmpty()) {
                cs.showTextWithPositioning(new Object[] {p.text(), 1000 * spacing / size});
                advance -= spacing;
            } else {
                cs.showText(p.text());
            }
            at += advance;
        }
        cs.endText();
    }

    void text(String safeText, Face face, float x, float baseline, float size, Rgb colour) throws IOException {
        text(List.of(new Piece(safeText, face)), x, baseline, size, colour);
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
                use(footer);
                rule(RULE, 0.5f, LEFT, FOOTER_BASELINE + 12, LEFT + WIDTH, FOOTER_BASELINE + 12);
                String number = "Page " + n + " of " + count;
                text(number, regular, LEFT + WIDTH - regular.width(number, 8), FOOTER_BASELINE, 8, MUTED);
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
