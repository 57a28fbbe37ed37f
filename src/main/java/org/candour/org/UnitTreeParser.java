package org.candour.org;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.candour.web.Echo;

/**
 * Reads an organisation's tree of reporting units from CSV or JSON and checks it before anything is stored.
 *
 * <p>Pure Java, no framework. Every method either succeeds completely or throws {@link UnitImportException}
 * listing every problem found (capped at {@value UnitImportException#MAX_LISTED}); nothing is partially accepted.
 * Rows returned by the parsers are already trimmed and field-checked; {@link #validate} then checks the tree that
 * results from merging them into the units the organisation already has.
 */
public final class UnitTreeParser {

    /** Largest accepted file: 2 MiB. */
    public static final int MAX_BYTES = 2 * 1024 * 1024;
    /** Most units accepted in one file. */
    public static final int MAX_UNITS = 10_000;
    /** Deepest allowed level; a top-level unit is level 1. */
    public static final int MAX_DEPTH = 12;
    public static final int MAX_ID_LENGTH = 64;
    public static final int MAX_NAME_LENGTH = 200;

    static final String FILE = "file";
    private static final int MAX_ECHO = 64;
    private static final String ID_RULE = "use only letters A-Z and a-z, digits 0-9, '.', '_' and '-'";

    private UnitTreeParser() {
    }

    /**
     * Parses RFC 4180 CSV with the header {@code id,name,parent_id} (any order and case). An empty
     * {@code parent_id} makes a top-level unit.
     */
    public static List<UnitRow> parseCsv(byte[] bytes) {
        return new CsvReader(decode(bytes)).read();
    }

    /**
     * Parses JSON: a top-level array of units or {@code {"units": [...]}}; each unit has {@code id}, {@code name},
     * optional {@code parentId} (or {@code parent_id}) and optional nested {@code children}. Rows come back in
     * document order, each parent before its children.
     */
    public static List<UnitRow> parseJson(byte[] bytes) {
        return new JsonReader().read(decode(bytes));
    }

    /**
     * Checks the tree that results from merging {@code rows} into the existing units: rows with a known id update
     * that unit's name and parent, other rows create units, nothing is deleted.
     *
     * @param existingParents external id of every unit already stored for the organisation, mapped to its parent's
     *                        external id ({@code null} for a top-level unit)
     */
    public static void validate(List<UnitRow> rows, Map<String, String> existingParents) {
        Objects.requireNonNull(rows, "rows");
        new TreeCheck(rows, existingParents == null ? Map.of() : existingParents).run();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Shared: problems, limits, decoding, field checks, safe echoing of input.

    /** Collects problems, keeping the first {@value UnitImportException#MAX_LISTED} and counting the rest. */
    private static final class Problems {
        private final List<UnitImportProblem> listed = new ArrayList<>();
        private int notListed;

        void add(String location, String message) {
            if (listed.size() < UnitImportException.MAX_LISTED) {
                listed.add(new UnitImportProblem(location, message));
            } else {
                notListed++;
            }
        }

        int count() {
            return listed.size() + notListed;
        }

        void throwIfAny() {
            if (count() > 0) {
                throw new UnitImportException(summary(count()), listed, notListed);
            }
        }
    }

    private static String summary(int problems) {
        return "Unit import rejected: " + plural(problems, "problem");
    }

    private static UnitImportException single(String location, String message) {
        return new UnitImportException(summary(1), List.of(new UnitImportProblem(location, message)));
    }

    private static UnitImportException tooManyUnits() {
        return single(FILE, "the file has more than " + thousands(MAX_UNITS) + " units; the limit is "
                + thousands(MAX_UNITS) + " units per import");
    }

    private static UnitImportException noUnits() {
        return single(FILE, "the file has no units");
    }

    /** Checks the size, strips a UTF-8 byte order mark and decodes strictly, reporting every line with bad bytes. */
    private static String decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length > MAX_BYTES) {
            throw single(FILE, "the file is too large (" + thousands(bytes.length) + " bytes); the limit is 2 MiB ("
                    + thousands(MAX_BYTES) + " bytes)");
        }
        int start = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length - start);
        Problems problems = new Problems();
        int line = 1;
        int scanned = 0;
        int lastReportedLine = 0;
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isUnderflow()) {
                break;
            }
            if (!result.isError()) {
                throw new IllegalStateException("UTF-8 decoding overflowed its buffer");
            }
            int offset = in.position();
            line += lineBreaks(bytes, scanned, offset);
            scanned = offset;
            if (line != lastReportedLine) {
                problems.add("line " + line, "not valid UTF-8 (byte offset " + offset + "); save the file as UTF-8");
                lastReportedLine = line;
            }
            in.position(offset + result.length());
        }
        decoder.flush(out);
        problems.throwIfAny();
        out.flip();
        return out.toString();
    }

    /** Line breaks (LF, CRLF counted once, lone CR) in {@code bytes[from, to)}. */
    private static int lineBreaks(byte[] bytes, int from, int to) {
        int breaks = 0;
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n' || bytes[i] == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n')) {
                breaks++;
            }
        }
        return breaks;
    }

    /**
     * Checks and trims one unit's fields. Returns the row, or {@code null} after adding problems. A {@code null}
     * raw id or name means it was missing and has already been reported by the caller.
     */
    private static UnitRow checkRow(String location, String rawId, String rawName, String rawParent,
            String parentLabel, Problems problems) {
        int before = problems.count();
        String id = checkId(location, "id", rawId, false, problems);
        String name = checkName(location, rawName, problems);
        String parent = checkId(location, parentLabel, rawParent, true, problems);
        if (problems.count() != before || id == null || name == null) {
            return null;
        }
        return new UnitRow(location, id, name, parent);
    }

    private static String checkId(String location, String label, String raw, boolean optional, Problems problems) {
        if (raw == null || hasControl(location, label, raw, problems)) {
            return null;
        }
        String value = raw.strip();
        if (value.isEmpty()) {
            if (!optional) {
                problems.add(location, label + " is empty");
            }
            return null;
        }
        int length = value.codePointCount(0, value.length());
        if (length > MAX_ID_LENGTH) {
            problems.add(location, label + " " + show(value) + " is too long (" + length
                    + " characters; the limit is " + MAX_ID_LENGTH + ")");
            return null;
        }
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            if (!isIdChar(cp)) {
                problems.add(location, label + " " + show(value) + " contains " + describe(cp)
                        + ", which is not allowed in an id; " + ID_RULE);
                return null;
            }
            i += Character.charCount(cp);
        }
        return value;
    }

    private static String checkName(String location, String raw, Problems problems) {
        if (raw == null || hasControl(location, "name", raw, problems)) {
            return null;
        }
        String value = raw.strip();
        if (value.isEmpty()) {
            problems.add(location, "name is empty");
            return null;
        }
        int length = value.codePointCount(0, value.length());
        if (length > MAX_NAME_LENGTH) {
            problems.add(location, "name is too long (" + length + " characters; the limit is " + MAX_NAME_LENGTH
                    + ")");
            return null;
        }
        return value;
    }

    private static boolean hasControl(String location, String label, String raw, Problems problems) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (isForbiddenControl(c)) {
                problems.add(location, label + " contains a control character (" + codePoint(c) + "); remove it");
                return true;
            }
        }
        return false;
    }

    /** C0 controls other than tab, CR and LF; DEL; C1 controls. */
    private static boolean isForbiddenControl(char c) {
        return c < 0x20 && c != '\t' && c != '\r' && c != '\n' || c >= 0x7F && c <= 0x9F;
    }

    private static boolean isIdChar(int cp) {
        return cp >= 'a' && cp <= 'z' || cp >= 'A' && cp <= 'Z' || cp >= '0' && cp <= '9'
                || cp == '.' || cp == '_' || cp == '-';
    }

    /** Quotes an input value for a message: at most {@value #MAX_ECHO} characters, unprintables shown as '?'. */
    static String show(String value) {
        return "'" + Echo.shorten(value, MAX_ECHO) + "'";
    }

    private static String describe(int cp) {
        if (cp == ' ') {
            return "a space";
        }
        if (Echo.isPrintable(cp) && !Character.isWhitespace(cp) && !Character.isSpaceChar(cp)) {
            return "'" + new String(Character.toChars(cp)) + "' (" + codePoint(cp) + ")";
        }
        return codePoint(cp);
    }

    private static String codePoint(int cp) {
        return String.format(Locale.ROOT, "U+%04X", cp);
    }

    private static String thousands(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    // ---------------------------------------------------------------------------------------------------------
    // CSV (RFC 4180).

    private static final class CsvReader {
        private static final List<String> COLUMNS = List.of("id", "name", "parent_id");
        private static final String HEADER_RULE = "the header must name exactly the columns id, name and parent_id";

        private final String text;
        private final Problems problems = new Problems();
        private int pos;
        private int line = 1;
        private boolean unterminated;

        private record Record(int line, List<String> fields, String structureError) {
            String location() {
                return "line " + line;
            }

            boolean isBlank() {
                if (structureError != null) {
                    return false;
                }
                for (String field : fields) {
                    for (int i = 0; i < field.length(); i++) {
                        if (isForbiddenControl(field.charAt(i))) {
                            return false;
                        }
                    }
                    if (!field.isBlank()) {
                        return false;
                    }
                }
                return true;
            }
        }

        CsvReader(String text) {
            this.text = text;
        }

        List<UnitRow> read() {
            Record header = nextNonBlank();
            if (header == null) {
                problems.throwIfAny();
                throw single(FILE, "the file is empty; expected a header row (id,name,parent_id) followed by one row "
                        + "per unit");
            }
            int[] columns = readHeader(header);
            problems.throwIfAny();
            List<UnitRow> rows = new ArrayList<>();
            int units = 0;
            for (Record record = nextNonBlank(); record != null; record = nextNonBlank()) {
                if (++units > MAX_UNITS) {
                    throw tooManyUnits();
                }
                UnitRow row = toRow(record, columns);
                if (row != null) {
                    rows.add(row);
                }
            }
            problems.throwIfAny();
            if (units == 0) {
                throw single(FILE, "the file has a header row but no units");
            }
            return rows;
        }

        /** Positions of id, name and parent_id, or {@code null} after adding problems. */
        private int[] readHeader(Record header) {
            String location = header.location();
            if (header.structureError() != null) {
                problems.add(location, header.structureError());
                return null;
            }
            List<String> fields = header.fields();
            if (fields.stream().noneMatch(f -> COLUMNS.contains(f.strip().toLowerCase(Locale.ROOT)))) {
                problems.add(location, "the first row must be the header id,name,parent_id but it has none of "
                        + "these columns (its first column is " + show(fields.get(0).strip()) + ")");
                return null;
            }
            Map<String, Integer> found = new LinkedHashMap<>();
            for (int i = 0; i < fields.size(); i++) {
                String column = fields.get(i).strip();
                String key = column.toLowerCase(Locale.ROOT);
                if (column.isEmpty()) {
                    problems.add(location, "column " + (i + 1) + " of the header has no name; " + HEADER_RULE);
                } else if (!COLUMNS.contains(key)) {
                    problems.add(location, "unknown column " + show(column) + "; " + HEADER_RULE);
                } else if (found.putIfAbsent(key, i) != null) {
                    problems.add(location, "column " + show(column) + " appears more than once in the header");
                }
            }
            for (String column : COLUMNS) {
                if (!found.containsKey(column)) {
                    problems.add(location, "missing column '" + column + "'; " + HEADER_RULE);
                }
            }
            if (found.size() != COLUMNS.size()) {
                return null;
            }
            return new int[] {found.get("id"), found.get("name"), found.get("parent_id")};
        }

        private UnitRow toRow(Record record, int[] columns) {
            String location = record.location();
            if (record.structureError() != null) {
                problems.add(location, record.structureError());
                return null;
            }
            List<String> fields = record.fields();
            if (fields.size() != COLUMNS.size()) {
                problems.add(location, "has " + plural(fields.size(), "field") + "; expected 3 (id, name, parent_id)."
                        + " Put a name that contains a comma in double quotes");
                return null;
            }
            return checkRow(location, fields.get(columns[0]), fields.get(columns[1]), fields.get(columns[2]),
                    "parent_id", problems);
        }

        private Record nextNonBlank() {
            Record record = nextRecord();
            while (record != null && record.isBlank()) {
                record = nextRecord();
            }
            return record;
        }

        /** The next record, or {@code null} at the end of the text or after an unterminated quote. */
        private Record nextRecord() {
            int n = text.length();
            if (unterminated || pos >= n) {
                return null;
            }
            int start = line;
            List<String> fields = new ArrayList<>();
            String error = null;
            while (true) {
                int p = pos;
                while (p < n && (text.charAt(p) == ' ' || text.charAt(p) == '\t')) {
                    p++;
                }
                if (p < n && text.charAt(p) == '"') {
                    int quoteLine = line;
                    pos = p + 1;
                    String field = quoted();
                    if (field == null) {
                        unterminated = true;
                        problems.add("line " + quoteLine, "a quoted field starts on this line but its closing '\"' "
                                + "is missing");
                        return null;
                    }
                    fields.add(field);
                    while (pos < n && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
                        pos++;
                    }
                    if (pos < n && !endsField(text.charAt(pos))) {
                        if (error == null) {
                            error = "unexpected text after a closing '\"'; inside a quoted field write '\"' as '\"\"'";
                        }
                        while (pos < n && !endsField(text.charAt(pos))) {
                            pos++;
                        }
                    }
                } else {
                    int from = pos;
                    while (pos < n && !endsField(text.charAt(pos))) {
                        if (text.charAt(pos) == '"' && error == null) {
                            error = "a '\"' inside a field that does not start with '\"'; put the whole field in "
                                    + "double quotes and write '\"' as '\"\"'";
                        }
                        pos++;
                    }
                    fields.add(text.substring(from, pos));
                }
                if (pos >= n) {
                    return new Record(start, fields, error);
                }
                char c = text.charAt(pos);
                if (c == ',') {
                    pos++;
                    continue;
                }
                pos += c == '\r' && pos + 1 < n && text.charAt(pos + 1) == '\n' ? 2 : 1;
                line++;
                return new Record(start, fields, error);
            }
        }

        /** Reads a quoted field after its opening quote; {@code null} if the text ends first. */
        private String quoted() {
            int n = text.length();
            StringBuilder field = new StringBuilder();
            while (pos < n) {
                char c = text.charAt(pos);
                if (c == '"') {
                    if (pos + 1 < n && text.charAt(pos + 1) == '"') {
                        field.append('"');
                        pos += 2;
                        continue;
                    }
                    pos++;
                    return field.toString();
                }
                if (c == '\n' || c == '\r' && (pos + 1 >= n || text.charAt(pos + 1) != '\n')) {
                    line++;
                }
                field.append(c);
                pos++;
            }
            return null;
        }

        private static boolean endsField(char c) {
            return c == ',' || c == '\n' || c == '\r';
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // JSON.

    private static final class JsonReader {
        private static final ObjectMapper MAPPER = JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        private static final Set<String> UNIT_FIELDS = Set.of("id", "name", "parentId", "parent_id", "children");

        private final Problems problems = new Problems();
        private final List<UnitRow> rows = new ArrayList<>();
        private int units;

        List<UnitRow> read(String text) {
            if (text.isBlank()) {
                throw single(FILE, "the file is empty; expected a JSON array of units or {\"units\": [...]}");
            }
            JsonNode root;
            try {
                root = MAPPER.readTree(text);
            } catch (JsonProcessingException e) {
                throw malformed(e);
            }
            if (root == null || root.isMissingNode()) {
                throw single(FILE, "the file is empty; expected a JSON array of units or {\"units\": [...]}");
            }
            if (root.isArray()) {
                walk(root, "", null, false);
            } else if (root.isObject()) {
                for (Map.Entry<String, JsonNode> field : root.properties()) {
                    if (!"units".equals(field.getKey())) {
                        problems.add("/", "unknown field " + show(field.getKey())
                                + "; the top-level object may only have \"units\"");
                    }
                }
                JsonNode list = root.get("units");
                if (list == null) {
                    problems.add("/", "missing \"units\"; expected {\"units\": [...]} or a top-level array of units");
                } else if (!list.isArray()) {
                    problems.add("/units", "\"units\" must be an array of units");
                } else {
                    walk(list, "/units", null, false);
                }
            } else {
                throw single("/", "expected a JSON array of units or an object {\"units\": [...]}");
            }
            problems.throwIfAny();
            if (rows.isEmpty()) {
                throw noUnits();
            }
            return rows;
        }

        private void walk(JsonNode array, String pointer, String enclosingId, boolean nested) {
            for (int i = 0; i < array.size(); i++) {
                if (++units > MAX_UNITS) {
                    throw tooManyUnits();
                }
                JsonNode node = array.get(i);
                String location = pointer + "/" + i;
                if (node.isObject()) {
                    unit(node, location, enclosingId, nested);
                } else {
                    problems.add(location, "each unit must be a JSON object with \"id\" and \"name\"");
                }
            }
        }

        private void unit(JsonNode node, String location, String enclosingId, boolean nested) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (!UNIT_FIELDS.contains(field.getKey())) {
                    problems.add(location, "unknown field " + show(field.getKey())
                            + "; a unit may have only id, name, parentId and children");
                }
            }
            String id = text(node, "id", location, true);
            String name = text(node, "name", location, true);
            String parentKey = node.has("parentId") ? "parentId" : "parent_id";
            if (node.has("parentId") && node.has("parent_id")) {
                problems.add(location, "give either \"parentId\" or \"parent_id\", not both");
            }
            String parent = text(node, parentKey, location, false);
            if (nested) {
                String given = parent == null ? "" : parent.strip();
                if (!given.isEmpty() && enclosingId != null && !given.equals(enclosingId)) {
                    problems.add(location, parentKey + " " + show(given) + " differs from the unit it is nested in ("
                            + show(enclosingId) + "); leave " + parentKey + " out of nested units");
                }
                parent = enclosingId;
            }
            UnitRow row = checkRow(location, id, name, parent, parentKey, problems);
            if (row != null) {
                rows.add(row);
            }
            JsonNode children = node.get("children");
            if (children != null && !children.isNull()) {
                if (children.isArray()) {
                    walk(children, location + "/children", row == null ? null : row.id(), true);
                } else {
                    problems.add(location, "\"children\" must be an array of units");
                }
            }
        }

        /** A string field, {@code null} if absent or null (reported when required) or not a string (reported). */
        private String text(JsonNode node, String key, String location, boolean required) {
            JsonNode value = node.get(key);
            if (value == null || value.isNull()) {
                if (required) {
                    problems.add(location, "missing \"" + key + "\"");
                }
                return null;
            }
            if (!value.isTextual()) {
                problems.add(location, "\"" + key + "\" must be a string"
                        + (value.isNumber() ? "; put the value in double quotes" : ""));
                return null;
            }
            return value.textValue();
        }

        /** One short problem with Jackson's line and column, never Jackson's message (it can echo input). */
        private static UnitImportException malformed(JsonProcessingException e) {
            String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
            String reason;
            if (e instanceof JsonEOFException || original.startsWith("Unexpected end-of-input")) {
                reason = "the file ends before the JSON is complete; check for a missing ']', '}' or '\"'";
            } else if (e instanceof StreamConstraintsException) {
                reason = "the JSON is nested too deeply or has a value that is too long";
            } else if (original.startsWith("Duplicate field")) {
                reason = "a field appears twice in the same object";
            } else if (original.startsWith("Trailing token")) {
                reason = "there is more text after the end of the JSON value";
            } else if (original.startsWith("Illegal unquoted character")) {
                reason = "a control character inside a string; remove it or write it as an escape";
            } else {
                reason = "unexpected text; check for a missing comma, colon, bracket or quote";
            }
            JsonLocation at = e.getLocation();
            if (at == null || at.getLineNr() < 1) {
                return single(FILE, "not valid JSON: " + reason);
            }
            String position = at.getColumnNr() < 1 ? "line " + at.getLineNr()
                    : "line " + at.getLineNr() + ", column " + at.getColumnNr();
            return single("line " + at.getLineNr(), "not valid JSON (" + position + "): " + reason);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Tree checks on the merged tree.

    private static final class TreeCheck {
        private static final int BROKEN = -1;
        private static final int CYCLE_IDS_SHOWN = 3;
        private static final int CYCLE_ID_CHARS = 16;

        private final List<UnitRow> rows;
        private final List<List<UnitImportProblem>> perRow = new ArrayList<>();
        private final List<UnitImportProblem> fileLevel = new ArrayList<>();
        private final UnitRow[] clean;
        private final Map<String, Integer> rowOf = new HashMap<>();
        private final Map<String, String> parentOf;
        private final Map<String, Integer> depth = new HashMap<>();
        private final Map<String, String> anchor = new HashMap<>();

        TreeCheck(List<UnitRow> rows, Map<String, String> existing) {
            this.rows = rows;
            this.clean = new UnitRow[rows.size()];
            this.parentOf = new HashMap<>(existing);
        }

        void run() {
            if (rows.isEmpty()) {
                throw noUnits();
            }
            if (rows.size() > MAX_UNITS) {
                throw tooManyUnits();
            }
            checkFieldsAndDuplicates();
            for (UnitRow row : clean) {
                if (row != null) {
                    parentOf.put(row.id(), row.parentId());
                }
            }
            checkParents();
            for (String id : parentOf.keySet()) {
                if (!depth.containsKey(id)) {
                    climb(id);
                }
            }
            checkDepth();
            report();
        }

        private void add(int index, String message) {
            perRow.get(index).add(new UnitImportProblem(rows.get(index).location(), message));
        }

        private void checkFieldsAndDuplicates() {
            for (int i = 0; i < rows.size(); i++) {
                UnitRow row = Objects.requireNonNull(rows.get(i), "row");
                perRow.add(new ArrayList<>());
                Problems fields = new Problems();
                UnitRow checked = checkRow(row.location(), row.id(), row.name(), row.parentId(), "parent_id", fields);
                if (checked == null) {
                    perRow.get(i).addAll(fields.listed);
                    continue;
                }
                Integer first = rowOf.putIfAbsent(checked.id(), i);
                if (first != null) {
                    add(i, "id " + show(checked.id()) + " is already used at " + rows.get(first).location());
                    continue;
                }
                clean[i] = checked;
            }
        }

        private void checkParents() {
            for (int i = 0; i < clean.length; i++) {
                UnitRow row = clean[i];
                if (row == null || row.parentId() == null) {
                    continue;
                }
                if (row.parentId().equals(row.id())) {
                    add(i, "unit " + show(row.id()) + " is its own parent");
                } else if (!parentOf.containsKey(row.parentId())) {
                    add(i, "unknown parent " + show(row.parentId())
                            + "; it is neither in this file nor an existing unit");
                }
            }
        }

        /**
         * Follows parents up from {@code start} until a root, a unit already measured, an unknown parent or a
         * cycle, then records the depth of every unit on the way (BROKEN when the chain never reaches a root).
         */
        private void climb(String start) {
            List<String> path = new ArrayList<>();
            Map<String, Integer> onPath = new HashMap<>();
            String current = start;
            int base;
            String above;
            while (true) {
                onPath.put(current, path.size());
                path.add(current);
                String parent = parentOf.get(current);
                if (parent == null) {
                    base = 0;
                    above = null;
                    break;
                }
                if (!parentOf.containsKey(parent)) {
                    base = BROKEN;
                    above = null;
                    break;
                }
                if (depth.containsKey(parent)) {
                    base = depth.get(parent);
                    above = parent;
                    break;
                }
                Integer seen = onPath.get(parent);
                if (seen != null) {
                    reportCycle(path.subList(seen, path.size()));
                    base = BROKEN;
                    above = null;
                    break;
                }
                current = parent;
            }
            for (int i = path.size() - 1; i >= 0; i--) {
                String id = path.get(i);
                String parent = i == path.size() - 1 ? above : path.get(i + 1);
                int level = base == BROKEN ? BROKEN : base + (path.size() - i);
                depth.put(id, level);
                anchor.put(id, parent == null ? null : rowOf.containsKey(parent) ? parent : anchor.get(parent));
            }
        }

        /** {@code cycle} lists units child first: each one's parent is the next, the last one's is the first. */
        private void reportCycle(List<String> cycle) {
            if (cycle.size() == 1 && rowOf.containsKey(cycle.get(0))) {
                return; // a unit that is its own parent: reported by checkParents
            }
            boolean anyRow = false;
            for (int k = 0; k < cycle.size(); k++) {
                Integer index = rowOf.get(cycle.get(k));
                if (index != null) {
                    anyRow = true;
                    add(index, "parents form a cycle: " + cyclePath(cycle, k) + " (each arrow points to the parent)");
                }
            }
            if (!anyRow) {
                fileLevel.add(new UnitImportProblem(FILE, "existing units form a cycle: " + cyclePath(cycle, 0)));
            }
        }

        private static String cyclePath(List<String> cycle, int from) {
            int size = cycle.size();
            int shown = Math.min(size, CYCLE_IDS_SHOWN);
            StringBuilder path = new StringBuilder();
            for (int k = 0; k < shown; k++) {
                path.append(Echo.shorten(cycle.get((from + k) % size), CYCLE_ID_CHARS)).append(" → ");
            }
            if (size > shown) {
                path.append("… → ");
            }
            path.append(Echo.shorten(cycle.get(from), CYCLE_ID_CHARS));
            if (size > shown) {
                path.append(" (").append(size).append(" units)");
            }
            return path.toString();
        }

        private void checkDepth() {
            for (int i = 0; i < clean.length; i++) {
                if (clean[i] != null && depth.get(clean[i].id()) > MAX_DEPTH) {
                    add(i, "is " + depth.get(clean[i].id()) + " levels deep; the limit is " + MAX_DEPTH
                            + " levels (a top-level unit is level 1)");
                }
            }
            Map<String, List<String>> deepBelow = new LinkedHashMap<>();
            for (Map.Entry<String, Integer> entry : depth.entrySet()) {
                String id = entry.getKey();
                if (entry.getValue() > MAX_DEPTH && !rowOf.containsKey(id)) {
                    deepBelow.computeIfAbsent(anchor.get(id), k -> new ArrayList<>()).add(id);
                }
            }
            for (Map.Entry<String, List<String>> entry : deepBelow.entrySet()) {
                List<String> ids = entry.getValue();
                String example = ids.get(0);
                for (String id : ids) {
                    int compare = Integer.compare(depth.get(id), depth.get(example));
                    if (compare > 0 || compare == 0 && id.compareTo(example) < 0) {
                        example = id;
                    }
                }
                String detail = plural(ids.size(), "existing unit") + " deeper than " + MAX_DEPTH
                        + " levels (for example " + show(example) + " at level " + depth.get(example) + ")";
                if (entry.getKey() == null) {
                    fileLevel.add(new UnitImportProblem(FILE, "the tree would have " + detail));
                } else {
                    add(rowOf.get(entry.getKey()), "this change would put " + detail + " below this unit");
                }
            }
        }

        private void report() {
            Problems problems = new Problems();
            for (UnitImportProblem problem : fileLevel) {
                problems.add(problem.location(), problem.message());
            }
            for (List<UnitImportProblem> list : perRow) {
                for (UnitImportProblem problem : list) {
                    problems.add(problem.location(), problem.message());
                }
            }
            problems.throwIfAny();
        }
    }
}
