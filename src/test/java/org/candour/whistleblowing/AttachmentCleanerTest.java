package org.candour.whistleblowing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDocument;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentCatalog;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDJavascriptNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionJavaScript;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionLaunch;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionURI;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationFileAttachment;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationMarkup;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationText;
import org.apache.pdfbox.text.PDFTextStripper;
import org.candour.whistleblowing.AttachmentCleaner.Cleaned;
import org.candour.whistleblowing.AttachmentCleaner.Kind;
import org.junit.jupiter.api.Test;
import org.w3c.dom.NodeList;

/**
 * Every fixture is built here with the libraries the cleaner uses, holding the name {@value #NAME} (and, for
 * pictures, a GPS position) in the places each format hides metadata. After cleaning, each file is opened again
 * and inspected, and its raw bytes are searched for the name: it must be gone while the visible content stays.
 */
class AttachmentCleanerTest {

    static final String NAME = "Jane Informant";

    // ---- refusals, limits, names, plain text

    @Test
    void plainTextIsKeptAsItIs() {
        byte[] text = "Notes from the 3 March meeting. £40 was taken — twice.\n".getBytes(StandardCharsets.UTF_8);
        Cleaned c = AttachmentCleaner.clean("notes.txt", text);
        assertArrayEquals(text, c.bytes());
        assertEquals("text/plain", c.detectedType());
        assertEquals("notes.txt", c.fileName());
        assertEquals(List.of(), c.removed());
        assertTrue(c.notes().get(0).contains("kept exactly as it is"), c.notes().toString());
    }

    @Test
    void textThatIsNotUtf8IsRefusedAs400() {
        byte[] latin1 = "Caf\u00e9 notes, \u00a340 taken".getBytes(StandardCharsets.ISO_8859_1);
        AttachmentRefused e = assertThrows(AttachmentRefused.class, () -> AttachmentCleaner.clean("n.txt", latin1));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }

    @Test
    void aZipIsRefusedNamingWhatItIsAndWhatIsAccepted() throws IOException {
        AttachmentRefused e = assertThrows(AttachmentRefused.class,
                () -> AttachmentCleaner.clean("evidence.zip", zip("a.txt", "hello")));
        assertEquals(415, e.status());
        assertTrue(e.getMessage().contains("application/zip"), e.getMessage());
        assertTrue(e.getMessage().contains(AttachmentCleaner.ACCEPTED), e.getMessage());
    }

    @Test
    void aProgramIsRefused() {
        byte[] exe = new byte[512];
        exe[0] = 'M';
        exe[1] = 'Z';
        exe[0x3c] = (byte) 0x80;
        System.arraycopy("PE\0\0".getBytes(StandardCharsets.US_ASCII), 0, exe, 0x80, 4);
        AttachmentRefused e = assertThrows(AttachmentRefused.class, () -> AttachmentCleaner.clean("setup.exe", exe));
        assertEquals(415, e.status());
        assertTrue(e.getMessage().contains("program"), e.getMessage());
    }

    @Test
    void aMislabelledFileIsRefusedByItsContentAndTheNameIsCalledOut() throws IOException {
        AttachmentRefused e = assertThrows(AttachmentRefused.class,
                () -> AttachmentCleaner.clean("minutes.pdf", zip("minutes.txt", "hello")));
        assertEquals(415, e.status());
        assertTrue(e.getMessage().contains("application/zip"), e.getMessage());
        assertTrue(e.getMessage().contains("name ends in .pdf, but its content is not a PDF"), e.getMessage());
    }

    @Test
    void heicIsRefusedWithAWayOut() {
        byte[] heic = new byte[64];
        byte[] box = "\0\0\0\u0018ftypheic\0\0\0\0mif1heic".getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(box, 0, heic, 0, box.length);
        AttachmentRefused e = assertThrows(AttachmentRefused.class, () -> AttachmentCleaner.clean("IMG_1.HEIC", heic));
        assertEquals(415, e.status());
        assertTrue(e.getMessage().contains("Convert it to JPEG first"), e.getMessage());
    }

    @Test
    void anOversizeFileIsRefusedWith413BeforeAnythingElse() {
        byte[] big = new byte[AttachmentCleaner.MAX_FILE_BYTES + 1];
        AttachmentRefused e = assertThrows(AttachmentRefused.class, () -> AttachmentCleaner.clean("big.pdf", big));
        assertEquals(413, e.status());
        assertTrue(e.getMessage().contains("at most 10.0 MiB"), e.getMessage());
        AttachmentCleaner.checkReportTotal(AttachmentCleaner.MAX_REPORT_BYTES);
        AttachmentRefused total = assertThrows(AttachmentRefused.class,
                () -> AttachmentCleaner.checkReportTotal(AttachmentCleaner.MAX_REPORT_BYTES + 1));
        assertEquals(413, total.status());
    }

    @Test
    void anEmptyFileIsRefusedWith400() {
        assertEquals(400, assertThrows(AttachmentRefused.class,
                () -> AttachmentCleaner.clean("a.txt", new byte[0])).status());
    }

    @Test
    void namesLoseTheirFoldersAndUnsafeCharactersAndTakeTheContentsExtension() {
        List<String> notes = new ArrayList<>();
        assertEquals("passwd.txt", AttachmentCleaner.safeName("../../etc/passwd", Kind.TEXT, notes));
        assertEquals("report.pdf", AttachmentCleaner.safeName("C:\\Users\\jsmith\\Desktop\\report.pdf", Kind.PDF,
                notes));
        assertEquals("Adroddiad ŵyl_2024.pdf", AttachmentCleaner.safeName("Adroddiad ŵyl<2024>.PDF", Kind.PDF,
                notes));
        assertEquals("invoice_fdp.pdf", AttachmentCleaner.safeName("invoice\u202Efdp.pdf", Kind.PDF, notes));
        assertEquals("attachment.png", AttachmentCleaner.safeName("...", Kind.PNG, notes));
        assertEquals("_CON.txt", AttachmentCleaner.safeName("CON.txt", Kind.TEXT, notes));
        assertEquals(List.of(), notes);

        String longName = AttachmentCleaner.safeName("a".repeat(300) + ".docx", Kind.DOCX, notes);
        assertEquals(AttachmentCleaner.MAX_NAME_LENGTH, longName.length());
        assertTrue(longName.endsWith("a.docx"));

        assertEquals("photo.png", AttachmentCleaner.safeName("photo.jpg", Kind.PNG, notes));
        assertEquals(List.of("The name ended in .jpg (a JPEG picture), but the content is a PNG picture: it is"
                + " named .png instead."), notes);
    }

    // ---- pictures

    @Test
    void aJpegLosesExifGpsAndTrailingDataAndIsTurnedAsItsOrientationSaid() throws IOException {
        byte[] jpeg = jpegWithExif(64, 32, 6);
        assertTrue(contains(jpeg, NAME) && contains(jpeg, "Exif"));

        Cleaned c = AttachmentCleaner.clean("IMG_0042.JPG", jpeg);

        assertEquals("image/jpeg", c.detectedType());
        assertEquals("IMG_0042.jpg", c.fileName());
        assertTrue(c.removed().contains(ImageMetadata.EXIF), c.removed().toString());
        assertTrue(c.removed().contains(ImageMetadata.GPS), c.removed().toString());
        assertTrue(c.removed().contains(ImageMetadata.COMMENT), c.removed().toString());
        assertTrue(c.removed().contains(ImageMetadata.TRAILING), c.removed().toString());
        assertGone(c.bytes(), NAME);
        assertGone(c.bytes(), "Exif");
        assertEquals(List.of(), ImageMetadata.scanJpeg(c.bytes()).kinds());
        assertEquals(List.of(), unknownJpegMarkers(c.bytes()));

        BufferedImage back = ImageIO.read(new ByteArrayInputStream(c.bytes()));
        assertEquals(32, back.getWidth(), "turned a quarter clockwise");
        assertEquals(64, back.getHeight());
        assertTrue(isRed(back.getRGB(16, 8)), "the left half (red) is now on top");
        assertTrue(isBlue(back.getRGB(16, 56)), "the right half (blue) is now below");
        assertTrue(c.notes().stream().anyMatch(n -> n.contains("orientation")), c.notes().toString());
    }

    @Test
    void aPngLosesItsTextChunksAndKeepsItsPixels() throws IOException {
        byte[] png = pngWithText(40, 20);
        assertTrue(contains(png, NAME));

        Cleaned c = AttachmentCleaner.clean("scan.png", png);

        assertEquals("image/png", c.detectedType());
        assertTrue(c.removed().contains(ImageMetadata.TEXT), c.removed().toString());
        assertTrue(c.removed().contains(ImageMetadata.TIME), c.removed().toString());
        assertGone(c.bytes(), NAME);
        assertGone(c.bytes(), "tEXt");
        assertEquals(List.of(), ImageMetadata.scanPng(c.bytes()).kinds());
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(c.bytes()));
        BufferedImage before = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(40, back.getWidth());
        assertEquals(20, back.getHeight());
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 40; x++) {
                assertEquals(before.getRGB(x, y), back.getRGB(x, y));
            }
        }
    }

    @Test
    void aPngNamedAsAJpegIsCleanedAsAPngAndRenamed() throws IOException {
        Cleaned c = AttachmentCleaner.clean("photo.jpg", pngWithText(8, 8));
        assertEquals("image/png", c.detectedType());
        assertEquals("photo.png", c.fileName());
        assertTrue(c.notes().stream().anyMatch(n -> n.contains("ended in .jpg")), c.notes().toString());
    }

    @Test
    void aPictureOfTooManyPixelsIsRefusedFromItsHeaderWith413() throws IOException {
        byte[] png = pngWithText(8, 8);
        ByteBuffer.wrap(png, 16, 8).putInt(20_000).putInt(20_000);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        ByteBuffer.wrap(png, 29, 4).putInt((int) crc.getValue());
        AttachmentRefused e = assertThrows(AttachmentRefused.class, () -> AttachmentCleaner.clean("big.png", png));
        assertEquals(413, e.status());
        assertTrue(e.getMessage().contains("20000 × 20000"), e.getMessage());
    }

    @Test
    void aBrokenJpegIsRefusedWith400() {
        byte[] broken = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 2, 3,
            (byte) 0xFF, (byte) 0xC0, 0, 1};
        AttachmentRefused e = assertThrows(AttachmentRefused.class, () -> AttachmentCleaner.clean("a.jpg", broken));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("could not be read as a JPEG picture"), e.getMessage());
    }

    @Test
    void strippingLeavesTheCompressedPixelsAsTheyWere() throws IOException {
        byte[] jpeg = jpegWithExif(24, 16, 1);
        byte[] stripped = ImageMetadata.stripJpeg(jpeg);
        assertGone(stripped, NAME);
        assertGone(stripped, "Exif");
        assertEquals(List.of(), ImageMetadata.scanJpeg(stripped).kinds());
        assertEquals(24, ImageIO.read(new ByteArrayInputStream(stripped)).getWidth());
        byte[] plain = plainJpeg(24, 16);
        assertArrayEquals(plain, ImageMetadata.stripJpeg(plain), "a JPEG with nothing to remove is unchanged");

        byte[] png = pngWithText(24, 16);
        byte[] strippedPng = ImageMetadata.stripPng(png);
        assertGone(strippedPng, NAME);
        assertEquals(List.of(), ImageMetadata.scanPng(strippedPng).kinds());
        assertEquals(16, ImageIO.read(new ByteArrayInputStream(strippedPng)).getHeight());
    }

    /** A JPEG, left half red and right half blue, written by ImageIO (so with no more than a JFIF header). */
    static byte[] plainJpeg(int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, x < w / 2 ? 0xFF0000 : 0x0000FF);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", out);
        return out.toByteArray();
    }

    /**
     * {@link #plainJpeg} with an APP1 EXIF segment crafted byte by byte after SOI (IFD0: orientation, artist
     * {@value #NAME}, a GPS sub-directory with a latitude), a comment holding the name and the name again after
     * the end of the picture.
     */
    static byte[] jpegWithExif(int w, int h, int orientation) throws IOException {
        byte[] plain = plainJpeg(w, h);
        ByteBuffer t = ByteBuffer.allocate(200).order(ByteOrder.LITTLE_ENDIAN);
        byte[] artist = (NAME + "\0").getBytes(StandardCharsets.US_ASCII);
        t.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        t.putShort((short) 3);
        t.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        t.putShort((short) 0x013B).putShort((short) 2).putInt(artist.length).putInt(50);
        t.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(50 + artist.length);
        t.putInt(0);
        t.position(50);
        t.put(artist);
        int gps = t.position();
        t.putShort((short) 2);
        t.putShort((short) 1).putShort((short) 2).putInt(2).put((byte) 'N').put((byte) 0).putShort((short) 0);
        t.putShort((short) 2).putShort((short) 5).putInt(3).putInt(gps + 2 + 24 + 4);
        t.putInt(0);
        t.putInt(51).putInt(1).putInt(30).putInt(1).putInt(15).putInt(1);
        byte[] tiff = Arrays.copyOf(t.array(), t.position());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(plain, 0, 2);
        out.write(0xFF);
        out.write(0xE1);
        int len = 2 + 6 + tiff.length;
        out.write(len >> 8);
        out.write(len & 0xFF);
        out.write("Exif\0\0".getBytes(StandardCharsets.US_ASCII));
        out.write(tiff);
        byte[] comment = ("Taken by " + NAME).getBytes(StandardCharsets.US_ASCII);
        out.write(0xFF);
        out.write(0xFE);
        out.write((comment.length + 2) >> 8);
        out.write((comment.length + 2) & 0xFF);
        out.write(comment);
        out.write(plain, 2, plain.length - 2);
        out.write(("appended by " + NAME).getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** A PNG written by ImageIO with a tEXt chunk (Author: {@value #NAME}) and a tIME chunk put before IEND. */
    static byte[] pngWithText(int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (x * 6) << 16 | (y * 12) << 8 | 0x80000000 | 0x40);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(img, "png", png);
        byte[] plain = png.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(plain, 0, plain.length - 12);
        out.write(chunk("tEXt", ("Author\0" + NAME).getBytes(StandardCharsets.ISO_8859_1)));
        out.write(chunk("tIME", new byte[] {0x07, (byte) 0xE8, 3, 3, 9, 15, 0}));
        out.write(plain, plain.length - 12, 12);
        return out.toByteArray();
    }

    static byte[] chunk(String type, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(12 + data.length);
        b.putInt(data.length).put(type.getBytes(StandardCharsets.US_ASCII)).put(data);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 4, 4 + data.length);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /** The markers ImageIO's JPEG metadata lists as unknown (any APPn but JFIF and Adobe) or as comments. */
    static List<String> unknownJpegMarkers(byte[] jpeg) throws IOException {
        ImageReader reader = ImageIO.getImageReadersByFormatName("jpeg").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
            reader.setInput(in);
            IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_jpeg_image_1.0");
            List<String> found = new ArrayList<>();
            NodeList markers = root.getElementsByTagName("markerSequence").item(0).getChildNodes();
            for (int i = 0; i < markers.getLength(); i++) {
                String name = markers.item(i).getNodeName();
                if (name.equals("unknown") || name.equals("com")) {
                    found.add(name);
                }
            }
            return found;
        } finally {
            reader.dispose();
        }
    }

    static boolean isRed(int rgb) {
        return (rgb >> 16 & 0xFF) > 200 && (rgb & 0xFF) < 60;
    }

    static boolean isBlue(int rgb) {
        return (rgb & 0xFF) > 200 && (rgb >> 16 & 0xFF) < 60;
    }

    // ---- PDF

    @Test
    void aPdfLosesPropertiesXmpEmbeddedFilesScriptsAndCommentAuthorsAndKeepsWhatShows() throws IOException {
        byte[] pdf = pdfWithEverything();
        assertTrue(everything(pdf).contains(NAME));

        Cleaned c = AttachmentCleaner.clean("minutes.pdf", pdf);

        assertEquals("application/pdf", c.detectedType());
        assertEquals("minutes.pdf", c.fileName());
        List<String> r = c.removed();
        assertTrue(r.contains(PdfCleaner.INFO + " (author, title, program that made it, program that made the PDF, 1"
                + " other)"), r.toString());
        assertTrue(r.contains(PdfCleaner.XMP), r.toString());
        assertTrue(r.contains(PdfCleaner.XMP_PARTS), r.toString());
        assertTrue(r.contains(PdfCleaner.EMBEDDED_FILES + " (2)"), r.toString());
        assertTrue(r.contains(PdfCleaner.JAVASCRIPT), r.toString());
        assertTrue(r.contains("JavaScript or another action run when the file is opened"), r.toString());
        assertTrue(r.contains(PdfCleaner.EVENT_ACTIONS), r.toString());
        assertTrue(r.contains(PdfCleaner.RISKY_ACTIONS), r.toString());
        assertTrue(r.contains(PdfCleaner.ANNOTATION_AUTHORS), r.toString());
        assertTrue(r.contains(PdfCleaner.ATTACHMENT_ANNOTATIONS), r.toString());
        assertTrue(r.contains(PdfCleaner.PICTURE_METADATA), r.toString());
        assertTrue(r.contains(PdfCleaner.PICTURE_GPS), r.toString());

        assertGone(c.bytes(), NAME);
        assertGone(c.bytes(), "JavaScript");
        assertGone(c.bytes(), "Exif");
        assertFalse(everything(c.bytes()).contains(NAME), "no object, decoded, names " + NAME);
        try (PDDocument doc = Loader.loadPDF(c.bytes())) {
            assertEquals(0, doc.getDocumentInformation().getCOSObject().size());
            PDDocumentCatalog catalog = doc.getDocumentCatalog();
            assertEquals(null, catalog.getMetadata());
            assertEquals(null, catalog.getCOSObject().getDictionaryObject(COSName.OPEN_ACTION));
            assertEquals(null, catalog.getNames().getEmbeddedFiles());
            assertEquals(null, catalog.getNames().getJavaScript());
            PDPage page = doc.getPage(0);
            assertEquals(null, page.getMetadata());
            assertFalse(page.getCOSObject().containsKey(COSName.AA));
            List<PDAnnotation> annots = page.getAnnotations();
            assertEquals(List.of("Text", "Link", "Link"), annots.stream().map(PDAnnotation::getSubtype).toList());
            PDAnnotationMarkup note = (PDAnnotationMarkup) annots.get(0);
            assertEquals("Please check the figures", note.getContents(), "the comment itself is kept");
            assertEquals(null, note.getTitlePopup());
            assertEquals(null, note.getModifiedDate());
            assertTrue(((PDAnnotationLink) annots.get(1)).getAction() instanceof PDActionURI, "a web link is kept");
            assertEquals(null, ((PDAnnotationLink) annots.get(2)).getAction(), "a launch action is not");

            assertTrue(new PDFTextStripper().getText(doc).contains("Visible evidence 42"));
            PDImageXObject image = (PDImageXObject) page.getResources().getXObject(COSName.getPDFName("Im1"));
            assertEquals(24, image.getImage().getWidth(), "the picture still decodes");
        }
    }

    @Test
    void aCorruptPdfIsRefusedWith400() {
        byte[] corrupt = "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ngarbage".getBytes(
                StandardCharsets.US_ASCII);
        AttachmentRefused e = assertThrows(AttachmentRefused.class, () -> AttachmentCleaner.clean("a.pdf", corrupt));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("could not be read as a PDF"), e.getMessage());
    }

    @Test
    void aPdfLockedWithAPasswordIsRefusedWith400SayingSo() throws IOException {
        byte[] locked;
        try (PDDocument doc = new PDDocument()) {
            doc.addPage(new PDPage());
            doc.protect(new StandardProtectionPolicy("owner", "secret", new AccessPermission()));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            locked = out.toByteArray();
        }
        AttachmentRefused e = assertThrows(AttachmentRefused.class, () -> AttachmentCleaner.clean("a.pdf", locked));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("password"), e.getMessage());
    }

    /**
     * A one-page PDF with {@value #NAME} as author and in XMP (document and page), an embedded file, document
     * JavaScript, a JavaScript open action, a page-open action, a comment by {@value #NAME}, a web link, a link
     * launching a program, a file attachment on the page, and a JPEG picture whose EXIF holds the name and a GPS
     * position; saved with PDFBox's default compression (object streams).
     */
    static byte[] pdfWithEverything() throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            PDImageXObject image = JPEGFactory.createFromByteArray(doc, jpegWithExif(24, 16, 1));
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.beginText();
                cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                cs.newLineAtOffset(72, 700);
                cs.showText("Visible evidence 42");
                cs.endText();
                cs.drawImage(image, 72, 500);
            }
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setAuthor(NAME);
            info.setTitle("Draft by " + NAME);
            info.setCreator("Word");
            info.setProducer("Acme PDF");
            info.setCustomMetadataValue("Department", "Probation North");
            PDDocumentCatalog catalog = doc.getDocumentCatalog();
            catalog.setMetadata(new PDMetadata(doc, new ByteArrayInputStream(xmp())));
            page.setMetadata(new PDMetadata(doc, new ByteArrayInputStream(xmp())));

            PDDocumentNameDictionary names = new PDDocumentNameDictionary(catalog);
            PDEmbeddedFilesNameTreeNode files = new PDEmbeddedFilesNameTreeNode();
            files.setNames(Map.of("a.txt", fileSpec(doc, "a.txt"), "b.txt", fileSpec(doc, "b.txt")));
            names.setEmbeddedFiles(files);
            PDJavascriptNameTreeNode scripts = new PDJavascriptNameTreeNode();
            scripts.setNames(Map.of("init", new PDActionJavaScript("var who = '" + NAME + "';")));
            names.setJavascript(scripts);
            catalog.setNames(names);
            catalog.setOpenAction(new PDActionJavaScript("app.alert('" + NAME + "');"));
            page.getActions().setO(new PDActionJavaScript("app.alert('page');"));

            PDAnnotationText note = new PDAnnotationText();
            note.setRectangle(new PDRectangle(100, 600, 20, 20));
            note.setContents("Please check the figures");
            note.setTitlePopup(NAME);
            note.setModifiedDate(new GregorianCalendar(2024, 2, 3));
            PDAnnotationLink web = new PDAnnotationLink();
            web.setRectangle(new PDRectangle(72, 690, 100, 14));
            PDActionURI uri = new PDActionURI();
            uri.setURI("https://example.org/policy");
            web.setAction(uri);
            PDAnnotationLink launch = new PDAnnotationLink();
            launch.setRectangle(new PDRectangle(72, 670, 100, 14));
            PDActionLaunch run = new PDActionLaunch();
            run.setF("calc.exe");
            launch.setAction(run);
            PDAnnotationFileAttachment attached = new PDAnnotationFileAttachment();
            attached.setRectangle(new PDRectangle(300, 600, 20, 20));
            attached.setFile(fileSpec(doc, "c.txt"));
            page.setAnnotations(List.of(note, web, launch, attached));

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    static PDComplexFileSpecification fileSpec(PDDocument doc, String name) throws IOException {
        PDEmbeddedFile file = new PDEmbeddedFile(doc, new ByteArrayInputStream(("Notes by " + NAME).getBytes(
                StandardCharsets.UTF_8)));
        file.setSubtype("text/plain");
        PDComplexFileSpecification spec = new PDComplexFileSpecification();
        spec.setFile(name);
        spec.setEmbeddedFile(file);
        return spec;
    }

    static byte[] xmp() {
        return ("<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?><x:xmpmeta xmlns:x='adobe:ns:meta/'>"
                + "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description rdf:about=''"
                + " xmlns:dc='http://purl.org/dc/elements/1.1/'><dc:creator><rdf:Seq><rdf:li>" + NAME
                + "</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end='w'?>")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Every object of a PDF as text, streams decoded (pictures left raw), to search for what a grep would miss. */
    static String everything(byte[] pdf) throws IOException {
        StringBuilder all = new StringBuilder();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            COSDocument cos = doc.getDocument();
            for (COSObjectKey key : List.copyOf(cos.getXrefTable().keySet())) {
                COSBase object = cos.getObjectFromPool(key).getObject();
                if (object instanceof COSStream stream) {
                    boolean picture = COSName.DCT_DECODE.equals(stream.getDictionaryObject(COSName.FILTER));
                    try (InputStream in = picture ? stream.createRawInputStream() : stream.createInputStream()) {
                        all.append(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
                    }
                }
                all.append(object);
            }
        }
        return all.toString();
    }

    static byte[] zip(String entry, String content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry(entry));
            z.write(content.getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        return out.toByteArray();
    }

    static boolean contains(byte[] haystack, String needle) {
        String hay = new String(haystack, StandardCharsets.ISO_8859_1);
        return hay.contains(new String(needle.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1))
                || hay.contains(new String(needle.getBytes(StandardCharsets.UTF_16BE), StandardCharsets.ISO_8859_1))
                || hay.contains(new String(needle.getBytes(StandardCharsets.UTF_16LE), StandardCharsets.ISO_8859_1));
    }

    static void assertGone(byte[] bytes, String what) {
        assertFalse(contains(bytes, what), "still holds " + what);
    }
}
