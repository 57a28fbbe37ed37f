package org.candour.whistleblowing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.GregorianCalendar;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
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
import org.apache.poi.ooxml.POIXMLProperties;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.apache.poi.openxml4j.opc.PackageRelationship;
import org.apache.poi.openxml4j.opc.PackageRelationshipTypes;
import org.apache.poi.openxml4j.opc.PackagingURIHelper;
import org.apache.poi.openxml4j.opc.TargetMode;
import org.apache.poi.ss.usermodel.ClientAnchor;
import org.apache.poi.ss.usermodel.Comment;
import org.apache.poi.util.TempFile;
import org.apache.poi.util.TempFileCreationStrategy;
import org.apache.poi.util.Units;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFRichTextString;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.Document;
import org.apache.poi.xwpf.usermodel.XWPFComment;
import org.apache.poi.xwpf.usermodel.XWPFComments;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFPictureData;
import org.candour.whistleblowing.AttachmentCleaner.Cleaned;
import org.candour.whistleblowing.AttachmentCleaner.Kind;
import org.junit.jupiter.api.Test;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTRunTrackChange;
import org.w3c.dom.NodeList;

/**
 * Every fixture is built here with the libraries the cleaner uses, holding the name {@value #NAME} (and, for
 * pictures, a GPS position) in the places each format hides metadata. After cleaning, each file is opened again
 * and inspected, and its raw bytes are searched for the name: it must be gone while the visible content stays.
 */
public class AttachmentCleanerTest {

    public static final String NAME = "Jane Informant";

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
    void theLimitsFollowTheHeapSoTheLargestAcceptedFileCleansWithoutRunningOutOfMemory() {
        long mib = 1024 * 1024;
        // The recommended -Xmx320m: a 50-megapixel turned JPEG ran out of a 300 MiB heap (docs/attachments.md).
        assertEquals(13_981_013, AttachmentCleaner.maxPixels(320 * mib));
        assertEquals(32 * mib, AttachmentCleaner.maxUnpackedBytes(320 * mib));
        // A large heap keeps the fixed limits.
        assertEquals(AttachmentCleaner.MAX_PIXELS, AttachmentCleaner.maxPixels(8192 * mib));
        assertEquals(AttachmentCleaner.MAX_UNPACKED_BYTES, AttachmentCleaner.maxUnpackedBytes(8192 * mib));
        assertTrue(AttachmentCleaner.maxPixels() <= Runtime.getRuntime().maxMemory() / 24);
    }

    @Test
    void anOversizeFileIsRefusedWith413BeforeAnythingElse() {
        byte[] big = new byte[AttachmentCleaner.MAX_FILE_BYTES + 1];
        AttachmentRefused e = assertThrows(AttachmentRefused.class, () -> AttachmentCleaner.clean("big.pdf", big));
        assertEquals(413, e.status());
        assertTrue(e.getMessage().contains("larger than the 10.0 MiB"), e.getMessage());
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
     * {@link #plainJpeg} with an APP1 EXIF segment crafted byte by byte after the JFIF header (IFD0: orientation, artist
     * {@value #NAME}, a GPS sub-directory with a latitude), a comment holding the name and the name again after
     * the end of the picture.
     */
    public static byte[] jpegWithExif(int w, int h, int orientation) throws IOException {
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
        out.write(plain, 0, 20);
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
        out.write(plain, 20, plain.length - 20);
        out.write(("appended by " + NAME).getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** A PNG written by ImageIO with a tEXt chunk (Author: {@value #NAME}) and a tIME chunk put before IEND. */
    public static byte[] pngWithText(int w, int h) throws IOException {
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
        assertTrue(r.contains(ImageMetadata.INSIDE), r.toString());
        assertTrue(r.contains(ImageMetadata.INSIDE_GPS), r.toString());

        assertGone(c.bytes(), NAME);
        assertGone(c.bytes(), "JavaScript");
        assertGone(c.bytes(), "Exif");
        assertFalse(everything(c.bytes()).contains(NAME), "no object, decoded, names " + NAME);
        byte[] again = AttachmentCleaner.clean("minutes.pdf", pdf).bytes();
        try (PDDocument doc = Loader.loadPDF(c.bytes()); PDDocument other = Loader.loadPDF(again)) {
            COSArray id = doc.getDocument().getTrailer().getCOSArray(COSName.ID);
            assertFalse(id.toString().equals(other.getDocument().getTrailer().getCOSArray(COSName.ID).toString()),
                    "the file identifier is random, not made from the time of saving");
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
    void aPdfLockedWithAPasswordIsRefusedWith400AndOneWithRestrictionsOnlyIsCleaned() throws IOException {
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

        byte[] restricted;
        try (PDDocument doc = new PDDocument()) {
            doc.addPage(new PDPage());
            doc.getDocumentInformation().setAuthor(NAME);
            doc.protect(new StandardProtectionPolicy("owner", "", new AccessPermission()));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            restricted = out.toByteArray();
        }
        Cleaned c = AttachmentCleaner.clean("a.pdf", restricted);
        assertTrue(c.notes().get(0).contains("restrictions"), c.notes().toString());
        try (PDDocument doc = Loader.loadPDF(c.bytes())) {
            assertFalse(doc.isEncrypted());
            assertEquals(null, doc.getDocumentInformation().getAuthor());
        }
        assertGone(c.bytes(), NAME);
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

    // ---- Word and Excel

    @Test
    void aDocxLosesPropertiesCommentsAuthorshipOfChangesAndItsTemplatePathAndKeepsItsText() throws Exception {
        byte[] docx = docxWithEverything();
        assertTrue(unzipped(docx).contains(NAME) && unzipped(docx).contains(COMPANY));

        Cleaned c = AttachmentCleaner.clean("statement.docx", docx);

        assertEquals(Kind.DOCX.mime, c.detectedType());
        List<String> r = c.removed();
        assertTrue(r.contains(OfficeCleaner.PROPERTIES + " (author, last modified by, creation date, title)"),
                r.toString());
        assertTrue(r.contains(OfficeCleaner.APP_PROPERTIES + " (company, manager, template, program)"), r.toString());
        assertTrue(r.contains(OfficeCleaner.CUSTOM_PROPERTIES), r.toString());
        assertTrue(r.contains(OfficeCleaner.COMMENTS), r.toString());
        assertTrue(r.contains(OfficeCleaner.CUSTOM_XML), r.toString());
        assertTrue(r.contains(WordXml.TRACKED + " (2)"), r.toString());
        assertTrue(r.contains(WordXml.TEMPLATE), r.toString());
        assertTrue(r.contains(WordXml.SESSIONS), r.toString());
        assertTrue(r.contains(ImageMetadata.INSIDE), r.toString());
        assertTrue(r.contains(ImageMetadata.INSIDE_GPS), r.toString());

        assertTrue(c.notes().contains("Kept as it was, not cleaned: " + OfficeCleaner.EMBEDDED + "."),
                c.notes().toString());
        assertEquals(Set.of(OfficeCleaner.ZIP_TIME), entryTimes(c.bytes()), "no entry tells when it was cleaned");
        String all = unzipped(c.bytes());
        for (String gone : List.of(NAME, COMPANY, "jinformant", "deleted words", "Is this right?", "Exif",
                "w:rsid", "w:author")) {
            assertFalse(all.contains(gone), "still holds " + gone);
        }
        try (XWPFDocument doc = new XWPFDocument(new ByteArrayInputStream(c.bytes()))) {
            String text = doc.getParagraphs().stream().map(XWPFParagraph::getText).reduce("", String::concat);
            assertTrue(text.contains("Visible paragraph about the meeting."), text);
            assertTrue(text.contains("inserted words"), "an insertion is accepted: " + text);
            assertFalse(text.contains("deleted words"), "a deletion is accepted: " + text);
            assertEquals(0, doc.getPackage().getPartsByContentType(
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml").size());
            POIXMLProperties props = doc.getProperties();
            assertEquals(null, props.getCoreProperties().getCreator());
            assertEquals(null, props.getCoreProperties().getLastModifiedByUser());
            assertEquals(null, props.getCoreProperties().getTitle());
            assertEquals(null, props.getExtendedProperties().getCompany());
            assertEquals(0, props.getCustomProperties().getUnderlyingProperties().sizeOfPropertyArray());
            XWPFPictureData picture = doc.getAllPictures().get(0);
            assertEquals(24, ImageIO.read(new ByteArrayInputStream(picture.getData())).getWidth());
        }
    }

    @Test
    void anXlsxLosesItsCommentsAndPropertiesAndKeepsItsCells() throws Exception {
        byte[] xlsx = xlsxWithComment();
        assertTrue(unzipped(xlsx).contains(NAME));

        Cleaned c = AttachmentCleaner.clean("rota.xlsx", xlsx);

        assertEquals(Kind.XLSX.mime, c.detectedType());
        assertTrue(c.removed().contains(OfficeCleaner.COMMENTS), c.removed().toString());
        assertTrue(c.removed().contains(OfficeCleaner.PROPERTIES + " (author, creation date)"), c.removed().toString());
        assertTrue(c.removed().contains(OfficeCleaner.APP_PROPERTIES + " (company, program)"),
                c.removed().toString());
        for (String what : List.of(OfficeCleaner.PRINTER, OfficeCleaner.PEOPLE, SpreadsheetXml.PERSONAL_VIEWS,
                SpreadsheetXml.RESERVED_BY)) {
            assertTrue(c.removed().contains(what), what + " in " + c.removed());
        }
        assertEquals(Set.of(OfficeCleaner.ZIP_TIME), entryTimes(c.bytes()));
        String all = unzipped(c.bytes());
        assertFalse(all.contains(NAME), "still names " + NAME);
        assertFalse(all.contains(COMPANY));
        assertFalse(all.contains("check this figure"));
        for (String gone : List.of("PRINTSRV01", "printerSettings", "jane@example.org", "ObjectType=\"Note\"",
                "customSheetView", "customWorkbookView")) {
            assertFalse(all.contains(gone) || all.contains(new String(gone.getBytes(StandardCharsets.UTF_16LE),
                    StandardCharsets.ISO_8859_1)), "still holds " + gone);
        }
        assertTrue(unzipped(xlsx).contains("ObjectType=\"Note\""), "the fixture had a comment box");
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(c.bytes()))) {
            XSSFSheet sheet = wb.getSheet("Rota");
            assertEquals("Visible cell", sheet.getRow(0).getCell(0).getStringCellValue());
            assertEquals(42.0, sheet.getRow(1).getCell(0).getNumericCellValue());
            assertEquals(Map.of(), sheet.getCellComments());
            assertEquals(null, wb.getProperties().getCoreProperties().getCreator());
        }
    }

    @Test
    void aWorkbookWrittenAsAStreamIsRead() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SXSSFWorkbook wb = new SXSSFWorkbook(10)) {
            SXSSFSheet sheet = wb.createSheet("Streamed");
            for (int i = 0; i < 50; i++) {
                sheet.createRow(i).createCell(0).setCellValue("row " + i);
            }
            wb.write(out);
        }
        byte[] xlsx = out.toByteArray();
        assertThrows(ZipException.class, () -> unzipped(xlsx), "Java's own ZIP reader refuses this file");

        Cleaned c = AttachmentCleaner.clean("big.xlsx", xlsx);

        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(c.bytes()))) {
            assertEquals("row 49", wb.getSheet("Streamed").getRow(49).getCell(0).getStringCellValue());
        }
    }

    @Test
    void anOfficeZipBombIsRefusedWith413BeforePoiOpensIt() throws IOException {
        byte[] bomb = officeZip(OfficeCleaner.DOCX_MAIN, new byte[20 * 1024 * 1024]);
        AttachmentRefused e = assertThrows(AttachmentRefused.class, () -> AttachmentCleaner.clean("big.docx", bomb));
        assertEquals(413, e.status());
        assertTrue(e.getMessage().contains("more than 100 times its size"), e.getMessage());
    }

    @Test
    void aBrokenDocxIs400AndAPresentationIs415() throws IOException {
        byte[] broken = officeZip(OfficeCleaner.DOCX_MAIN, "<w:document".getBytes(StandardCharsets.UTF_8));
        AttachmentRefused e = assertThrows(AttachmentRefused.class, () -> AttachmentCleaner.clean("a.docx", broken));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("could not be read as a Word document"), e.getMessage());

        byte[] pptx = officeZip("application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
                null);
        AttachmentRefused slides = assertThrows(AttachmentRefused.class,
                () -> AttachmentCleaner.clean("slides.docx", pptx));
        assertEquals(415, slides.status());
        assertTrue(slides.getMessage().contains("PowerPoint"), slides.getMessage());
        assertTrue(slides.getMessage().contains("its content is not a Word document"), slides.getMessage());
    }

    /** A ZIP whose [Content_Types].xml declares this main part, with that part when given. */
    static byte[] officeZip(String mainType, byte[] document) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("[Content_Types].xml"));
            z.write(("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
                    + "content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override"
                    + " PartName=\"/word/document.xml\" ContentType=\"" + mainType + "\"/></Types>")
                    .getBytes(StandardCharsets.UTF_8));
            if (document != null) {
                z.putNextEntry(new ZipEntry("word/document.xml"));
                z.write(document);
            }
        }
        return out.toByteArray();
    }

    // ---- in memory, in Java

    @Test
    void nothingIsWrittenToDiskAndNoProgramIsRun() throws Exception {
        TempFileCreationStrategy refuse = new TempFileCreationStrategy() {
            @Override
            public File createTempFile(String prefix, String suffix) throws IOException {
                throw new IOException("a temporary file was asked for");
            }

            @Override
            public File createTempDirectory(String prefix) throws IOException {
                throw new IOException("a temporary folder was asked for");
            }
        };
        byte[] docx = docxWithEverything();
        byte[] xlsx = xlsxWithComment();
        assertEquals(Kind.DOCX.mime, TempFile.withStrategy(refuse, () -> AttachmentCleaner.clean("a.docx", docx))
                .detectedType());
        assertEquals(Kind.XLSX.mime, TempFile.withStrategy(refuse, () -> AttachmentCleaner.clean("a.xlsx", xlsx))
                .detectedType());
        AttachmentCleaner.clean("a.png", pngWithText(4, 4));
        assertTrue(ImageCleaner.inMemoryOnly(), "ImageIO's disk cache is off");

        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/java/org/candour/whistleblowing"))) {
            for (Path f : files.toList()) {
                String source = Files.readString(f);
                for (String bad : List.of("ProcessBuilder", ".exec(", "exiftool", "createTempFile",
                        "setupTempFileOnly", "setupMixed")) {
                    if (source.contains(bad)) {
                        offenders.add(f.getFileName() + ": " + bad);
                    }
                }
            }
        }
        assertEquals(List.of(), offenders, "no external program (exiftool or other) and no temporary file");
    }

    static final String COMPANY = "Acme Probation North";

    /**
     * A Word document by {@value #NAME} (core, application and custom properties), with a comment by her, a
     * tracked insertion and deletion by her, an editing-session identifier, a template path under her user
     * folder, SharePoint-style custom XML naming her, a JPEG photo whose EXIF names her and holds a GPS
     * position, and an embedded workbook.
     */
    static byte[] docxWithEverything() throws Exception {
        byte[] written;
        try (XWPFDocument doc = new XWPFDocument()) {
            XWPFParagraph p = doc.createParagraph();
            p.getCTP().setRsidR(new byte[] {0, 0x12, 0x34, 0x56});
            XWPFComments comments = doc.createComments();
            XWPFComment comment = comments.createComment(BigInteger.ONE);
            comment.setAuthor(NAME);
            comment.setInitials("JI");
            comment.setDate(new GregorianCalendar(2024, 2, 3));
            comment.createParagraph().createRun().setText("Is this right?");
            p.getCTP().addNewCommentRangeStart().setId(BigInteger.ONE);
            p.createRun().setText("Visible paragraph about the meeting.");
            p.getCTP().addNewCommentRangeEnd().setId(BigInteger.ONE);
            p.getCTP().addNewR().addNewCommentReference().setId(BigInteger.ONE);

            XWPFParagraph changed = doc.createParagraph();
            CTRunTrackChange ins = changed.getCTP().addNewIns();
            ins.setId(BigInteger.TWO);
            ins.setAuthor(NAME);
            ins.setDate(new GregorianCalendar(2024, 2, 4));
            ins.addNewR().addNewT().setStringValue("inserted words");
            CTRunTrackChange del = changed.getCTP().addNewDel();
            del.setId(BigInteger.valueOf(3));
            del.setAuthor(NAME);
            del.addNewR().addNewDelText().setStringValue("deleted words");

            doc.createParagraph().createRun().addPicture(new ByteArrayInputStream(jpegWithExif(24, 16, 1)),
                    Document.PICTURE_TYPE_JPEG, "photo.jpg", Units.toEMU(24), Units.toEMU(16));

            POIXMLProperties props = doc.getProperties();
            props.getCoreProperties().setCreator(NAME);
            props.getCoreProperties().setLastModifiedByUser(NAME);
            props.getCoreProperties().setTitle("Notes by " + NAME);
            props.getCoreProperties().setCreated(Optional.of(new Date()));
            props.getExtendedProperties().setCompany(COMPANY);
            props.getExtendedProperties().setManager(NAME);
            props.getExtendedProperties().setTemplate("Normal.dotm");
            props.getCustomProperties().addProperty("ReportedBy", NAME);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.write(out);
            written = out.toByteArray();
        }
        try (OPCPackage pkg = OPCPackage.open(new ByteArrayInputStream(written))) {
            PackagePart settings = pkg.getPartsByContentType(
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml").get(0);
            PackageRelationship template = settings.addExternalRelationship(
                    "file:///C:/Users/jinformant/AppData/Roaming/Microsoft/Templates/Normal.dotm",
                    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate");
            String xml = new String(settings.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String added = "<w:attachedTemplate xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                    + "relationships\" r:id=\"" + template.getId() + "\"/><w:rsids><w:rsidRoot w:val=\"00123456\"/>"
                    + "<w:rsid w:val=\"00123456\"/></w:rsids>";
            Matcher root = Pattern.compile("<w:settings([^>]*?)(/?)>").matcher(xml);
            assertTrue(root.find(), xml);
            xml = xml.substring(0, root.start()) + "<w:settings" + root.group(1) + ">" + added
                    + (root.group(2).isEmpty() ? "" : "</w:settings>") + xml.substring(root.end());
            try (OutputStream os = settings.getOutputStream()) {
                os.write(xml.getBytes(StandardCharsets.UTF_8));
            }
            PackagePart main = pkg.getPartsByContentType(OfficeCleaner.DOCX_MAIN).get(0);
            PackagePart item = pkg.createPart(PackagingURIHelper.createPartName("/customXml/item1.xml"),
                    "application/xml");
            try (OutputStream os = item.getOutputStream()) {
                os.write(("<p:properties xmlns:p=\"http://schemas.microsoft.com/office/2006/metadata/properties\">"
                        + "<Owner>" + NAME + "</Owner></p:properties>").getBytes(StandardCharsets.UTF_8));
            }
            main.addRelationship(item.getPartName(), TargetMode.INTERNAL, PackageRelationshipTypes.CUSTOM_XML);
            PackagePart embedded = pkg.createPart(PackagingURIHelper.createPartName(
                    "/word/embeddings/Microsoft_Excel_Worksheet.xlsx"),
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            try (OutputStream os = embedded.getOutputStream()) {
                os.write(new byte[] {'P', 'K', 3, 4});
            }
            main.addRelationship(embedded.getPartName(), TargetMode.INTERNAL,
                    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            pkg.save(out);
            return out.toByteArray();
        }
    }

    /**
     * A workbook by {@value #NAME} with a cell, a number and a comment by her on the cell, printer settings
     * naming her print server, a personal view, the workbook reserved by her, and a persons list naming her.
     */
    static byte[] xlsxWithComment() throws Exception {
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            XSSFSheet sheet = wb.createSheet("Rota");
            sheet.createRow(0).createCell(0).setCellValue("Visible cell");
            sheet.createRow(1).createCell(0).setCellValue(42);
            XSSFDrawing drawing = sheet.createDrawingPatriarch();
            ClientAnchor anchor = wb.getCreationHelper().createClientAnchor();
            anchor.setCol1(1);
            anchor.setCol2(3);
            anchor.setRow1(0);
            anchor.setRow2(3);
            Comment comment = drawing.createCellComment(anchor);
            comment.setAuthor(NAME);
            comment.setString(new XSSFRichTextString(NAME + ": check this figure"));
            sheet.getRow(0).getCell(0).setCellComment(comment);
            wb.getProperties().getCoreProperties().setCreator(NAME);
            wb.getProperties().getExtendedProperties().setCompany(COMPANY);

            OPCPackage pkg = wb.getPackage();
            PackagePart printer = pkg.createPart(PackagingURIHelper.createPartName(
                    "/xl/printerSettings/printerSettings1.bin"),
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings");
            try (OutputStream os = printer.getOutputStream()) {
                os.write(("\\\\PRINTSRV01\\" + NAME).getBytes(StandardCharsets.UTF_16LE));
            }
            PackageRelationship toPrinter = sheet.getPackagePart().addRelationship(printer.getPartName(),
                    TargetMode.INTERNAL, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                            + "printerSettings");
            sheet.getCTWorksheet().addNewPageSetup().setId(toPrinter.getId());
            sheet.getCTWorksheet().addNewCustomSheetViews().addNewCustomSheetView()
                    .setGuid("{12345678-1234-1234-1234-123456789012}");
            wb.getCTWorkbook().addNewFileSharing().setUserName(NAME);
            wb.getCTWorkbook().addNewCustomWorkbookViews().addNewCustomWorkbookView().setName(NAME
                    + " - Personal View");
            PackagePart persons = pkg.createPart(PackagingURIHelper.createPartName("/xl/persons/person.xml"),
                    "application/vnd.ms-excel.person+xml");
            try (OutputStream os = persons.getOutputStream()) {
                os.write(("<personList xmlns=\"http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments\">"
                        + "<person displayName=\"" + NAME + "\" id=\"{0}\" userId=\"jane@example.org\" providerId=\"AD\"/>"
                        + "</personList>").getBytes(StandardCharsets.UTF_8));
            }
            wb.getPackagePart().addRelationship(persons.getPartName(), TargetMode.INTERNAL,
                    "http://schemas.microsoft.com/office/2017/10/relationships/person");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            return out.toByteArray();
        }
    }

    static Set<LocalDateTime> entryTimes(byte[] zip) throws IOException {
        Set<LocalDateTime> times = new HashSet<>();
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                times.add(e.getTimeLocal());
            }
        }
        return times;
    }

    /** Every entry of a ZIP, unpacked, as one string (ISO-8859-1, so that UTF-8 text can be searched in it). */
    static String unzipped(byte[] zip) throws IOException {
        StringBuilder all = new StringBuilder();
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                all.append(e.getName()).append('\n').append(new String(z.readAllBytes(), StandardCharsets.ISO_8859_1));
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
