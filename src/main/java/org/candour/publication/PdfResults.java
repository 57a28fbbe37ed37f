package org.candour.publication;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.candour.publication.PdfCanvas.Face;
import org.candour.publication.PdfCanvas.Item;
import org.candour.publication.PdfCanvas.Piece;
import org.candour.publication.PdfCanvas.Rgb;
import org.candour.publication.PublicationDocument.Question;
import org.candour.publication.PublicationDocument.Row;
import org.candour.publication.PublicationDocument.Segment;

/**
 * The results part of a publication's PDF: each question's text, a legend of its labels, then a row per unit
 * (indented by depth) with its respondents and a stacked bar whose every count is printed on its segment or
 * beside the bar. A question that goes on over a page repeats its number and the column heads there.
 */
final class PdfResults {

    /** The Okabe-Ito palette, for the categories in order; "Other" is always {@link #OTHER}. */
    static final List<Rgb> PALETTE = List.of(Rgb.hex(0xE69F00), Rgb.hex(0x56B4E9), Rgb.hex(0x009E73),
            Rgb.hex(0xF0E442), Rgb.hex(0x0072B2), Rgb.hex(0xD55E00), Rgb.hex(0xCC79A7));
    static final Rgb OTHER = Rgb.hex(0x999999);

    private static final float NAME_WIDTH = 168;
    private static final float RESPONDENTS_RIGHT = PdfCanvas.LEFT + NAME_WIDTH + 56;
    private static final float BAR_X = RESPONDENTS_RIGHT + 12;
    private static final float BAR_WIDTH = PdfCanvas.LEFT + PdfCanvas.WIDTH - BAR_X;
    private static final float BAR_HEIGHT = 13;
    private static final float ROW_PAD = 4;
    private static final float ROW_SIZE = 9;
    private static final float ROW_LEADING = 11.5f;
    private static final float COUNT_SIZE = 8;
    private static final float SWATCH = 7;
    private static final int MAX_NAME_LINES = 6;
    private static final int MAX_DEPTH = 6;

    private final PdfCanvas canvas;
    private final int k;

    /**
     * A label's colour, and past the palette's seven a hatching over it (1: rising, 2: falling), so that no two
     * categories of a question look alike until the 22nd.
     */
    record Swatch(Rgb colour, int hatching) {
    }

    PdfResults(PdfCanvas canvas, int k) {
        this.canvas = canvas;
        this.k = k;
    }

    void write(List<Question> questions) throws IOException {
        List<Item> intro = new ArrayList<>(canvas.lines(canvas.wrap("Results", canvas.bold, 15, PdfCanvas.WIDTH), 15,
                20, 0, PdfCanvas.INK));
        intro.addAll(canvas.lines(canvas.wrap("Each bar shows how a unit's respondents answered; the number on or "
                + "beside each part is how many gave that answer. A unit with fewer than " + number(k)
                + " respondents to a question is not shown.", canvas.regular, 9, PdfCanvas.WIDTH), 9, 12.5f, 0,
                PdfCanvas.MUTED));
        intro.add(PdfCanvas.item(8, top -> { }));
        canvas.placeKeeping(intro, intro.size() + 3);
        int n = 1;
        for (Question q : questions) {
            question(n++, q);
            canvas.space(14);
        }
    }

    static String number(int n) {
        return String.format(Locale.UK, "%,d", n);
    }

    private void question(int n, Question q) throws IOException {
        List<Row> rows = q.rows() == null ? List.of() : q.rows();
        Map<String, Swatch> swatches = swatches(rows);
        List<Item> head = new ArrayList<>(canvas.lines(PdfCanvas.wrap(List.of(canvas.piece(n + ". ", canvas.bold),
                canvas.piece(q.text(), canvas.bold)), 11, PdfCanvas.WIDTH), 11, 14.5f, 0, PdfCanvas.INK));
        head.add(PdfCanvas.item(3, top -> { }));
        head.addAll(legend(swatches));
        head.add(columnHeads());
        List<Item> rowItems = new ArrayList<>();
        for (Row row : rows) {
            rowItems.add(row(row, swatches));
        }
        float together = rowItems.isEmpty() ? 0 : rowItems.get(0).height();
        for (Item item : head) {
            together += item.height();
        }
        canvas.ensure(together);
        for (Item item : head) {
            canvas.place(item);
        }
        List<List<Piece>> again = canvas.wrap(n + ". (continued) " + (q.text() == null ? "" : q.text()),
                canvas.italic, 8, PdfCanvas.WIDTH);
        List<Piece> againLine = again.size() > 1 ? ellipsis(again.get(0), PdfCanvas.WIDTH, 8) : again.get(0);
        Item continued = PdfCanvas.item(14, top -> canvas.text(againLine, PdfCanvas.LEFT, top - 9, 8,
                PdfCanvas.MUTED));
        for (Item row : rowItems) {
            if (!canvas.fits(row.height())) {
                canvas.ensure(row.height() + continued.height() + columnHeads().height());
                canvas.place(continued);
                canvas.place(columnHeads());
            }
            canvas.place(row);
        }
    }

    /** Each label's swatch: the categories in order of first appearance, "Other…" grey. */
    static Map<String, Swatch> swatches(List<Row> rows) {
        Map<String, Swatch> swatches = new LinkedHashMap<>();
        int next = 0;
        for (Row row : rows) {
            for (Segment s : row.segments() == null ? List.<Segment>of() : row.segments()) {
                String label = label(s);
                if (!swatches.containsKey(label)) {
                    boolean other = label.strip().toLowerCase(Locale.ROOT).startsWith("other");
                    Swatch swatch = other ? new Swatch(OTHER, 0)
                            : new Swatch(PALETTE.get(next % PALETTE.size()), next / PALETTE.size() % 3);
                    next += other ? 0 : 1;
                    swatches.put(label, swatch);
                }
            }
        }
        return swatches;
    }

    private static String label(Segment s) {
        return s.label() == null ? "" : s.label();
    }

    private void fill(Swatch swatch, float x, float y, float w, float h) throws IOException {
        canvas.fill(swatch.colour(), x, y, w, h);
        if (swatch.hatching() > 0) {
            canvas.hatch(PdfCanvas.WHITE, x, y, w, h, swatch.hatching() == 1);
        }
    }

    /** A legend entry: where it starts on its line, its swatch and its label's lines. */
    private record LegendEntry(float x, Swatch swatch, List<List<Piece>> label) {
    }

    /** The legend's lines as items: entries flow left to right, and a label too long for a line wraps. */
    private List<Item> legend(Map<String, Swatch> swatches) {
        float size = 8.5f;
        float leading = 11.5f;
        float box = 8;
        List<List<LegendEntry>> lines = new ArrayList<>();
        List<LegendEntry> line = new ArrayList<>();
        float x = 0;
        for (Map.Entry<String, Swatch> e : swatches.entrySet()) {
            List<List<Piece>> label = canvas.wrap(e.getKey(), canvas.regular, size, PdfCanvas.WIDTH - box - 4);
            float w = box + 4 + (label.isEmpty() ? 0 : PdfCanvas.width(label.get(0), size)) + 14;
            if (!line.isEmpty() && (x + w > PdfCanvas.WIDTH || label.size() > 1)) {
                lines.add(line);
                line = new ArrayList<>();
                x = 0;
            }
            line.add(new LegendEntry(x, e.getValue(), label));
            x += w;
        }
        if (!line.isEmpty()) {
            lines.add(line);
        }
        List<Item> items = new ArrayList<>();
        for (List<LegendEntry> entries : lines) {
            int height = entries.stream().mapToInt(entry -> Math.max(1, entry.label().size())).max().orElse(1);
            items.add(PdfCanvas.item(height * leading, top -> {
                for (LegendEntry entry : entries) {
                    float ex = PdfCanvas.LEFT + entry.x();
                    float baseline = PdfCanvas.baseline(top, size, leading);
                    fill(entry.swatch(), ex, baseline - 0.5f, box, box);
                    for (List<Piece> l : entry.label()) {
                        canvas.text(l, ex + box + 4, baseline, size, PdfCanvas.INK);
                        baseline -= leading;
                    }
                }
            }));
        }
        items.add(PdfCanvas.item(4, top -> { }));
        return items;
    }

    private Item columnHeads() {
        float size = 7.5f;
        return PdfCanvas.item(13, top -> {
            float baseline = top - 8;
            canvas.text("Unit", canvas.regular, PdfCanvas.LEFT, baseline, size, PdfCanvas.MUTED);
            String respondents = "Respondents";
            canvas.text(respondents, canvas.regular,
                    RESPONDENTS_RIGHT - canvas.regular.width(respondents, size), baseline, size,
                    PdfCanvas.MUTED);
            canvas.text("Answers", canvas.regular, BAR_X, baseline, size, PdfCanvas.MUTED);
            canvas.rule(PdfCanvas.RULE, 0.75f, PdfCanvas.LEFT, top - 12, PdfCanvas.LEFT + PdfCanvas.WIDTH, top - 12);
        });
    }

    private Item row(Row row, Map<String, Swatch> swatches) {
        int depth = Math.max(0, Math.min(MAX_DEPTH, row.depth()));
        float indent = depth * 10;
        float nameWidth = NAME_WIDTH - indent - 8;
        Face nameFace = depth == 0 ? canvas.bold : canvas.regular;
        List<List<Piece>> name = canvas.wrap(row.unit(), nameFace, ROW_SIZE, nameWidth);
        if (name.size() > MAX_NAME_LINES) {
            name = new ArrayList<>(name.subList(0, MAX_NAME_LINES));
            name.set(MAX_NAME_LINES - 1, ellipsis(name.get(MAX_NAME_LINES - 1), nameWidth, ROW_SIZE));
        }
        List<List<Piece>> nameLines = name;
        boolean shown = row.respondents() != null;
        Bar bar = shown ? new Bar(row.segments() == null ? List.of() : row.segments(), swatches) : null;
        float content = Math.max(Math.max(1, nameLines.size()) * ROW_LEADING, shown ? bar.height() : ROW_LEADING);
        float height = content + 2 * ROW_PAD;
        return PdfCanvas.item(height, top -> {
            float lineTop = top - ROW_PAD;
            float first = PdfCanvas.baseline(lineTop, ROW_SIZE, ROW_LEADING);
            float baseline = first;
            for (List<Piece> line : nameLines) {
                canvas.text(line, PdfCanvas.LEFT + indent, baseline, ROW_SIZE, PdfCanvas.INK);
                baseline -= ROW_LEADING;
            }
            if (shown) {
                String r = number(row.respondents());
                canvas.text(r, canvas.regular, RESPONDENTS_RIGHT - canvas.regular.width(r, ROW_SIZE),
                        first, ROW_SIZE, PdfCanvas.INK);
                bar.draw(lineTop + 1); // its numbers on the line of the name's first
            } else {
                canvas.text("not shown (fewer than " + number(k) + ")", canvas.italic, RESPONDENTS_RIGHT - 50, first,
                        ROW_SIZE, PdfCanvas.MUTED);
            }
            canvas.rule(PdfCanvas.RULE, 0.4f, PdfCanvas.LEFT, top - height, PdfCanvas.LEFT + PdfCanvas.WIDTH,
                    top - height);
        });
    }

    /** The line shortened to end in "…" within {@code width}. */
    private static List<Piece> ellipsis(List<Piece> line, float width, float size) {
        List<Piece> out = new ArrayList<>(line);
        Piece last = out.remove(out.size() - 1);
        String text = last.text();
        while (!text.isEmpty()) {
            List<Piece> candidate = new ArrayList<>(out);
            candidate.add(new Piece(text + "\u2026", last.face()));
            if (PdfCanvas.width(candidate, size) <= width) {
                return candidate;
            }
            text = text.substring(0, text.length() - Character.charCount(text.codePointBefore(text.length())));
        }
        out.add(new Piece("\u2026", last.face()));
        return out;
    }

    /**
     * A row's stacked bar: segments in proportion to their counts, each count printed on its segment where it
     * fits and otherwise beside the bar after a swatch of its colour (under the bar when those would take too
     * much of its width, or where nobody answered).
     */
    private final class Bar {
        private final List<Swatch> swatches = new ArrayList<>();
        private final List<Integer> counts = new ArrayList<>();
        private final List<String> shown = new ArrayList<>();
        private final long total;
        private final float[] widths;
        private final boolean[] inside;
        private final float barWidth;
        private final boolean below;
        private final List<List<Integer>> outsideLines = new ArrayList<>();

        Bar(List<Segment> segments, Map<String, Swatch> legend) {
            long sum = 0;
            for (Segment s : segments) {
                swatches.add(legend.getOrDefault(label(s), new Swatch(OTHER, 0)));
                counts.add(Math.max(0, s.count()));
                shown.add(number(Math.max(0, s.count())));
                sum += Math.max(0, s.count());
            }
            total = sum;
            widths = new float[segments.size()];
            float beside = 0;
            boolean[] fits = layout(BAR_WIDTH);
            for (int i = 0; i <= segments.size(); i++) { // what goes beside only grows as the bar shrinks
                float need = besideWidth(fits);
                if (need == beside) {
                    break;
                }
                beside = need;
                fits = layout(BAR_WIDTH - beside - 4);
            }
            below = beside > 0.45f * BAR_WIDTH && total > 0;
            barWidth = total == 0 ? 0 : below || beside == 0 ? BAR_WIDTH : BAR_WIDTH - beside - 4;
            inside = layout(barWidth);
            flowOutside();
        }

        private boolean[] layout(float width) {
            boolean[] fits = new boolean[counts.size()];
            for (int i = 0; i < counts.size(); i++) {
                widths[i] = total == 0 ? 0 : counts.get(i) * width / total;
                fits[i] = widths[i] >= canvas.bold.width(shown.get(i), COUNT_SIZE) + 4;
            }
            return fits;
        }

        private float entryWidth(int i) {
            return SWATCH + 2 + canvas.regular.width(shown.get(i), COUNT_SIZE) + 7;
        }

        private float besideWidth(boolean[] fits) {
            float w = 0;
            for (int i = 0; i < fits.length; i++) {
                if (!fits[i]) {
                    w += entryWidth(i);
                }
            }
            return w;
        }

        private void flowOutside() {
            List<Integer> line = new ArrayList<>();
            float x = 0;
            float room = BAR_WIDTH - barWidth - (barWidth > 0 && !below ? 4 : 0);
            for (int i = 0; i < counts.size(); i++) {
                if (inside[i]) {
                    continue;
                }
                if (x + entryWidth(i) > (below ? BAR_WIDTH : room) + 0.5f && !line.isEmpty()) {
                    outsideLines.add(line);
                    line = new ArrayList<>();
                    x = 0;
                }
                line.add(i);
                x += entryWidth(i);
            }
            if (!line.isEmpty()) {
                outsideLines.add(line);
            }
        }

        float height() {
            int extra = below ? outsideLines.size() : Math.max(0, outsideLines.size() - 1);
            return BAR_HEIGHT + extra * 11 + (below ? 2 : 0);
        }

        void draw(float top) throws IOException {
            float x = BAR_X;
            float bottom = top - BAR_HEIGHT;
            float countBaseline = bottom + (BAR_HEIGHT - COUNT_SIZE * 0.72f) / 2;
            for (int i = 0; i < counts.size(); i++) {
                if (widths[i] > 0) {
                    fill(swatches.get(i), x, bottom, widths[i], BAR_HEIGHT);
                    if (inside[i]) {
                        String c = shown.get(i);
                        float cw = canvas.bold.width(c, COUNT_SIZE);
                        Rgb ink = swatches.get(i).colour().ink();
                        if (swatches.get(i).hatching() > 0) { // a clear patch under the number
                            canvas.fill(swatches.get(i).colour(), x + (widths[i] - cw) / 2 - 1.5f, bottom + 2,
                                    cw + 3, BAR_HEIGHT - 4);
                        }
                        canvas.text(c, canvas.bold, x + (widths[i] - cw) / 2, countBaseline, COUNT_SIZE, ink);
                    }
                    if (x > BAR_X) {
                        canvas.rule(PdfCanvas.WHITE, 0.75f, x, bottom, x, top);
                    }
                }
                x += widths[i];
            }
            float lineX = below || barWidth == 0 ? BAR_X : BAR_X + barWidth + 4;
            float baseline = below ? countBaseline - 13 : countBaseline;
            for (List<Integer> line : outsideLines) {
                float ex = lineX;
                for (int i : line) {
                    fill(swatches.get(i), ex, baseline - 0.5f, SWATCH, SWATCH);
                    canvas.text(shown.get(i), canvas.regular, ex + SWATCH + 2, baseline, COUNT_SIZE, PdfCanvas.INK);
                    ex += entryWidth(i);
                }
                baseline -= 11;
            }
        }
    }
}
