package org.candour.publication;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TimeZone;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.candour.publication.Markup.Block;
import org.candour.publication.Markup.BulletList;
import org.candour.publication.Markup.Heading;
import org.candour.publication.Markup.Paragraph;
import org.candour.publication.Markup.Run;
import org.candour.publication.PdfCanvas.Face;
import org.candour.publication.PdfCanvas.Item;
import org.candour.publication.PdfCanvas.Piece;
import org.candour.publication.PdfCanvas.Rgb;
import org.candour.publication.PublicationDocument.Methodology;
import org.candour.publication.PublicationDocument.Question;

/**
 * The print-ready A4 PDF of a publication: title, organisation, day (or "Preview"), the notice of what it
 * corrects, summary, commentary, the methodology box, then each question with a row per unit (indented by depth)
 * and a stacked bar whose every segment's count is printed on it or beside it. The footer numbers the pages and
 * shows the signed key's fingerprint. The document information holds the title, "Candour" as producer and, once
 * published, the day as the creation date at midnight UTC; nothing else (no author, no time of rendering), and
 * the file identifier comes from the content, so the same publication always gives the same bytes.
 *
 * <p>Pure Java with Apache PDFBox: {@link PdfCanvas} holds the pages, fonts and text, {@link PdfResults} draws
 * the questions. Text that the fonts cannot show never makes it fail ({@link PdfCanvas#safe}).
 */
public final class PublicationPdf {

    private static final Rgb BOX = Rgb.hex(0xf1f1f1);
    private static final Rgb NOTICE = Rgb.hex(0xfdf0d5);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.UK);

    private final PublicationDocument doc;
    private final PdfCanvas canvas;

    private PublicationPdf(PublicationDocument doc, PdfCanvas canvas) {
        this.doc = doc;
        this.canvas = canvas;
    }

    /** The publication as PDF bytes. */
    public static byte[] render(PublicationDocument doc) {
        try (PDDocument pdf = new PDDocument()) {
            try (PdfCanvas canvas = new PdfCanvas(pdf)) {
                new PublicationPdf(doc, canvas).write();
                canvas.finish(doc.fingerprint());
            }
            describe(pdf, doc);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            pdf.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The day a publication went public as the PDF's creation date: midnight UTC, or empty in a preview. */
    static Optional<Calendar> creationDate(String publishedOn) {
        return day(publishedOn).map(d -> {
            GregorianCalendar c = new GregorianCalendar(TimeZone.getTimeZone("UTC"), Locale.ROOT);
            c.clear();
            c.set(d.getYear(), d.getMonthValue() - 1, d.getDayOfMonth());
            return c;
        });
    }

    private static void describe(PDDocument pdf, PublicationDocument doc) {
        PDDocumentInformation info = new PDDocumentInformation();
        info.setTitle(printable(doc.title()));
        info.setProducer("Candour");
        creationDate(doc.publishedOn()).ifPresent(info::setCreationDate);
        pdf.setDocumentInformation(info);
        pdf.getDocumentCatalog().setLanguage("en-GB");
        // Left unset, PDFBox makes the identifier from the time of saving; from the content, the bytes repeat.
        byte[] id = Arrays.copyOf(sha256(doc.toString()), 16);
        COSArray ids = new COSArray();
        ids.add(new COSString(id));
        ids.add(new COSString(id));
        pdf.getDocument().setDocumentID(ids);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String printable(String s) {
        return s == null ? "" : s.replaceAll("\\p{Cc}+", " ").strip();
    }

    private static Optional<LocalDate> day(String iso) {
        if (iso == null || iso.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(iso.strip()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String showDay(String iso) {
        return day(iso).map(DAY::format).orElse(iso == null ? "" : iso);
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    private void write() throws IOException {
        header();
        if (present(doc.supersedes())) {
            notice();
        }
        if (present(doc.summary())) {
            paragraph(List.of(canvas.piece(doc.summary(), canvas.regular)), 12, 16.5f, 0);
            canvas.space(8);
        }
        commentary();
        if (doc.methodology() != null) {
            canvas.space(10);
            methodology(doc.methodology());
        }
        List<Question> questions = doc.questions() == null ? List.of() : doc.questions();
        if (!questions.isEmpty()) {
            canvas.space(16);
            new PdfResults(canvas, doc.methodology() == null ? 0 : doc.methodology().k()).write(questions);
        }
    }

    // The top of the first page

    private void header() throws IOException {
        if (present(doc.organisation())) {
            place(canvas.wrap(doc.organisation(), canvas.bold, 10, PdfCanvas.WIDTH), 10, 14, 0, PdfCanvas.MUTED);
            canvas.space(2);
        }
        place(canvas.wrap(present(doc.title()) ? doc.title() : "Untitled publication", canvas.bold, 20,
                PdfCanvas.WIDTH), 20, 25, 0, PdfCanvas.INK);
        canvas.space(4);
        List<Piece> when = present(doc.publishedOn())
                ? List.of(canvas.piece("Published " + showDay(doc.publishedOn()), canvas.regular))
                : List.of(canvas.piece("Preview", canvas.bold),
                        canvas.piece(" (not published: the figures and text may still change)", canvas.regular));
        paragraph(when, 10, 14, 0);
        if (present(doc.address())) {
            place(PdfCanvas.wrap(List.of(canvas.piece("Public page: ", canvas.regular),
                    canvas.piece(doc.address().strip(), canvas.mono)), 8.5f, PdfCanvas.WIDTH), 8.5f, 12, 0,
                    PdfCanvas.MUTED);
        }
        canvas.space(6);
        canvas.place(PdfCanvas.item(12, top -> canvas.rule(PdfCanvas.INK, 1, PdfCanvas.LEFT, top - 4,
                PdfCanvas.LEFT + PdfCanvas.WIDTH, top - 4)));
    }

    private void notice() throws IOException {
        List<Piece> text = List.of(canvas.piece("Correction. ", canvas.bold),
                canvas.piece("This publication corrects and replaces \u201c" + doc.supersedes().strip() + "\u201d.",
                        canvas.regular));
        List<Item> items = canvas.lines(PdfCanvas.wrap(text, 10, PdfCanvas.WIDTH - 20), 10, 14, 10, PdfCanvas.INK);
        canvas.placeBoxed(items, NOTICE, 8);
        canvas.space(12);
    }

    // The commentary

    private void commentary() throws IOException {
        for (Block block : Markup.parse(doc.commentary())) {
            if (block instanceof Heading h) {
                canvas.space(6);
                List<Item> items = canvas.lines(PdfCanvas.wrap(pieces(h.runs(), true), 13, PdfCanvas.WIDTH), 13, 17,
                        0, PdfCanvas.INK);
                canvas.ensure(items.size() * 17 + 2 + 2 * 14.5f); // with two lines of what follows
                for (Item item : items) {
                    canvas.place(item);
                }
                canvas.space(2);
            } else if (block instanceof Paragraph p) {
                paragraph(pieces(p.runs(), false), 10.5f, 14.5f, 0);
                canvas.space(6);
            } else if (block instanceof BulletList l) {
                for (List<Run> item : l.items()) {
                    bullet(pieces(item, false), 10.5f, 14.5f, 0, PdfCanvas.INK);
                    canvas.space(2);
                }
                canvas.space(4);
            }
        }
    }

    private List<Piece> pieces(List<Run> runs, boolean heading) {
        List<Piece> pieces = new ArrayList<>();
        for (Run run : runs) {
            boolean bold = heading || run.bold();
            Face face = bold ? (run.italic() ? canvas.boldItalic : canvas.bold)
                    : (run.italic() ? canvas.italic : canvas.regular);
            pieces.add(canvas.piece(run.text(), face));
        }
        return pieces;
    }

    private void paragraph(List<Piece> pieces, float size, float leading, float indent) throws IOException {
        place(PdfCanvas.wrap(pieces, size, PdfCanvas.WIDTH - indent), size, leading, indent, PdfCanvas.INK);
    }

    private void place(List<List<Piece>> lines, float size, float leading, float indent, Rgb colour)
            throws IOException {
        for (Item item : canvas.lines(lines, size, leading, indent, colour)) {
            canvas.place(item);
        }
    }

    private void bullet(List<Piece> pieces, float size, float leading, float indent, Rgb colour) throws IOException {
        for (Item item : bulletItems(pieces, size, leading, indent, PdfCanvas.WIDTH - indent, colour)) {
            canvas.place(item);
        }
    }

    /** A bullet's lines as items: "•" before the first, the text hanging {@code 14} to its right. */
    private List<Item> bulletItems(List<Piece> pieces, float size, float leading, float indent, float width,
            Rgb colour) {
        List<Item> items = canvas.lines(PdfCanvas.wrap(pieces, size, width - 14), size, leading, indent + 14, colour);
        if (!items.isEmpty()) {
            Item first = items.get(0);
            items.set(0, PdfCanvas.item(leading, top -> {
                canvas.text("\u2022", canvas.bold, PdfCanvas.LEFT + indent + 3, PdfCanvas.baseline(top, size, leading),
                        size, colour);
                first.draw(top);
            }));
        }
        return items;
    }

    // The methodology box

    private void methodology(Methodology m) throws IOException {
        float pad = 12;
        float inner = PdfCanvas.WIDTH - 2 * pad;
        List<Item> items = new ArrayList<>(canvas.lines(canvas.wrap("Methodology", canvas.bold, 13, inner), 13, 18,
                pad, PdfCanvas.INK));
        items.add(figures(pad, inner, List.of(
                new String[] {"Threshold (k)", PdfResults.number(m.k())},
                new String[] {"Invited", PdfResults.number(m.invited())},
                new String[] {"Passes issued", PdfResults.number(m.passesIssued())},
                new String[] {"Responses", PdfResults.number(m.responses())})));
        items.add(figures(pad, inner, List.of(
                new String[] {"Response rate", m.responseRate() == null ? "" : m.responseRate()},
                new String[] {"Opened", showDay(m.opened())},
                new String[] {"Closing day announced", showDay(m.announced())},
                new String[] {"Closed", showDay(m.closed())})));
        items.add(PdfCanvas.item(6, top -> { }));
        if (present(m.rules())) {
            items.addAll(canvas.lines(canvas.wrap(m.rules(), canvas.regular, 9.5f, inner), 9.5f, 13, pad,
                    PdfCanvas.INK));
            items.add(PdfCanvas.item(6, top -> { }));
        }
        List<String> changes = m.changes() == null ? List.of() : m.changes();
        if (changes.isEmpty()) {
            items.addAll(canvas.lines(canvas.wrap("No changes after opening.", canvas.italic, 9.5f, inner), 9.5f,
                    13, pad, PdfCanvas.INK));
        } else {
            items.addAll(canvas.lines(canvas.wrap("Changes after opening", canvas.bold, 9.5f, inner), 9.5f, 13, pad,
                    PdfCanvas.INK));
            for (String change : changes) {
                items.addAll(bulletItems(List.of(canvas.piece(change, canvas.regular)), 9.5f, 13, pad, inner,
                        PdfCanvas.INK));
            }
        }
        canvas.placeBoxed(items, BOX, pad);
    }

    /** A row of figures: each a small label over its value, in equal columns. */
    private Item figures(float pad, float inner, List<String[]> cells) {
        float column = inner / 4;
        return PdfCanvas.item(34, top -> {
            for (int i = 0; i < cells.size(); i++) {
                float x = PdfCanvas.LEFT + pad + i * column;
                String label = canvas.safe(cells.get(i)[0], canvas.regular);
                String value = canvas.safe(cells.get(i)[1], canvas.bold);
                canvas.text(label, canvas.regular, x, top - 10, 8, PdfCanvas.MUTED);
                float size = 13;
                while (size > 6 && canvas.bold.width(value, size) > column - 8) {
                    size -= 0.5f;
                }
                canvas.text(value, canvas.bold, x, top - 26, size, PdfCanvas.INK);
            }
        });
    }
}
