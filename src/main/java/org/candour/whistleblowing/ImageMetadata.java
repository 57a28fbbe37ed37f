package org.candour.whistleblowing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a JPEG or PNG file carries besides its pixels, read from its markers and chunks without decoding it:
 * EXIF (and in it a GPS position, an orientation, a thumbnail), XMP, IPTC, comments, text chunks, timestamps,
 * further pictures and data appended after the end. {@link #scan} says what is there (in words that never quote
 * a value); {@link #strip} removes it without touching the compressed pixels, for pictures inside a PDF or an
 * Office file where the document fixes the picture's size and a re-encoded one would not fit. A standalone
 * picture is re-encoded instead ({@link ImageCleaner}).
 */
final class ImageMetadata {

    static final String EXIF = "EXIF data (camera make and model, settings, date and time taken)";
    static final String GPS = "GPS position (where the picture was taken)";
    static final String THUMBNAIL = "a thumbnail picture (it can show the picture before it was edited or cropped)";
    static final String XMP = "XMP metadata (it can hold an author, an editing history or a place)";
    static final String IPTC = "IPTC/Photoshop data (it can hold a caption, an author or a place)";
    static final String COMMENT = "a comment";
    static final String TEXT = "text entries (such as author, comment, software or creation time)";
    static final String TIME = "the time the picture was last modified";
    static final String MORE_PICTURES = "further pictures stored inside (such as a depth map or a preview)";
    static final String TRAILING = "data appended after the end of the picture";
    static final String OTHER = "other maker or application data";
    static final String ICC = "a colour profile";
    static final String INSIDE = "EXIF, XMP or other metadata inside pictures";
    static final String INSIDE_GPS = "GPS positions inside pictures";

    private ImageMetadata() {
    }

    /**
     * What was found.
     *
     * @param kinds       what is there, in words, in the order found, each once
     * @param orientation the EXIF orientation, 1 (as stored) to 8, or 1 when there is none
     */
    record Found(List<String> kinds, int orientation) {
        boolean gps() {
            return kinds.contains(GPS);
        }
    }

    static Found scan(byte[] b, AttachmentCleaner.Kind kind) {
        return kind == AttachmentCleaner.Kind.PNG ? scanPng(b) : scanJpeg(b);
    }

    /**
     * Strips a JPEG or PNG picture inside a document ({@link #stripJpeg}, {@link #stripPng}) and notes in
     * {@code found} that it held metadata and whether a GPS position; null when there was nothing to strip.
     */
    static byte[] stripInside(byte[] raw, boolean png, Findings found) {
        byte[] stripped = png ? stripPng(raw) : stripJpeg(raw);
        if (stripped.length == raw.length) {
            return null;
        }
        found.add(INSIDE);
        if ((png ? scanPng(raw) : scanJpeg(raw)).gps()) {
            found.add(INSIDE_GPS);
        }
        return stripped;
    }

    // ---- JPEG

    /** A marker segment ({@code marker} 0xC0 to 0xFE) or entropy-coded data ({@code marker} -1): b[from, to). */
    private record Segment(int marker, int from, int to) {
        int payload() {
            return from + 4;
        }
    }

    /** The layout of a JPEG file: its segments up to the first EOI, and where that EOI ends (-1 if none). */
    private record Layout(List<Segment> segments, int end) {
    }

    private static Layout layout(byte[] b) {
        List<Segment> segments = new ArrayList<>();
        if (b.length < 4 || u8(b, 0) != 0xFF || u8(b, 1) != 0xD8) {
            return new Layout(segments, -1);
        }
        segments.add(new Segment(0xD8, 0, 2));
        int i = 2;
        while (i + 1 < b.length) {
            if (u8(b, i) != 0xFF) {
                return new Layout(segments, -1);
            }
            int marker = u8(b, i + 1);
            if (marker == 0xFF) {
                i++;
                continue;
            }
            if (marker == 0xD9) {
                segments.add(new Segment(marker, i, i + 2));
                return new Layout(segments, i + 2);
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                segments.add(new Segment(marker, i, i + 2));
                i += 2;
                continue;
            }
            if (i + 3 >= b.length) {
                return new Layout(segments, -1);
            }
            int end = i + 2 + u16be(b, i + 2);
            if (end > b.length || end < i + 4) {
                return new Layout(segments, -1);
            }
            segments.add(new Segment(marker, i, end));
            i = end;
            if (marker == 0xDA) {
                int data = i;
                while (i + 1 < b.length && !(u8(b, i) == 0xFF && isMarkerAfterData(u8(b, i + 1)))) {
                    i++;
                }
                segments.add(new Segment(-1, data, i));
            }
        }
        return new Layout(segments, -1);
    }

    /** After 0xFF in entropy-coded data: 0x00 is a stuffed byte and 0xD0 to 0xD7 a restart, both part of it. */
    private static boolean isMarkerAfterData(int next) {
        return next != 0x00 && !(next >= 0xD0 && next <= 0xD7);
    }

    static Found scanJpeg(byte[] b) {
        Set<String> kinds = new LinkedHashSet<>();
        int orientation = 1;
        Layout layout = layout(b);
        for (Segment s : layout.segments()) {
            int p = s.payload();
            switch (s.marker()) {
                case 0xE0 -> {
                    if (startsWith(b, p, s.to(), "JFXX\0")) {
                        kinds.add(THUMBNAIL);
                    } else if (startsWith(b, p, s.to(), "JFIF\0") && s.to() - p > 14) {
                        kinds.add(THUMBNAIL);
                    } else if (!startsWith(b, p, s.to(), "JFIF\0")) {
                        kinds.add(OTHER);
                    }
                }
                case 0xE1 -> {
                    if (startsWith(b, p, s.to(), "Exif\0\0")) {
                        orientation = exif(b, p + 6, s.to(), kinds);
                    } else if (startsWith(b, p, s.to(), "http://ns.adobe.com/xap/1.0/\0")
                            || startsWith(b, p, s.to(), "http://ns.adobe.com/xmp/extension/\0")) {
                        kinds.add(XMP);
                    } else {
                        kinds.add(OTHER);
                    }
                }
                case 0xE2 -> {
                    if (startsWith(b, p, s.to(), "ICC_PROFILE\0")) {
                        kinds.add(ICC);
                    } else if (startsWith(b, p, s.to(), "MPF\0")) {
                        kinds.add(MORE_PICTURES);
                    } else {
                        kinds.add(OTHER);
                    }
                }
                case 0xED -> kinds.add(IPTC);
                case 0xFE -> kinds.add(COMMENT);
                default -> {
                    if (s.marker() >= 0xE3 && s.marker() <= 0xEF && s.marker() != 0xEE) {
                        kinds.add(OTHER);
                    }
                }
            }
        }
        if (layout.end() > 0 && hasData(b, layout.end())) {
            kinds.add(startsWith(b, layout.end(), b.length, "\u00ff\u00d8") ? MORE_PICTURES : TRAILING);
        }
        return new Found(List.copyOf(kinds), orientation);
    }

    /**
     * The JPEG without its metadata and with its compressed pixels untouched: SOI, the JFIF header without its
     * thumbnail, the Adobe header (it says how colours are coded), the colour profile, the tables, frame and
     * scans, and EOI; nothing after EOI. Returns the input when it cannot be laid out.
     */
    static byte[] stripJpeg(byte[] b) {
        Layout layout = layout(b);
        if (layout.end() < 0) {
            return b;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
        for (Segment s : layout.segments()) {
            int m = s.marker();
            int p = s.payload();
            boolean app = m >= 0xE0 && m <= 0xEF;
            if (m == 0xE0 && startsWith(b, p, s.to(), "JFIF\0")) {
                byte[] jfif = new byte[18];
                System.arraycopy(b, s.from(), jfif, 0, Math.min(16, s.to() - s.from()));
                jfif[2] = 0;
                jfif[3] = 16;
                out.write(jfif, 0, 18);
            } else if (m == 0xFE || (app && !(m == 0xEE || (m == 0xE2 && startsWith(b, p, s.to(), "ICC_PROFILE\0"))))) {
                continue;
            } else {
                out.write(b, s.from(), s.to() - s.from());
            }
        }
        return out.toByteArray();
    }

    /**
     * Reads the TIFF structure of an EXIF block: notes EXIF, a GPS sub-directory and a second directory (the
     * thumbnail), and returns the orientation (1 when absent or unreadable).
     */
    private static int exif(byte[] b, int tiff, int end, Set<String> kinds) {
        kinds.add(EXIF);
        if (tiff + 8 > end) {
            return 1;
        }
        boolean little = b[tiff] == 'I' && b[tiff + 1] == 'I';
        if (!little && !(b[tiff] == 'M' && b[tiff + 1] == 'M')) {
            return 1;
        }
        long ifd0 = tiff + u32(b, tiff + 4, little);
        if (ifd0 + 2 > end) {
            return 1;
        }
        int count = u16(b, (int) ifd0, little);
        int orientation = 1;
        for (int k = 0; k < count; k++) {
            int e = (int) ifd0 + 2 + 12 * k;
            if (e + 12 > end) {
                return orientation;
            }
            int tag = u16(b, e, little);
            if (tag == 0x0112) {
                int v = u16(b, e + 8, little);
                orientation = v >= 1 && v <= 8 ? v : 1;
            } else if (tag == 0x8825) {
                kinds.add(GPS);
            }
        }
        int next = (int) ifd0 + 2 + 12 * count;
        if (next + 4 <= end && u32(b, next, little) != 0) {
            kinds.add(THUMBNAIL);
        }
        return orientation;
    }

    // ---- PNG

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    /** Chunks a PNG keeps when stripped: the picture, its transparency, colours, animation and pixel size. */
    private static final Set<String> PNG_KEEP = Set.of("IHDR", "PLTE", "IDAT", "IEND", "tRNS", "cHRM", "gAMA",
            "iCCP", "sBIT", "sRGB", "cICP", "mDCV", "cLLI", "bKGD", "pHYs", "acTL", "fcTL", "fdAT");

    /** A chunk: its type and b[from, to) holding length, type, data and CRC. */
    private record Chunk(String type, int from, int to) {
    }

    /** The chunks up to IEND, or null when the structure is broken; the last element ends where IEND does. */
    private static List<Chunk> chunks(byte[] b) {
        if (b.length < 8 || !startsWith(b, 0, b.length, new String(PNG_SIGNATURE, StandardCharsets.ISO_8859_1))) {
            return null;
        }
        List<Chunk> chunks = new ArrayList<>();
        int i = 8;
        while (i + 12 <= b.length) {
            long length = u32(b, i, false);
            if (length > b.length - i - 12L) {
                return null;
            }
            String type = new String(b, i + 4, 4, StandardCharsets.ISO_8859_1);
            int to = i + 12 + (int) length;
            chunks.add(new Chunk(type, i, to));
            if (type.equals("IEND")) {
                return chunks;
            }
            i = to;
        }
        return null;
    }

    static Found scanPng(byte[] b) {
        Set<String> kinds = new LinkedHashSet<>();
        int orientation = 1;
        List<Chunk> chunks = chunks(b);
        if (chunks == null) {
            return new Found(List.of(), 1);
        }
        for (Chunk c : chunks) {
            int data = c.from() + 8;
            int dataEnd = c.to() - 4;
            switch (c.type()) {
                case "tEXt", "zTXt" -> kinds.add(TEXT);
                case "iTXt" -> kinds.add(startsWith(b, data, dataEnd, "XML:com.adobe.xmp\0") ? XMP : TEXT);
                case "eXIf" -> orientation = exif(b, data, dataEnd, kinds);
                case "tIME" -> kinds.add(TIME);
                case "iCCP" -> kinds.add(ICC);
                default -> {
                    if (!PNG_KEEP.contains(c.type()) && Character.isLowerCase(c.type().charAt(0))) {
                        kinds.add(OTHER);
                    }
                }
            }
        }
        if (hasData(b, chunks.get(chunks.size() - 1).to())) {
            kinds.add(TRAILING);
        }
        return new Found(List.copyOf(kinds), orientation);
    }

    /**
     * The PNG with only the chunks that make the picture ({@link #PNG_KEEP}) and any unknown critical chunk
     * (which no reader could skip), nothing after IEND. Returns the input when its structure is broken.
     */
    static byte[] stripPng(byte[] b) {
        List<Chunk> chunks = chunks(b);
        if (chunks == null) {
            return b;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
        out.write(b, 0, 8);
        for (Chunk c : chunks) {
            if (PNG_KEEP.contains(c.type()) || Character.isUpperCase(c.type().charAt(0))) {
                out.write(b, c.from(), c.to() - c.from());
            }
        }
        return out.toByteArray();
    }

    // ---- bytes

    private static boolean hasData(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] != 0 && b[i] != '\r' && b[i] != '\n') {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWith(byte[] b, int at, int end, String ascii) {
        if (at < 0 || at + ascii.length() > Math.min(end, b.length)) {
            return false;
        }
        for (int k = 0; k < ascii.length(); k++) {
            if ((b[at + k] & 0xFF) != ascii.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    private static int u16be(byte[] b, int i) {
        return u16(b, i, false);
    }

    private static int u16(byte[] b, int i, boolean little) {
        return little ? (u8(b, i) | u8(b, i + 1) << 8) : (u8(b, i) << 8 | u8(b, i + 1));
    }

    private static long u32(byte[] b, int i, boolean little) {
        return little
                ? (u8(b, i) | u8(b, i + 1) << 8 | u8(b, i + 2) << 16 | (long) u8(b, i + 3) << 24)
                : ((long) u8(b, i) << 24 | u8(b, i + 1) << 16 | u8(b, i + 2) << 8 | u8(b, i + 3));
    }
}
