package org.candour.publication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TimeZone;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.candour.publication.PublicationDocument.Methodology;
import org.candour.publication.PublicationDocument.Question;
import org.candour.publication.PublicationDocument.Row;
import org.candour.publication.PublicationDocument.Segment;
import org.junit.jupiter.api.Test;

class PublicationPdfTest {

    private static final String FINGERPRINT = "SHA256:9f2c4e7a1b3d5f60718293a4b5c6d7e8f9012a3b4c5d6e7f8091a2b3c4d5e6f7";

    static PublicationDocument sample() {
        Methodology methodology = new Methodology(10,
                "A unit's figures are shown only when at least 10 of its people answered the question; smaller "
                        + "answers are merged into \"Other\", and a unit whose figures would let its hidden "
                        + "neighbour be worked out by subtraction is not shown either.",
                1_240, 1_102, 953, "77%", "2026-04-14", "2026-05-05", "2026-05-12",
                List.of("Closing moved from 5 May to 12 May, on 2 May: more time for the night shifts.",
                        "The wording of question 3 was corrected on 20 April: \"rota\" had been misspelt."));
        String[] labels = {"Strongly agree", "Agree", "Neither", "Disagree", "Strongly disagree"};
        List<Question> questions = List.of(
                new Question("I feel safe raising a concern about patient care.", rows(labels, 1)),
                new Question("My workload is manageable within my contracted hours.", rows(labels, 2)),
                new Question("Over the last twelve months, how often have you worked unpaid hours beyond your rota "
                        + "because staffing levels on your ward or team made it impossible to finish on time?",
                        rows(new String[] {"Never", "Once or twice", "Monthly", "Weekly",
                            "Other: every shift + prefer not to say"}, 3)));
        String commentary = """
                Members told us, in their own words and in numbers, that **staffing** is the issue that matters most.

                ## What stands out
                - Two in five say their workload is *not* manageable.
                - The figures for **Ward 7** are the *first we can **publish***.
                - Night shifts report more unpaid hours than days.

                We will take these figures to the joint negotiating committee on 3 June.""";
        return new PublicationDocument("Northshire Health Workers' Union", "Staff voice survey 2026: safe staffing",
                "953 members answered between 14 April and 12 May. This report gives every figure that the "
                        + "release rules allow, for the trust, its regions and its wards.",
                commentary, "2026-05-19", "Staff voice survey 2026 (first edition)",
                "https://candour.example.org/p/northshire/staff-voice-2026", FINGERPRINT, methodology, questions);
    }

    private static List<Row> rows(String[] labels, int seed) {
        String[] units = {"Northshire NHS Trust", "North region", "Ward 7 (Zoë Ó'Brien's team)", "Ward 9",
            "Maternity, neonatal and paediatric services at the Royal Northshire Infirmary", "South region",
            "Ward 12", "Pharmacy"};
        int[] depths = {0, 1, 2, 2, 2, 1, 2, 2};
        List<Row> rows = new ArrayList<>();
        for (int u = 0; u < units.length; u++) {
            if (u == 3) {
                rows.add(new Row(units[u], depths[u], null, List.of()));
                continue;
            }
            List<Segment> segments = new ArrayList<>();
            int total = 0;
            for (int i = 0; i < labels.length; i++) {
                int count = ((u + 3) * (i + seed) * 37 % 90) + (u == 0 ? 300 : 1);
                if (u == 6 && i == 4) {
                    count = 0;
                }
                segments.add(new Segment(labels[i], count));
                total += count;
            }
            rows.add(new Row(units[u], depths[u], total, segments));
        }
        return rows;
    }

    private static String text(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc);
        }
    }

    private static String flat(String s) {
        return s.replaceAll("\\s+", " ");
    }

    private static Set<String> tokens(String s) {
        return new HashSet<>(List.of(s.split("\\s+")));
    }

    private static String number(int n) {
        return String.format(Locale.UK, "%,d", n);
    }

    private static void assertA4(PDDocument doc) {
        for (PDPage page : doc.getPages()) {
            PDRectangle box = page.getMediaBox();
            assertEquals(PDRectangle.A4.getWidth(), box.getWidth(), 0.01);
            assertEquals(PDRectangle.A4.getHeight(), box.getHeight(), 0.01);
        }
    }

    @Test
    void sampleShowsEveryFigureOnA4() throws IOException {
        PublicationDocument doc = sample();
        byte[] bytes = PublicationPdf.render(doc);
        Path target = Path.of("target");
        Files.write(target.resolve("publication-sample.pdf"), bytes);
        try (PDDocument pdf = Loader.loadPDF(bytes)) {
            assertA4(pdf);
            BufferedImage page1 = new PDFRenderer(pdf).renderImageWithDPI(0, 100);
            Files.createDirectories(target.resolve("screenshots"));
            ImageIO.write(page1, "png", target.resolve("screenshots/publication-pdf-page1.png").toFile());
        }
        String text = text(bytes);
        String flat = flat(text);
        Set<String> tokens = tokens(text);
        assertTrue(flat.contains(doc.title()), flat);
        assertTrue(flat.contains(doc.organisation()));
        assertTrue(flat.contains("Published 19 May 2026"));
        assertTrue(flat.contains("corrects and replaces \u201cStaff voice survey 2026 (first edition)\u201d"));
        assertTrue(flat.contains(doc.summary()));
        assertTrue(flat.contains("What stands out"));
        assertTrue(flat.contains("Two in five say their workload is not manageable."));
        assertTrue(flat.contains("first we can publish"));
        Methodology m = doc.methodology();
        for (String figure : List.of("1,240", "1,102", "953", "77%", "14 April 2026", "12 May 2026")) {
            assertTrue(flat.contains(figure), figure);
        }
        assertTrue(flat.contains(flat(m.rules())));
        for (String change : m.changes()) {
            assertTrue(flat.contains(change), change);
        }
        assertTrue(flat.contains("signed key fingerprint: " + FINGERPRINT));
        for (Question q : doc.questions()) {
            assertTrue(flat.contains(q.text()), q.text());
            for (Row row : q.rows()) {
                assertTrue(flat.contains(row.unit()), row.unit());
                if (row.respondents() == null) {
                    continue;
                }
                assertTrue(tokens.contains(number(row.respondents())), row.unit() + " " + row.respondents());
                for (Segment s : row.segments()) {
                    assertTrue(tokens.contains(number(s.count())), row.unit() + " " + s);
                    assertTrue(flat.contains(s.label()), s.label());
                }
            }
        }
        assertTrue(flat.contains("not shown (fewer than 10)"));
    }

    @Test
    void fortyQuestionsOfThirtyRowsMakeSeveralNumberedPages() throws IOException {
        List<Question> questions = new ArrayList<>();
        String[] labels = {"Yes", "No", "Other: unsure + prefer not to say"};
        for (int q = 0; q < 40; q++) {
            List<Row> rows = new ArrayList<>();
            for (int r = 0; r < 30; r++) {
                List<Segment> segments = List.of(new Segment(labels[0], 10 + (q * 7 + r * 13) % 200),
                        new Segment(labels[1], 5 + (q * 11 + r * 3) % 150), new Segment(labels[2], (q + r) % 9));
                int total = segments.stream().mapToInt(Segment::count).sum();
                rows.add(r % 7 == 5 ? new Row("Unit " + q + "-" + r, r == 0 ? 0 : 1 + r % 3, null, List.of())
                        : new Row("Unit " + q + "-" + r, r == 0 ? 0 : 1 + r % 3, total, segments));
            }
            questions.add(new Question("Question number " + q + ": how do you rate item " + q + "?", rows));
        }
        PublicationDocument base = sample();
        PublicationDocument doc = new PublicationDocument(base.organisation(), base.title(), base.summary(),
                base.commentary(), base.publishedOn(), "", base.address(), base.fingerprint(), base.methodology(),
                questions);
        byte[] bytes = PublicationPdf.render(doc);
        int pages;
        try (PDDocument pdf = Loader.loadPDF(bytes)) {
            assertA4(pdf);
            pages = pdf.getNumberOfPages();
            assertTrue(pages > 20, "pages: " + pages);
        }
        String text = text(bytes);
        for (int p = 1; p <= pages; p++) {
            assertTrue(text.contains("Page " + p + " of " + pages), "page " + p);
        }
        assertEquals(pages, text.split("signed key fingerprint: ", -1).length - 1, "the fingerprint on every page");
        // Each row reads as one line, its name, respondents and counts together: none is cut by a page break.
        Set<String> lines = new HashSet<>(List.of(text.split("\\R")));
        for (Question q : questions) {
            assertTrue(text.contains(q.text()), q.text());
            for (Row row : q.rows()) {
                StringBuilder line = new StringBuilder(row.unit());
                if (row.respondents() == null) {
                    line.append(" not shown (fewer than 10)");
                } else {
                    line.append(' ').append(number(row.respondents()));
                    row.segments().forEach(s -> line.append(' ').append(number(s.count())));
                }
                assertTrue(lines.contains(line.toString()), line.toString());
            }
        }
        String flat = flat(text);
        assertTrue(flat.contains(". (continued) Question number "), "a question going on over a page says so");
    }

    @Test
    void hostileTextRendersWithoutFailing() throws IOException {
        StringBuilder commentary = new StringBuilder();
        commentary.append("Soft\u00ad hyphen, join\u200der and heart: \u2764\ufe0f.\n\n");
        commentary.append("<script>alert(1)</script> \"><img src=x onerror=alert(1)> **unclosed *nested** it*\n\n");
        commentary.append("## Zoë Ó'Brien 工会 😀 Ŵyn ŷ Łódź Ελληνικά Русский עברית العربية \u200b\u202e\n\n");
        commentary.append("- ").append("x".repeat(3_000)).append('\n');
        String filler = "Words of an ordinary length with **bold**, *italic* and ***both***, 😀 and 工会. ";
        while (commentary.length() < Markup.MAX_LENGTH - 2_000) {
            commentary.append(filler);
            if (commentary.length() % 7 == 0) {
                commentary.append("\n\n");
            }
        }
        commentary.append("\u0000\u0007\u001b[31m\t\r\n");
        while (commentary.length() < Markup.MAX_LENGTH) {
            commentary.append('y');
        }
        PublicationDocument base = sample();
        Row cjk = new Row("工会 本部 😀 " + "ŵ".repeat(400), 9, 12, List.of(new Segment("是 😀", 7),
                new Segment("Other: <b>no</b>", 5)));
        PublicationDocument doc = new PublicationDocument("Zoë Ó'Brien & Co 😀 工会", "Title\u0000 with 😀 and 工会 "
                + "and a very long word " + "W".repeat(500), "Summary\u202e\u200b 😀", commentary.toString(),
                "not a date", "工会 😀", "", "", base.methodology(),
                List.of(new Question("工会 question 😀 <script>", List.of(cjk)), new Question(null,
                        List.of(new Row(null, -3, 0, List.of()), new Row("", 1, 3, List.of(new Segment(null, 3)))))));
        byte[] bytes = PublicationPdf.render(doc);
        String text = text(bytes);
        assertTrue(text.contains("<script>alert(1)</script>"));
        assertTrue(text.contains("Zoë Ó'Brien"));
        assertTrue(text.contains("Ŵyn ŷ Łódź Ελληνικά Русский ????? ???????"),
                "Welsh, Polish, Greek and Cyrillic as written; right-to-left scripts read as ?");
        assertTrue(text.contains("?? ?"), "and so do characters the font lacks");
        assertTrue(text.contains("Soft hyphen, joiner and heart: ?."), "invisible characters and stray marks go");
        try (PDDocument pdf = Loader.loadPDF(bytes)) {
            assertA4(pdf);
            assertTrue(pdf.getNumberOfPages() >= 3);
            assertNull(pdf.getDocumentInformation().getCreationDate(), "not a date: no creation date");
            for (int p = 0; p < pdf.getNumberOfPages(); p++) {
                new PDFRenderer(pdf).renderImageWithDPI(p, 20);
            }
        }
    }

    @Test
    void welshPolishGreekAndCyrillicNamesReadBackExactly() throws IOException {
        String[] units = {"Siân Llŷr", "Gŵyl Ddewi, Ynys Môn", "Ŵyn ŷ â ô ẁ ẃ ẅ ỳ Ŷ", "Paweł Włodarczyk, Łódź",
            "Αθηνά Παπαδοπούλου", "Анна Ковальчук, Київ", "Prâf Ysbyty Gwynedd, Bangor, a Chanolfan Iechyd "
                    + "Caergybi ar Ynys Môn, lle mae'r gwasanaethau'n cael eu rhannu"};
        List<Row> rows = new ArrayList<>();
        for (int u = 0; u < units.length; u++) {
            List<Segment> segments = List.of(new Segment("Cytuno'n gryf / Ŵyl", 11 + u), new Segment("Anghytuno",
                    20 + 3 * u));
            rows.add(new Row(units[u], u == 0 ? 0 : 1, 31 + 4 * u, segments));
        }
        String title = "Arolwg Gŵyl Ynys Môn 2026: llais y staff ar ŵyl, ŷd a Llŷr, i Siân a'r tîm yn y gogledd";
        String commentary = """
                ## Cymru: **Siân Llŷr** a *Gŵyl Ynys Môn*

                Mae **Gŵyl Ŵyl Ŷd** yn *Ynys Môn ŵ ŷ* a ***Llŷr ŵ***, gyda Łódź, Ελληνικά ac Русский.""";
        PublicationDocument base = sample();
        PublicationDocument doc = new PublicationDocument("Undeb Gweithwyr Iechyd Gŵyl", title,
                "Crynodeb: Siân Llŷr, Gŵyl, Ynys Môn.", commentary, base.publishedOn(), "", base.address(),
                base.fingerprint(), base.methodology(),
                List.of(new Question("A yw'r gwaith yn deg i bawb yn Ynys Môn ac yng Ngŵyl y Llŷr", rows)));
        byte[] bytes = PublicationPdf.render(doc);
        Files.write(Path.of("target", "publication-welsh.pdf"), bytes);
        String text = text(bytes);
        String flat = flat(text);
        for (String expected : List.of("Undeb Gweithwyr Iechyd Gŵyl", title, "Crynodeb: Siân Llŷr, Gŵyl, Ynys Môn.",
                "Cymru: Siân Llŷr a Gŵyl Ynys Môn",
                "Mae Gŵyl Ŵyl Ŷd yn Ynys Môn ŵ ŷ a Llŷr ŵ, gyda Łódź, Ελληνικά ac Русский.",
                "1. A yw'r gwaith yn deg i bawb yn Ynys Môn ac yng Ngŵyl y Llŷr", "Cytuno'n gryf / Ŵyl")) {
            assertTrue(flat.contains(expected), expected + " in " + flat);
        }
        Set<String> lines = new HashSet<>(List.of(text.split("\\R")));
        for (Row row : rows.subList(0, rows.size() - 1)) {
            String line = row.unit() + " " + row.respondents() + " " + row.segments().get(0).count() + " "
                    + row.segments().get(1).count();
            assertTrue(lines.contains(line), line + " in " + lines);
        }
        assertTrue(flat.contains(rows.get(rows.size() - 1).unit()), "a long name wraps and reads in order");
        assertFalse(text.contains("?"), "no character is replaced");
        try (PDDocument pdf = Loader.loadPDF(bytes)) {
            assertEquals(Set.of("Courier", "LiberationSans"), fontNames(pdf), "one embedded subset and Courier");
            float right = rightmost(pdf);
            assertTrue(right <= PdfCanvas.LEFT + PdfCanvas.WIDTH + 0.5f,
                    "bold text, wrapped by its measured width, stays within the margin: " + right);
        }
        assertArrayEquals(bytes, PublicationPdf.render(doc));
    }

    /** The fonts the pages use, without a subset's tag; an embedded subset is tagged. */
    private static Set<String> fontNames(PDDocument pdf) throws IOException {
        Set<String> names = new HashSet<>();
        for (PDPage page : pdf.getPages()) {
            for (COSName name : page.getResources().getFontNames()) {
                PDFont font = page.getResources().getFont(name);
                assertTrue(font.getName().matches("([A-Z]{6}\\+)?[A-Za-z-]+"), font.getName());
                assertEquals(font.getName().contains("+"), font.isEmbedded(), font.getName());
                names.add(font.getName().replaceFirst("^[A-Z]{6}\\+", ""));
            }
        }
        return names;
    }

    /** Where the rightmost character on any page ends. */
    private static float rightmost(PDDocument pdf) throws IOException {
        float[] right = {0};
        PDFTextStripper stripper = new PDFTextStripper() {
            @Override
            protected void writeString(String string, List<TextPosition> positions) {
                for (TextPosition p : positions) {
                    right[0] = Math.max(right[0], p.getXDirAdj() + p.getWidthDirAdj());
                }
            }
        };
        stripper.getText(pdf);
        return right[0];
    }

    @Test
    void sampleStaysWithinTheMargins() throws IOException {
        try (PDDocument pdf = Loader.loadPDF(PublicationPdf.render(sample()))) {
            float right = rightmost(pdf);
            assertTrue(right <= PdfCanvas.LEFT + PdfCanvas.WIDTH + 0.5f, "rightmost: " + right);
        }
    }

    @Test
    void informationHoldsTitleProducerAndTheDayOnly() throws IOException {
        PublicationDocument doc = sample();
        try (PDDocument pdf = Loader.loadPDF(PublicationPdf.render(doc))) {
            PDDocumentInformation info = pdf.getDocumentInformation();
            assertEquals(Set.of("Title", "Producer", "CreationDate"), info.getMetadataKeys());
            assertEquals(doc.title(), info.getTitle());
            assertEquals("Candour", info.getProducer());
            assertNull(info.getAuthor());
            assertNull(info.getModificationDate());
            Calendar created = info.getCreationDate();
            Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
            utc.setTimeInMillis(created.getTimeInMillis());
            assertEquals(List.of(2026, Calendar.MAY, 19, 0, 0, 0, 0),
                    List.of(utc.get(Calendar.YEAR), utc.get(Calendar.MONTH), utc.get(Calendar.DAY_OF_MONTH),
                            utc.get(Calendar.HOUR_OF_DAY), utc.get(Calendar.MINUTE), utc.get(Calendar.SECOND),
                            utc.get(Calendar.MILLISECOND)));
            assertNull(pdf.getDocumentCatalog().getMetadata(), "no XMP metadata");
        }
    }

    @Test
    void previewHasNoDateAndNoFingerprint() throws IOException {
        PublicationDocument base = sample();
        PublicationDocument preview = new PublicationDocument(base.organisation(), base.title(), base.summary(),
                base.commentary(), "", "", "", "", base.methodology(), base.questions());
        byte[] bytes = PublicationPdf.render(preview);
        try (PDDocument pdf = Loader.loadPDF(bytes)) {
            PDDocumentInformation info = pdf.getDocumentInformation();
            assertEquals(Set.of("Title", "Producer"), info.getMetadataKeys());
            assertNull(info.getCreationDate());
        }
        String text = text(bytes);
        assertTrue(text.contains("Preview"));
        assertFalse(text.contains("Published"));
        assertFalse(text.contains("fingerprint"));
        assertFalse(text.contains("corrects and replaces"));
    }

    @Test
    void theSamePublicationGivesTheSameBytes() {
        assertArrayEquals(PublicationPdf.render(sample()), PublicationPdf.render(sample()));
    }
}
