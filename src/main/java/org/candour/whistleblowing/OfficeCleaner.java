package org.candour.whistleblowing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.poi.ooxml.util.DocumentHelper;
import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.apache.poi.openxml4j.opc.PackagePartName;
import org.apache.poi.openxml4j.opc.PackageRelationship;
import org.apache.poi.openxml4j.opc.PackageRelationshipTypes;
import org.apache.poi.openxml4j.opc.PackagingURIHelper;
import org.apache.poi.openxml4j.opc.StreamHelper;
import org.apache.poi.openxml4j.opc.TargetMode;
import org.apache.poi.openxml4j.opc.ZipPackage;
import org.apache.poi.openxml4j.opc.internal.PackagePropertiesPart;
import org.apache.poi.openxml4j.util.ZipInputStreamZipEntrySource;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.tika.mime.MediaType;
import org.candour.whistleblowing.AttachmentCleaner.Kind;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * A Word (.docx) or Excel (.xlsx) file rewritten with Apache POI's package layer (OPC), part by part, in memory,
 * without what names its authors: the document properties (all of them, the title too: the reporter cannot see
 * them to check them), the application properties (company, manager, template, editing time), custom
 * properties, the thumbnail, comments with their authors and the list of people, tracked changes (accepted, see
 * {@link WordXml}), the shared-workbook change history, personal views, SharePoint and other custom XML data,
 * printer settings, digital signatures, and the metadata of JPEG and PNG pictures inside (stripped, not
 * re-encoded, so that they still fit the page). Word parts are edited as DOM trees ({@link WordXml}); Excel
 * worksheets, which can be large, are streamed ({@link SpreadsheetXml}). No POI document model (XWPF, XSSF) is
 * loaded: it would hold the whole file as objects, many times its size.
 *
 * <p>A ZIP bomb is refused (413) before POI opens the file: all parts together may unpack to at most
 * {@link AttachmentCleaner#maxUnpackedBytes()}, none may unpack to more than {@link #MAX_RATIO} times its
 * compressed size (POI's {@link ZipSecureFile} is held to the same ratio), and there may be at most
 * {@link #MAX_PARTS} parts. POI keeps every part in memory: its temporary-file options are checked off. The
 * cleaned file's entries are all dated 1 January 1980, so that it does not tell when it was cleaned.
 */
final class OfficeCleaner {

    /** How many times its compressed size a part may unpack to (POI's default, made explicit). */
    static final int MAX_RATIO = 100;
    /** How many parts an Office file may hold (POI's default, made explicit). */
    static final int MAX_PARTS = 1000;

    static final String PROPERTIES = "document properties";
    static final String APP_PROPERTIES = "application properties";
    static final String CUSTOM_PROPERTIES = "custom properties";
    static final String THUMBNAIL = "a thumbnail picture of the first page";
    static final String COMMENTS = "comments, with their authors' names";
    static final String PEOPLE = "the list of people who commented or edited (names and account identifiers)";
    static final String SHARED_HISTORY = "the shared-workbook change history (who changed what, and when)";
    static final String CUSTOM_XML = "SharePoint or other custom XML data stored with the document";
    static final String PRINTER = "printer settings (they can name the printer)";
    static final String SIGNATURES = "digital signatures (they name who signed; cleaning would break them anyway)";

    static final String EMBEDDED = "files embedded in it, such as a spreadsheet inside a document (they keep their"
            + " own properties; attach them separately, or save the document as a PDF, if that matters)";
    static final String OTHER_PICTURES = "pictures in formats other than JPEG and PNG (such as TIFF, GIF or EMF),"
            + " which can hold their own metadata";
    static final String EXTERNAL_LINKS = "links to other workbooks (formulas use them; their file paths can contain"
            + " a user name)";

    /** The date every entry of a cleaned Office file carries. */
    static final LocalDateTime ZIP_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    static final String DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
    static final String XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
    private static final String WML = "application/vnd.openxmlformats-officedocument.wordprocessingml.";
    private static final String WML_SETTINGS = WML + "settings+xml";
    private static final String SML_COMMENTS = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml";
    private static final String WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
    private static final String VML = "application/vnd.openxmlformats-officedocument.vmlDrawing";
    private static final String PRINTER_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
            + "printerSettings";
    private static final String APP_CT = "application/vnd.openxmlformats-officedocument.extended-properties+xml";
    private static final String CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml";

    /** What other Office types are, for the refusal; keyed by their main part's content type. */
    private static final Map<String, String> OTHER_OFFICE = Map.of(
            "application/vnd.ms-word.document.macroEnabled.main+xml",
            "a Word document with macros (.docm); save it as a .docx without macros",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
            "a Word template (.dotx); save it as a .docx",
            "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
            "an Excel workbook with macros (.xlsm); save it as a .xlsx without macros",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
            "an Excel template (.xltx); save it as a .xlsx",
            "application/vnd.ms-excel.sheet.binary.macroEnabled.main",
            "an Excel binary workbook (.xlsb); save it as a .xlsx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
            "a PowerPoint presentation (.pptx); save it as a PDF");

    /** The application properties reported when present, in this order (the rest go unnamed). */
    private static final List<String[]> APP_FIELDS = List.of(new String[] {"Company", "company"},
            new String[] {"Manager", "manager"}, new String[] {"Template", "template"},
            new String[] {"Application", "program"}, new String[] {"AppVersion", "program version"},
            new String[] {"TotalTime", "editing time"}, new String[] {"HyperlinkBase", "link base"});

    static {
        ZipSecureFile.setMinInflateRatio(1.0 / MAX_RATIO);
        ZipSecureFile.setMaxFileCount(MAX_PARTS);
        ZipSecureFile.setMaxEntrySize(AttachmentCleaner.maxUnpackedBytes());
    }

    private OfficeCleaner() {
    }

    // ---- detection

    /**
     * The type of a ZIP file from its content: DOCX or XLSX by the main part its [Content_Types].xml declares.
     * Refuses with 413 a ZIP bomb, with 415 any other ZIP (naming what Tika found, or which Office type it is),
     * with 400 an Office file whose ZIP cannot be read.
     */
    static Kind detect(byte[] bytes, MediaType tikaType, String claimedExtension) {
        byte[] contentTypes = unzipChecked(bytes, tikaType, claimedExtension);
        if (contentTypes == null) {
            throw AttachmentCleaner.refusal(tikaType, claimedExtension);
        }
        Set<String> declared = new LinkedHashSet<>();
        try {
            NodeList overrides = DocumentHelper.readDocument(new ByteArrayInputStream(contentTypes))
                    .getElementsByTagNameNS("*", "Override");
            for (int i = 0; i < overrides.getLength(); i++) {
                declared.add(((Element) overrides.item(i)).getAttribute("ContentType"));
            }
        } catch (IOException | SAXException e) {
            throw unreadableOffice();
        }
        if (declared.contains(DOCX_MAIN)) {
            return Kind.DOCX;
        }
        if (declared.contains(XLSX_MAIN)) {
            return Kind.XLSX;
        }
        String other = declared.stream().map(OTHER_OFFICE::get).filter(d -> d != null).findFirst()
                .orElse("an Office file of a kind that is not accepted");
        throw AttachmentCleaner.refusal(other, claimedExtension);
    }

    /**
     * Unpacks every entry, counting, and returns [Content_Types].xml (null when there is none, or when the ZIP
     * cannot be read and Tika did not take it for Office).
     */
    private static byte[] unzipChecked(byte[] bytes, MediaType tikaType, String claimedExtension) {
        long total = 0;
        int parts = 0;
        byte[] contentTypes = null;
        byte[] buffer = new byte[16 * 1024];
        try (ZipArchiveInputStream zip = new ZipArchiveInputStream(new ByteArrayInputStream(bytes), "UTF-8", false,
                true)) {
            for (ZipArchiveEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (++parts > MAX_PARTS) {
                    throw bomb("holds more than " + MAX_PARTS + " parts");
                }
                ByteArrayOutputStream keep = e.getName().equals("[Content_Types].xml") ? new ByteArrayOutputStream()
                        : null;
                for (int n = zip.read(buffer); n > 0; n = zip.read(buffer)) {
                    total += n;
                    if (total > AttachmentCleaner.maxUnpackedBytes()) {
                        throw bomb("unpacks to more than " + AttachmentCleaner.mib(AttachmentCleaner.maxUnpackedBytes()));
                    }
                    if (zip.getUncompressedCount() > 100 * 1024
                            && zip.getUncompressedCount() > zip.getCompressedCount() * MAX_RATIO) {
                        throw bomb("has a part that unpacks to more than " + MAX_RATIO + " times its size");
                    }
                    if (keep != null) {
                        keep.write(buffer, 0, n);
                    }
                }
                if (keep != null) {
                    contentTypes = keep.toByteArray();
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof AttachmentRefused r) {
                throw r;
            }
            if ("application/x-tika-ooxml".equals(tikaType.toString())) {
                throw unreadableOffice();
            }
            return null;
        }
        return contentTypes;
    }

    private static AttachmentRefused bomb(String what) {
        return AttachmentRefused.tooLarge("This file " + what + ", which is more than an attachment may hold. If it"
                + " is a real document, save it as a PDF and attach that.");
    }

    private static AttachmentRefused unreadableOffice() {
        return AttachmentRefused.unreadable("This file could not be read as a Word or Excel file. Open it and save"
                + " it again (as .docx, .xlsx or PDF), then attach it again.");
    }

    // ---- cleaning

    static byte[] clean(byte[] bytes, Kind kind, List<String> removed, List<String> notes) {
        if (ZipInputStreamZipEntrySource.getThresholdBytesForTempFiles() >= 0 || ZipPackage.useTempFilePackageParts()) {
            throw new IllegalStateException("POI is set to write temporary files; attachments must stay in memory");
        }
        Findings found = new Findings();
        try {
            byte[] out = cleanPackage(bytes, kind, found, notes);
            removed.addAll(found.lines());
            notes.add("What shows in the " + (kind == Kind.DOCX ? "document" : "workbook") + " (text, cells,"
                    + " headers, footers, pictures, sheet and file names inside it) is kept: check it names no one.");
            return out;
        } catch (IOException | InvalidFormatException | SAXException | RuntimeException | StackOverflowError e) {
            if (e instanceof AttachmentRefused r) {
                throw r;
            }
            throw AttachmentRefused.unreadable("This file could not be read as " + kind.label + ". Open it and save"
                    + " it again (as ." + kind.extensions.get(0) + " or PDF), then attach it again.");
        }
    }

    private static byte[] cleanPackage(byte[] bytes, Kind kind, Findings found, List<String> notes)
            throws IOException, InvalidFormatException, SAXException {
        OPCPackage pkg = OPCPackage.open(new ByteArrayInputStream(bytes));
        try {
            PackagePart main = mainPart(pkg);
            if (main == null || !main.getContentType().equals(kind == Kind.DOCX ? DOCX_MAIN : XLSX_MAIN)) {
                throw new InvalidFormatException("main part is not " + kind);
            }
            properties(pkg, found);
            Map<PackagePartName, String> doomed = doomedParts(pkg);
            Findings kept = new Findings();
            for (PackagePart part : List.copyOf(pkg.getParts())) {
                if (part.isRelationshipPart() || doomed.containsKey(part.getPartName())) {
                    continue;
                }
                String type = part.getContentType();
                String name = part.getPartName().getName();
                if (name.startsWith("/word/embeddings/") || name.startsWith("/xl/embeddings/")) {
                    kept.add(EMBEDDED);
                } else if (type.startsWith("image/") && !type.equals("image/jpeg") && !type.equals("image/png")) {
                    kept.add(OTHER_PICTURES);
                } else if (type.endsWith("externalLink+xml")) {
                    kept.add(EXTERNAL_LINKS);
                }
                if (kind == Kind.DOCX && type.startsWith(WML) && type.endsWith("+xml")) {
                    if (type.equals(WML_SETTINGS)) {
                        dropExternalRelationships(part);
                    }
                    byte[] raw = read(part);
                    byte[] xml = WordXml.clean(raw, type.equals(WML_SETTINGS), found);
                    if (xml != raw) {
                        write(part, xml);
                    }
                } else if (kind == Kind.XLSX && type.equals(XLSX_MAIN)) {
                    editXml(part, xml -> SpreadsheetXml.workbook(xml, found));
                } else if (kind == Kind.XLSX && type.equals(WORKSHEET)) {
                    byte[] xml = read(part);
                    if (SpreadsheetXml.sheetNeedsEditing(xml, !part.getRelationshipsByType(PRINTER_REL).isEmpty())) {
                        write(part, SpreadsheetXml.sheet(xml, found));
                    }
                } else if (kind == Kind.XLSX && type.equals(VML)) {
                    byte[] raw = read(part);
                    byte[] vml = SpreadsheetXml.vml(raw);
                    if (vml != raw) {
                        write(part, vml);
                    }
                } else if (type.equals("image/jpeg") || type.equals("image/png")) {
                    byte[] stripped = ImageMetadata.stripInside(read(part), type.equals("image/png"), found);
                    if (stripped != null) {
                        write(part, stripped);
                    }
                }
            }
            removeParts(pkg, doomed, found);
            kept.lines().forEach(line -> notes.add("Kept as it was, not cleaned: " + line + "."));
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
            pkg.save(out);
            return undated(out.toByteArray());
        } finally {
            pkg.revert();
        }
    }

    private static byte[] read(PackagePart part) throws IOException {
        try (InputStream in = part.getInputStream()) {
            return in.readAllBytes();
        }
    }

    private static void write(PackagePart part, byte[] bytes) throws IOException {
        try (OutputStream out = part.getOutputStream()) {
            out.write(bytes);
        }
    }

    /**
     * The package's ZIP again, its entries in the same order, each dated 1 January 1980 (as Office dates them):
     * POI dates them with the time of saving, which would tell when the report was made.
     */
    private static byte[] undated(byte[] zip) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(zip.length);
        try (ZipArchiveInputStream in = new ZipArchiveInputStream(new ByteArrayInputStream(zip), "UTF-8", false, true);
                ZipOutputStream z = new ZipOutputStream(out)) {
            for (ZipArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTimeLocal(ZIP_TIME);
                z.putNextEntry(copy);
                in.transferTo(z);
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static PackagePart mainPart(OPCPackage pkg) {
        for (PackageRelationship rel : pkg.getRelationshipsByType(PackageRelationshipTypes.CORE_DOCUMENT)) {
            return target(pkg, rel);
        }
        return null;
    }

    /**
     * The part a relationship points to, resolved against its source part (POI's {@code OPCPackage.getPart}
     * takes a relationship but looks among the package's own relationships only); null when external or missing.
     */
    private static PackagePart target(OPCPackage pkg, PackageRelationship rel) {
        if (rel.getTargetMode() == TargetMode.EXTERNAL) {
            return null;
        }
        try {
            URI uri = PackagingURIHelper.resolvePartUri(rel.getSourceURI(), rel.getTargetURI());
            if (uri.getFragment() != null) {
                uri = new URI(uri.getPath());
            }
            return pkg.getPart(PackagingURIHelper.createPartName(uri));
        } catch (InvalidFormatException | URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Empties the core properties, reporting which were there (never their values). */
    private static void properties(OPCPackage pkg, Findings found) throws InvalidFormatException {
        PackagePropertiesPart p = (PackagePropertiesPart) pkg.getPackageProperties();
        List<String> present = new ArrayList<>();
        check(present, "author", p.getCreatorProperty(), p::setCreatorProperty);
        check(present, "last modified by", p.getLastModifiedByProperty(), p::setLastModifiedByProperty);
        checkDate(present, "creation date", p.getCreatedProperty(), p::setCreatedProperty);
        checkDate(present, "modification date", p.getModifiedProperty(), p::setModifiedProperty);
        checkDate(present, "date last printed", p.getLastPrintedProperty(), p::setLastPrintedProperty);
        check(present, "revision number", p.getRevisionProperty(), p::setRevisionProperty);
        check(present, "title", p.getTitleProperty(), p::setTitleProperty);
        check(present, "subject", p.getSubjectProperty(), p::setSubjectProperty);
        check(present, "description", p.getDescriptionProperty(), p::setDescriptionProperty);
        check(present, "keywords", p.getKeywordsProperty(), p::setKeywordsProperty);
        check(present, "category", p.getCategoryProperty(), p::setCategoryProperty);
        check(present, "status", p.getContentStatusProperty(), p::setContentStatusProperty);
        check(present, "content type", p.getContentTypeProperty(), p::setContentTypeProperty);
        check(present, "identifier", p.getIdentifierProperty(), p::setIdentifierProperty);
        check(present, "language", p.getLanguageProperty(), p::setLanguageProperty);
        check(present, "version", p.getVersionProperty(), p::setVersionProperty);
        if (!present.isEmpty()) {
            found.add(PROPERTIES + " (" + String.join(", ", present) + ")");
        }
    }

    private static void check(List<String> present, String name, Optional<String> value,
            Consumer<Optional<String>> clear) {
        if (value.isPresent() && !value.get().isBlank()) {
            present.add(name);
        }
        clear.accept(Optional.empty());
    }

    private static void checkDate(List<String> present, String name, Optional<Date> value,
            Consumer<Optional<Date>> clear) {
        if (value.isPresent()) {
            present.add(name);
        }
        clear.accept(Optional.empty());
    }

    /**
     * Removes the parts that hold nothing but metadata, and every relationship to them: application and custom
     * properties, the thumbnail, comments and their extensions, people, the shared-workbook history, custom XML,
     * printer settings and signatures.
     */
    private static Map<PackagePartName, String> doomedParts(OPCPackage pkg) throws InvalidFormatException {
        Map<PackagePartName, String> doomed = new LinkedHashMap<>();
        for (PackageRelationship rel : pkg.getRelationshipsByType(PackageRelationshipTypes.THUMBNAIL)) {
            PackagePart thumb = target(pkg, rel);
            if (thumb != null) {
                doomed.put(thumb.getPartName(), THUMBNAIL);
            }
        }
        for (PackagePart part : pkg.getParts()) {
            if (part.isRelationshipPart()) {
                continue;
            }
            for (PackageRelationship rel : part.getRelationshipsByType(PackageRelationshipTypes.CUSTOM_XML)) {
                PackagePart item = target(pkg, rel);
                if (item != null) {
                    doomed.put(item.getPartName(), CUSTOM_XML);
                }
            }
            String what = metadataPart(part.getContentType().toLowerCase(Locale.ROOT));
            if (what != null) {
                doomed.putIfAbsent(part.getPartName(), what);
            }
        }
        return doomed;
    }

    /** Reports what the doomed parts held (never a value), cuts every relationship to them, removes them. */
    private static void removeParts(OPCPackage pkg, Map<PackagePartName, String> doomed, Findings found)
            throws InvalidFormatException, IOException, SAXException {
        for (Map.Entry<PackagePartName, String> e : doomed.entrySet()) {
            PackagePart part = pkg.getPart(e.getKey());
            String type = part.getContentType();
            if (type.equals(APP_CT)) {
                found.add(APP_PROPERTIES + appFields(part));
            } else if (type.equals(CUSTOM_CT)) {
                found.add(CUSTOM_PROPERTIES, Math.max(1, count(part, "property")));
            } else if (type.equals(WML + "comments+xml") || type.equals(SML_COMMENTS)) {
                found.add(COMMENTS, count(part, "comment"));
            } else if (!e.getValue().equals(COMMENTS)) {
                found.mention(e.getValue());
            }
        }
        cutRelationships(pkg, doomed.keySet());
        for (PackagePartName name : doomed.keySet()) {
            pkg.removePart(name);
            PackagePartName rels = PackagingURIHelper.getRelationshipPartName(name);
            if (pkg.containPart(rels)) {
                pkg.removePart(rels);
            }
        }
    }

    /** What a part of this content type holds, when it holds nothing but metadata; else null. */
    private static String metadataPart(String type) {
        if (type.equals(APP_CT)) {
            return APP_PROPERTIES;
        } else if (type.equals(CUSTOM_CT)) {
            return CUSTOM_PROPERTIES;
        } else if (type.contains("comments")) {
            return COMMENTS;
        } else if (type.contains("people+xml") || type.contains("person+xml")) {
            return PEOPLE;
        } else if (type.contains("revisionheaders") || type.contains("revisionlog") || type.contains("usernames")) {
            return SHARED_HISTORY;
        } else if (type.contains("customxmlproperties")) {
            return CUSTOM_XML;
        } else if (type.contains("printersettings")) {
            return PRINTER;
        } else if (type.contains("digital-signature")) {
            return SIGNATURES;
        }
        return null;
    }

    private static void cutRelationships(OPCPackage pkg, Set<PackagePartName> doomed) throws InvalidFormatException {
        List<String> packageIds = new ArrayList<>();
        for (PackageRelationship rel : pkg.getRelationships()) {
            if (pointsInto(pkg, rel, doomed)) {
                packageIds.add(rel.getId());
            }
        }
        packageIds.forEach(pkg::removeRelationship);
        for (PackagePart part : pkg.getParts()) {
            if (part.isRelationshipPart() || doomed.contains(part.getPartName())) {
                continue;
            }
            List<String> ids = new ArrayList<>();
            for (PackageRelationship rel : part.getRelationships()) {
                if (pointsInto(pkg, rel, doomed)) {
                    ids.add(rel.getId());
                }
            }
            ids.forEach(part::removeRelationship);
        }
    }

    private static boolean pointsInto(OPCPackage pkg, PackageRelationship rel, Set<PackagePartName> doomed) {
        PackagePart target = target(pkg, rel);
        return target != null && doomed.contains(target.getPartName());
    }

    /** Links from settings to files outside the document: the template's path and mail-merge sources. */
    private static void dropExternalRelationships(PackagePart settings) throws InvalidFormatException {
        List<String> ids = new ArrayList<>();
        for (PackageRelationship rel : settings.getRelationships()) {
            if (rel.getTargetMode() == TargetMode.EXTERNAL) {
                ids.add(rel.getId());
            }
        }
        ids.forEach(settings::removeRelationship);
    }

    /** Parses a part, lets {@code edit} change it, and writes it back when it says it changed something. */
    private static void editXml(PackagePart part, Function<Document, Boolean> edit) throws IOException, SAXException {
        Document xml;
        try (InputStream in = part.getInputStream()) {
            xml = DocumentHelper.readDocument(in);
        }
        if (edit.apply(xml)) {
            try (OutputStream out = part.getOutputStream()) {
                if (!StreamHelper.saveXmlInStream(xml, out)) {
                    throw new IOException("could not write " + part.getPartName());
                }
            }
        }
    }

    private static String appFields(PackagePart part) throws IOException, SAXException {
        Document xml;
        try (InputStream in = part.getInputStream()) {
            xml = DocumentHelper.readDocument(in);
        }
        List<String> present = new ArrayList<>();
        for (String[] field : APP_FIELDS) {
            NodeList nodes = xml.getElementsByTagNameNS("*", field[0]);
            if (nodes.getLength() > 0 && !nodes.item(0).getTextContent().isBlank()) {
                present.add(field[1]);
            }
        }
        return present.isEmpty() ? "" : " (" + String.join(", ", present) + ")";
    }

    private static int count(PackagePart part, String localName) throws IOException, SAXException {
        try (InputStream in = part.getInputStream()) {
            return DocumentHelper.readDocument(in).getElementsByTagNameNS("*", localName).getLength();
        }
    }

}
