package org.candour.whistleblowing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;

/**
 * A PDF rewritten by Apache PDFBox without what identifies its author or runs code: the document information
 * (author, title, programs, dates), the file identifier (replaced by a random one, not one made from the time),
 * XMP metadata wherever it is attached, private data of
 * the program that made it, embedded and associated files, JavaScript and every action that runs by itself or
 * reaches outside the file, the author and dates of comments, page thumbnails, digital signatures, XFA form
 * data, and the metadata inside JPEG pictures (stripped without re-encoding them). The whole file is written
 * again, so earlier revisions kept by incremental saves are gone too. Loaded and written in memory only
 * ({@link MemoryUsageSetting#setupMainMemoryOnly(long)}), bounded by {@link AttachmentCleaner#maxUnpackedBytes()}.
 * The objects are walked from the catalog without recursion, so a deep or circular file cannot overflow the stack.
 */
final class PdfCleaner {

    static final String INFO = "document properties";
    static final String ID = "the file identifier (a random one is written instead)";
    static final String XMP = "XMP metadata of the document (it can hold the author, programs and dates)";
    static final String XMP_PARTS = "XMP metadata of pages, pictures or fonts";
    static final String PIECE_INFO = "private data of the program that made the file";
    static final String PAGE_DATES = "last-modified dates of pages or objects";
    static final String OPEN_ACTION = "an action run when the file is opened";
    static final String EVENT_ACTIONS = "actions run on events (opening a page, clicking or leaving a form field)";
    static final String RISKY_ACTIONS = "links or buttons that run JavaScript, start programs, submit forms or open"
            + " other files";
    static final String JAVASCRIPT = "document JavaScript";
    static final String EMBEDDED_FILES = "embedded files";
    static final String ATTACHMENT_ANNOTATIONS = "attached files, sounds or movies placed on pages";
    static final String ANNOTATION_AUTHORS = "author names of comments and markup";
    static final String ANNOTATION_DATES = "dates of comments and markup";
    static final String THUMBNAILS = "page thumbnails (they can show a page as it was before editing)";
    static final String SIGNATURES = "digital signatures (they name who signed; cleaning would break them anyway)";
    static final String XFA = "XFA form data";
    static final String WEB_CAPTURE = "web capture information (addresses and times)";
    static final String PORTFOLIO = "portfolio layout";

    private static final COSName LEGAL = COSName.getPDFName("Legal");
    private static final COSName SPIDER_INFO = COSName.getPDFName("SpiderInfo");
    private static final COSName NM = COSName.getPDFName("NM");

    /** Actions that run code, start programs, send data or open other files; links within the file and to web
     * addresses, named page actions and showing or hiding fields are kept. */
    private static final Set<String> RISKY = Set.of("JavaScript", "Launch", "SubmitForm", "ImportData", "GoToR",
            "GoToE", "Rendition", "Movie", "Sound", "RichMediaExecute", "GoTo3DView");

    /** Markup annotations, whose /T is their author (on a form field, /T is its name and is kept). */
    private static final Set<String> MARKUP = Set.of("Text", "FreeText", "Line", "Square", "Circle", "Polygon",
            "PolyLine", "Highlight", "Underline", "Squiggly", "StrikeOut", "Stamp", "Caret", "Ink", "Popup",
            "FileAttachment", "Sound", "Redact", "Projection");

    /** Annotations that carry a file, a sound or a film. */
    private static final Set<String> CARRIERS = Set.of("FileAttachment", "Sound", "Movie", "Screen", "RichMedia",
            "3D");

    private static final Map<String, String> INFO_KEYS = new LinkedHashMap<>();

    static {
        INFO_KEYS.put("Author", "author");
        INFO_KEYS.put("Title", "title");
        INFO_KEYS.put("Subject", "subject");
        INFO_KEYS.put("Keywords", "keywords");
        INFO_KEYS.put("Creator", "program that made it");
        INFO_KEYS.put("Producer", "program that made the PDF");
        INFO_KEYS.put("CreationDate", "creation date");
        INFO_KEYS.put("ModDate", "modification date");
    }

    /** For the new file identifier: PDFBox would hash the time of saving, which could be recovered from it. */
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Findings found = new Findings();
    private final Set<COSBase> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Deque<COSBase> todo = new ArrayDeque<>();

    private PdfCleaner() {
    }

    static byte[] clean(byte[] bytes, List<String> removed, List<String> notes) {
        PDDocument doc;
        try {
            doc = Loader.loadPDF(new RandomAccessReadBuffer(bytes), "", null, null,
                    MemoryUsageSetting.setupMainMemoryOnly(AttachmentCleaner.maxUnpackedBytes()).streamCache);
        } catch (InvalidPasswordException e) {
            throw AttachmentRefused.unreadable("This PDF is locked with a password, so it cannot be cleaned. Save"
                    + " or print it again as a PDF without a password, then attach it again.");
        } catch (IOException | RuntimeException | StackOverflowError e) {
            throw unreadable();
        }
        try (doc) {
            PdfCleaner cleaner = new PdfCleaner();
            if (doc.isEncrypted()) {
                doc.setAllSecurityToBeRemoved(true);
                notes.add("The PDF's restrictions (on printing or copying) were removed so that it could be"
                        + " cleaned.");
            }
            cleaner.trailer(doc.getDocument().getTrailer());
            cleaner.walk(doc.getDocument().getTrailer().getCOSDictionary(COSName.ROOT));
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
            doc.save(out, CompressParameters.NO_COMPRESSION);
            removed.addAll(cleaner.found.lines());
            notes.add("The PDF was written again as a whole, so earlier versions kept inside it are gone. What shows"
                    + " on its pages (text, pictures, headers, stamps, form entries) is kept: check it names no one.");
            return out.toByteArray();
        } catch (IOException | RuntimeException | StackOverflowError e) {
            if (e instanceof AttachmentRefused r) {
                throw r;
            }
            throw unreadable();
        }
    }

    private static AttachmentRefused unreadable() {
        return AttachmentRefused.unreadable("This file could not be read as a PDF. Open it and save or print it"
                + " again as a PDF, then attach it again.");
    }

    private void trailer(COSDictionary trailer) {
        COSDictionary info = trailer.getCOSDictionary(COSName.INFO);
        if (info != null && info.size() > 0) {
            List<String> names = new ArrayList<>();
            int others = 0;
            for (COSName key : info.keySet()) {
                String plain = INFO_KEYS.get(key.getName());
                if (plain != null) {
                    names.add(plain);
                } else {
                    others++;
                }
            }
            if (others > 0) {
                names.add(others + (others == 1 ? " other" : " others"));
            }
            found.add(INFO + " (" + String.join(", ", names) + ")");
        }
        trailer.removeItem(COSName.INFO);
        if (trailer.containsKey(COSName.ID)) {
            found.add(ID);
        }
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        COSArray ids = new COSArray();
        ids.add(new COSString(id));
        ids.add(new COSString(id));
        trailer.setItem(COSName.ID, ids);
    }

    /** Cleans every dictionary reachable from the catalog, each once, before looking into what it holds. */
    private void walk(COSDictionary catalog) throws IOException {
        if (catalog == null) {
            throw new IOException("no catalog");
        }
        catalog(catalog);
        todo.push(catalog);
        while (!todo.isEmpty()) {
            COSBase base = resolve(todo.pop());
            if (base == null || !seen.add(base)) {
                continue;
            }
            if (base instanceof COSDictionary d) {
                dictionary(d);
                todo.addAll(d.getValues());
            } else if (base instanceof COSArray a) {
                for (COSBase item : a) {
                    todo.push(item);
                }
            }
        }
    }

    private void catalog(COSDictionary catalog) {
        COSBase open = catalog.getDictionaryObject(COSName.OPEN_ACTION);
        if (open != null) {
            found.add(open instanceof COSDictionary d && isRisky(d) ? "JavaScript or another action run when the"
                    + " file is opened" : OPEN_ACTION);
            catalog.removeItem(COSName.OPEN_ACTION);
        }
        COSDictionary names = catalog.getCOSDictionary(COSName.NAMES);
        if (names != null) {
            if (names.containsKey(COSName.JAVA_SCRIPT)) {
                found.add(JAVASCRIPT, Math.max(1, countNames(names.getCOSDictionary(COSName.JAVA_SCRIPT))));
                names.removeItem(COSName.JAVA_SCRIPT);
            }
            if (names.containsKey(COSName.EMBEDDED_FILES)) {
                found.add(EMBEDDED_FILES, Math.max(1, countNames(names.getCOSDictionary(COSName.EMBEDDED_FILES))));
                names.removeItem(COSName.EMBEDDED_FILES);
            }
        }
        remove(catalog, COSName.COLLECTION, PORTFOLIO);
        remove(catalog, SPIDER_INFO, WEB_CAPTURE);
        remove(catalog, COSName.PERMS, SIGNATURES);
        remove(catalog, LEGAL, SIGNATURES);
        remove(catalog, COSName.METADATA, XMP);
        COSDictionary form = catalog.getCOSDictionary(COSName.ACRO_FORM);
        if (form != null) {
            remove(form, COSName.XFA, XFA);
        }
    }

    private void dictionary(COSDictionary d) throws IOException {
        remove(d, COSName.METADATA, XMP_PARTS);
        remove(d, COSName.PIECE_INFO, PIECE_INFO);
        remove(d, COSName.LAST_MODIFIED, PAGE_DATES);
        remove(d, COSName.AA, EVENT_ACTIONS);
        remove(d, COSName.AF, EMBEDDED_FILES);
        remove(d, COSName.EF, EMBEDDED_FILES);
        if (d.getDictionaryObject(COSName.A) instanceof COSDictionary action && isRisky(action)) {
            d.removeItem(COSName.A);
            found.add(RISKY_ACTIONS);
        }
        if (d.getDictionaryObject(COSName.S) instanceof COSName && d.containsKey(COSName.NEXT)) {
            d.removeItem(COSName.NEXT);
            found.add(RISKY_ACTIONS);
        }
        String subtype = d.getNameAsString(COSName.SUBTYPE);
        if (subtype != null && MARKUP.contains(subtype) && d.containsKey(COSName.RECT)) {
            remove(d, COSName.T, ANNOTATION_AUTHORS);
            remove(d, COSName.M, ANNOTATION_DATES);
            remove(d, COSName.CREATION_DATE, ANNOTATION_DATES);
            d.removeItem(NM);
        }
        if (COSName.PAGE.equals(d.getCOSName(COSName.TYPE))) {
            remove(d, COSName.THUMB, THUMBNAILS);
            annotations(d);
        }
        if (COSName.SIG.equals(d.getCOSName(COSName.FT)) && d.containsKey(COSName.V)) {
            remove(d, COSName.V, SIGNATURES);
        }
        if (d instanceof COSStream s && COSName.IMAGE.equals(s.getCOSName(COSName.SUBTYPE))
                && COSName.DCT_DECODE.equals(s.getDictionaryObject(COSName.FILTER))) {
            picture(s);
        }
    }

    /** Drops annotations that carry a file, a sound or a film from a page's list. */
    private void annotations(COSDictionary page) {
        COSArray annots = page.getCOSArray(COSName.ANNOTS);
        if (annots == null) {
            return;
        }
        for (int i = annots.size() - 1; i >= 0; i--) {
            if (annots.getObject(i) instanceof COSDictionary a && CARRIERS.contains(a.getNameAsString(COSName.SUBTYPE))) {
                annots.remove(i);
                found.add(ATTACHMENT_ANNOTATIONS);
            }
        }
    }

    /** Strips a JPEG picture's own metadata (EXIF, GPS, XMP, comments) without decoding it. */
    private void picture(COSStream s) throws IOException {
        byte[] raw;
        try (InputStream in = s.createRawInputStream()) {
            raw = in.readAllBytes();
        }
        byte[] stripped = ImageMetadata.stripInside(raw, false, found);
        if (stripped != null) {
            try (OutputStream out = s.createRawOutputStream()) {
                out.write(stripped);
            }
        }
    }

    private static boolean isRisky(COSDictionary action) {
        String type = action.getNameAsString(COSName.S);
        return type != null && RISKY.contains(type);
    }

    private void remove(COSDictionary d, COSName key, String what) {
        if (d.containsKey(key)) {
            d.removeItem(key);
            found.add(what);
        }
    }

    /** How many entries a name tree holds (its leaves' pairs), walked without recursion. */
    private static int countNames(COSDictionary root) {
        int count = 0;
        Deque<COSDictionary> nodes = new ArrayDeque<>();
        Set<COSDictionary> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        if (root != null) {
            nodes.push(root);
        }
        while (!nodes.isEmpty()) {
            COSDictionary node = nodes.pop();
            if (!visited.add(node)) {
                continue;
            }
            COSArray names = node.getCOSArray(COSName.NAMES);
            if (names != null) {
                count += names.size() / 2;
            }
            COSArray kids = node.getCOSArray(COSName.KIDS);
            if (kids != null) {
                for (int i = 0; i < kids.size(); i++) {
                    if (kids.getObject(i) instanceof COSDictionary kid) {
                        nodes.push(kid);
                    }
                }
            }
        }
        return count;
    }

    private static COSBase resolve(COSBase base) {
        return base instanceof COSObject o ? o.getObject() : base;
    }
}
