package org.candour.whistleblowing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.candour.whistleblowing.AttachmentCleaner.Cleaned;
import org.candour.whistleblowing.AttachmentCleaner.Kind;
import org.junit.jupiter.api.Test;

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
        return indexOf(haystack, needle.getBytes(StandardCharsets.UTF_8)) >= 0
                || indexOf(haystack, needle.getBytes(StandardCharsets.UTF_16BE)) >= 0
                || indexOf(haystack, needle.getBytes(StandardCharsets.UTF_16LE)) >= 0;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static void assertGone(byte[] bytes, String what) {
        assertFalse(contains(bytes, what), "still holds " + what);
    }
}
