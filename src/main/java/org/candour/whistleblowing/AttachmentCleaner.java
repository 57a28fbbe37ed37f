package org.candour.whistleblowing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeTypeException;
import org.apache.tika.mime.MimeTypes;

/**
 * Takes a file a reporter attaches and gives back the same file with what could identify them removed, with a
 * report of what was found and removed, entirely in memory (no temporary file is ever written: see
 * docs/attachments.md). Pure Java, no CDI.
 *
 * <p>The type comes from the content (Apache Tika's magic bytes, then, for a ZIP, the Office package's
 * [Content_Types].xml), never from the name or a declared type. Accepted: PDF, Word (.docx), Excel (.xlsx),
 * JPEG, PNG, and UTF-8 plain text. Anything else is refused with a message naming what it is and what is
 * accepted; a name whose extension disagrees with the content is renamed and the rename reported.
 */
public final class AttachmentCleaner {

    /** The most one attached file may weigh. */
    public static final int MAX_FILE_BYTES = 10 * 1024 * 1024;
    /** The most the files of one report may weigh together (see {@link #checkReportTotal}). */
    public static final long MAX_REPORT_BYTES = 25L * 1024 * 1024;
    /** The most the parts of a Word or Excel file may unpack to, together (a ZIP bomb is refused with 413). */
    public static final long MAX_UNPACKED_BYTES = 64L * 1024 * 1024;
    /** The most pixels a JPEG or PNG may decode to (an image bomb is refused with 413 before decoding). */
    public static final long MAX_PIXELS = 50_000_000L;
    /**
     * Heap bytes allowed per pixel: a turned picture needs about 7 (measured, docs/attachments.md); the rest is
     * room for the service itself and the form bodies being received meanwhile.
     */
    static final long HEAP_PER_PIXEL = 24;
    /** Heap bytes allowed per unpacked byte of an Office file or PDF (about 5 to 6 measured, with room). */
    static final long HEAP_PER_UNPACKED_BYTE = 10;
    /** The longest file name kept, in characters, extension included. */
    public static final int MAX_NAME_LENGTH = 100;

    static final String ACCEPTED = "PDF, Word (.docx), Excel (.xlsx), JPEG or PNG pictures, and plain text (.txt)";

    private static final MimeTypes TIKA = MimeTypes.getDefaultMimeTypes();

    private AttachmentCleaner() {
    }

    /**
     * The most pixels a picture may have on this JVM: {@link #MAX_PIXELS}, or fewer when the heap is small, so
     * that cleaning the largest accepted picture cannot run out of memory (a 413, never an OutOfMemoryError).
     */
    public static long maxPixels() {
        return maxPixels(Runtime.getRuntime().maxMemory());
    }

    static long maxPixels(long heapBytes) {
        return Math.min(MAX_PIXELS, heapBytes / HEAP_PER_PIXEL);
    }

    /** As {@link #maxPixels()}, for what an Office file or a PDF may unpack to: {@link #MAX_UNPACKED_BYTES} or less. */
    public static long maxUnpackedBytes() {
        return maxUnpackedBytes(Runtime.getRuntime().maxMemory());
    }

    static long maxUnpackedBytes(long heapBytes) {
        return Math.min(MAX_UNPACKED_BYTES, heapBytes / HEAP_PER_UNPACKED_BYTE);
    }

    /**
     * A cleaned attachment.
     *
     * @param bytes        the file to store and hand on, metadata removed
     * @param detectedType the MIME type found from the content
     * @param fileName     a safe name: no folders, at most {@value #MAX_NAME_LENGTH} characters, letters, digits,
     *                     spaces and {@code . _ - ( )} only, ending in the detected type's extension
     * @param removed      what was found and removed, one line each, never quoting a value found
     * @param notes        what the reporter should know besides: what was kept or changed, and why
     */
    public record Cleaned(byte[] bytes, String detectedType, String fileName, List<String> removed,
            List<String> notes) {
        public Cleaned {
            removed = List.copyOf(removed);
            notes = List.copyOf(notes);
        }
    }

    /** The accepted types, each with its MIME type, how the reporter is told of it, and its extensions. */
    enum Kind {
        PDF("application/pdf", "a PDF", "pdf"),
        DOCX("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "a Word document", "docx"),
        XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "an Excel workbook", "xlsx"),
        JPEG("image/jpeg", "a JPEG picture", "jpg", "jpeg", "jpe", "jfif"),
        PNG("image/png", "a PNG picture", "png"),
        TEXT("text/plain", "plain text", "txt", "text");

        final String mime;
        final String label;
        final List<String> extensions;

        Kind(String mime, String label, String... extensions) {
            this.mime = mime;
            this.label = label;
            this.extensions = List.of(extensions);
        }

        static Kind byExtension(String extension) {
            for (Kind k : values()) {
                if (k.extensions.contains(extension)) {
                    return k;
                }
            }
            return null;
        }
    }

    /**
     * Cleans one attachment.
     *
     * @param fileName the name the reporter's browser gave, possibly with folders, possibly null
     * @param bytes    the file as uploaded
     * @throws AttachmentRefused 413 when too large, 415 when not an accepted type, 400 when unreadable
     */
    public static Cleaned clean(String fileName, byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw AttachmentRefused.unreadable("The file is empty.");
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw AttachmentRefused.tooLarge("This file is larger than the " + mib(MAX_FILE_BYTES) + " an attachment"
                    + " can be (" + String.format(Locale.ROOT, "%,d", bytes.length) + " bytes).");
        }
        String claimed = extension(baseName(fileName));
        Kind kind = detect(bytes, claimed);
        List<String> removed = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        byte[] cleaned = switch (kind) {
            case PDF -> PdfCleaner.clean(bytes, removed, notes);
            case DOCX, XLSX -> OfficeCleaner.clean(bytes, kind, removed, notes);
            case JPEG, PNG -> ImageCleaner.clean(bytes, kind, removed, notes);
            case TEXT -> text(bytes, notes);
        };
        String name = safeName(fileName, kind, notes);
        return new Cleaned(cleaned, kind.mime, name, removed, notes);
    }

    /**
     * Refuses (413) when the cleaned files of one report weigh more than {@value #MAX_REPORT_BYTES} bytes
     * together.
     */
    public static void checkReportTotal(long totalBytes) {
        if (totalBytes > MAX_REPORT_BYTES) {
            throw AttachmentRefused.tooLarge("These attachments come to " + mib(totalBytes)
                    + " together; one report can carry at most " + mib(MAX_REPORT_BYTES) + ".");
        }
    }

    /** The accepted type of these bytes, from their content alone; refuses any other type with 415. */
    static Kind detect(byte[] bytes, String claimedExtension) {
        MediaType type;
        try (TikaInputStream in = TikaInputStream.get(bytes)) {
            type = TIKA.detect(in, new Metadata()).getBaseType();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        switch (type.toString()) {
            case "application/pdf":
                return Kind.PDF;
            case "image/jpeg":
                return Kind.JPEG;
            case "image/png":
                return Kind.PNG;
            case "text/plain":
                return Kind.TEXT;
            case "image/heic", "image/heif", "image/heic-sequence", "image/heif-sequence":
                throw AttachmentRefused.notAccepted("This picture is in the HEIC format (" + type
                        + "), which cannot be cleaned here. Convert it to JPEG first (on an iPhone, choose"
                        + " Settings > Camera > Formats > Most Compatible, or share the photo as JPEG), then"
                        + " attach it again.");
            default:
                if (TIKA.getMediaTypeRegistry().isInstanceOf(type, MediaType.APPLICATION_ZIP)) {
                    return OfficeCleaner.detect(bytes, type, claimedExtension);
                }
                throw refusal(type, claimedExtension);
        }
    }

    static AttachmentRefused refusal(MediaType type, String claimedExtension) {
        return refusal(describe(type) + " (" + type + ")", claimedExtension);
    }

    static AttachmentRefused refusal(String what, String claimedExtension) {
        Kind claimed = Kind.byExtension(claimedExtension);
        String name = claimed == null ? ""
                : " Its name ends in ." + claimedExtension + ", but its content is not " + claimed.label + ".";
        return AttachmentRefused.notAccepted("This file is " + what + ", which cannot be attached." + name
                + " You can attach " + ACCEPTED + ".");
    }

    /** What the reporter is told a refused type is, where Tika's description would not help them. */
    private static final Map<String, String> PLAIN_NAMES = Map.of(
            "application/zip", "a ZIP archive",
            "application/x-msdownload", "a Windows program or program library",
            "application/x-dosexec", "a program",
            "application/x-executable", "a program",
            "application/x-sharedlib", "a program library",
            "application/x-tika-msoffice", "an Office file in the old format (.doc, .xls, .ppt) or one protected by"
                    + " a password (save it as .docx or .xlsx without a password)");

    /** Tika's description of a type ("Compressed Archive File"), or a plain name for a few common ones. */
    private static String describe(MediaType type) {
        String plain = PLAIN_NAMES.get(type.toString());
        if (plain != null) {
            return plain;
        }
        try {
            String d = TIKA.forName(type.toString()).getDescription();
            if (d != null && !d.isBlank()) {
                String first = d.strip().substring(0, 1).toLowerCase(Locale.ROOT);
                return ("aeiou".contains(first) ? "an " : "a ") + d.strip();
            }
        } catch (MimeTypeException e) {
            // fall through: an unknown name is described by the type alone
        }
        return "a file of a type that is not accepted";
    }

    private static byte[] text(byte[] bytes, List<String> notes) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            if (s.indexOf('\u0000') >= 0) {
                throw new CharacterCodingException();
            }
        } catch (CharacterCodingException e) {
            throw AttachmentRefused.unreadable("This file could not be read as plain text in UTF-8. Save it as"
                    + " UTF-8 text (or as a PDF) and attach it again.");
        }
        notes.add("Plain text carries no hidden properties: the file is kept exactly as it is.");
        return bytes.clone();
    }

    /** The last part of a path given with either slash, or "" for null. */
    static String baseName(String fileName) {
        if (fileName == null) {
            return "";
        }
        int cut = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
        return fileName.substring(cut + 1);
    }

    /** The lower-case extension of a name if it looks like one (1 to 5 letters or digits), else "". */
    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return "";
        }
        String ext = name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return ext.matches("[a-z0-9]{1,5}") ? ext : "";
    }

    private static final Set<String> RESERVED = Set.of("con", "prn", "aux", "nul", "com1", "com2", "com3", "com4",
            "com5", "com6", "com7", "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8",
            "lpt9");

    /**
     * A name safe to store, show and offer for download: the last part of the given path, letters (any
     * alphabet), digits, spaces and {@code . _ - ( )} kept and anything else made {@code _}, no leading dot or
     * dash, at most {@value #MAX_NAME_LENGTH} characters, ending in the detected type's extension. When the
     * given extension names another type, the rename is noted.
     */
    static String safeName(String fileName, Kind kind, List<String> notes) {
        String raw = Normalizer.normalize(baseName(fileName), Normalizer.Form.NFKC);
        StringBuilder sb = new StringBuilder();
        raw.codePoints().forEach(c -> sb.appendCodePoint(
                Character.isLetterOrDigit(c) || " ._-()".indexOf(c) >= 0 ? c : '_'));
        String name = sb.toString().replaceAll("_{2,}", "_").replaceAll(" {2,}", " ")
                .replaceAll("^[ ._-]+", "").replaceAll("[ .]+$", "");
        String ext = extension(name);
        String base = (ext.isEmpty() ? name : name.substring(0, name.length() - ext.length() - 1))
                .replaceAll("[ ._]+$", "");
        String finalExt = ext;
        if (!kind.extensions.contains(ext)) {
            finalExt = kind.extensions.get(0);
            if (!ext.isEmpty()) {
                Kind claimed = Kind.byExtension(ext);
                notes.add("The name ended in ." + ext + (claimed == null ? "" : " (" + claimed.label + ")")
                        + ", but the content is " + kind.label + ": it is named ." + finalExt + " instead.");
            }
        }
        if (base.isEmpty() || RESERVED.contains(base.toLowerCase(Locale.ROOT))) {
            base = base.isEmpty() ? "attachment" : "_" + base;
        }
        int room = MAX_NAME_LENGTH - finalExt.length() - 1;
        if (base.codePointCount(0, base.length()) > room) {
            base = base.substring(0, base.offsetByCodePoints(0, room)).strip();
        }
        return base + "." + finalExt;
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
