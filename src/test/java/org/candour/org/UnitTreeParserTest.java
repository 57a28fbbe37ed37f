package org.candour.org;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class UnitTreeParserTest {

    private static final String HEADER = "id,name,parent_id\n";

    // ----------------------------------------------------------------------------------------------------------
    // Helpers

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static List<UnitImportProblem> problems(Executable call) {
        UnitImportException e = assertThrows(UnitImportException.class, call);
        assertFalse(e.problems().isEmpty(), "a UnitImportException always lists problems");
        for (UnitImportProblem problem : e.problems()) {
            assertSafe(problem.message());
            assertSafe(problem.location());
        }
        return e.problems();
    }

    private static List<UnitImportProblem> csvProblems(String csv) {
        return problems(() -> UnitTreeParser.parseCsv(utf8(csv)));
    }

    private static List<UnitImportProblem> jsonProblems(String json) {
        return problems(() -> UnitTreeParser.parseJson(utf8(json)));
    }

    private static List<UnitImportProblem> validateProblems(List<UnitRow> rows, Map<String, String> existing) {
        return problems(() -> UnitTreeParser.validate(rows, existing));
    }

    private static List<UnitImportProblem> validateCsvProblems(String csv, Map<String, String> existing) {
        return validateProblems(UnitTreeParser.parseCsv(utf8(csv)), existing);
    }

    private static List<String> locations(List<UnitImportProblem> problems) {
        return problems.stream().map(UnitImportProblem::location).toList();
    }

    /** Exactly one problem, at {@code location}, whose message contains every fragment. */
    private static void assertOnly(List<UnitImportProblem> problems, String location, String... fragments) {
        assertEquals(1, problems.size(), () -> "expected one problem but got " + problems);
        assertProblem(problems.get(0), location, fragments);
    }

    private static void assertProblem(UnitImportProblem problem, String location, String... fragments) {
        assertEquals(location, problem.location(), () -> "location of " + problem);
        for (String fragment : fragments) {
            assertTrue(problem.message().contains(fragment),
                    () -> "expected '" + fragment + "' in message: " + problem.message());
        }
    }

    /** Messages never carry control characters and stay short whatever the input. */
    private static void assertSafe(String text) {
        assertTrue(text.length() <= 300, () -> "message too long (" + text.length() + "): " + text);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            assertFalse(c < 0x20 || c >= 0x7F && c <= 0x9F, () -> "control character in message: " + text);
        }
    }

    private static UnitRow row(String location, String id, String name, String parentId) {
        return new UnitRow(location, id, name, parentId);
    }

    /** CSV for a chain c1 (top level) → c2 → … → c{levels}, ids prefixed. */
    private static String chainCsv(String prefix, int levels, String topParent) {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int level = 1; level <= levels; level++) {
            String parent = level == 1 ? (topParent == null ? "" : topParent) : prefix + (level - 1);
            csv.append(prefix).append(level).append(",Level ").append(level).append(',').append(parent).append('\n');
        }
        return csv.toString();
    }

    // ----------------------------------------------------------------------------------------------------------

    @Nested
    class GoodFiles {

        private final List<UnitRow> expectedCsv = List.of(
                row("line 2", "north", "North Region", null),
                row("line 3", "north-med", "Medicine PDU", "north"),
                row("line 4", "north-med-ed", "Emergency Department", "north-med"),
                row("line 5", "north-med-w7", "Ward 7, Acute", "north-med"),
                row("line 6", "north-surg", "Surgery PDU", "north"),
                row("line 7", "north-surg-th", "Theatres", "north-surg"),
                row("line 8", "south", "South Region", null),
                row("line 9", "south_cyp.1", "Children's PDU", "south"),
                row("line 10", "south_cyp.1-nicu", "Neonatal ICU", "south_cyp.1"));

        @Test
        void threeLevelTreeFromCsv() {
            String csv = HEADER
                    + "north,North Region,\n"
                    + "north-med,Medicine PDU,north\n"
                    + "north-med-ed,Emergency Department,north-med\n"
                    + "north-med-w7,\"Ward 7, Acute\",north-med\n"
                    + "north-surg,Surgery PDU,north\n"
                    + "north-surg-th,Theatres,north-surg\n"
                    + "south,South Region,\n"
                    + "south_cyp.1,Children's PDU,south\n"
                    + "south_cyp.1-nicu,Neonatal ICU,south_cyp.1\n";
            List<UnitRow> rows = UnitTreeParser.parseCsv(utf8(csv));
            assertEquals(expectedCsv, rows);
            assertDoesNotThrow(() -> UnitTreeParser.validate(rows, Map.of()));
        }

        @Test
        void threeLevelTreeFromNestedJson() {
            String json = """
                    {"units": [
                      {"id": "north", "name": "North Region", "children": [
                        {"id": "north-med", "name": "Medicine PDU", "children": [
                          {"id": "north-med-ed", "name": "Emergency Department"},
                          {"id": "north-med-w7", "name": "Ward 7, Acute", "parentId": "north-med"}
                        ]}
                      ]},
                      {"id": "south", "name": "South Region", "parentId": null, "children": []}
                    ]}
                    """;
            List<UnitRow> rows = UnitTreeParser.parseJson(utf8(json));
            assertEquals(List.of(
                    row("/units/0", "north", "North Region", null),
                    row("/units/0/children/0", "north-med", "Medicine PDU", "north"),
                    row("/units/0/children/0/children/0", "north-med-ed", "Emergency Department", "north-med"),
                    row("/units/0/children/0/children/1", "north-med-w7", "Ward 7, Acute", "north-med"),
                    row("/units/1", "south", "South Region", null)), rows);
            assertDoesNotThrow(() -> UnitTreeParser.validate(rows, Map.of()));
        }

        @Test
        void flatJsonArrayWithEitherParentKey() {
            String json = """
                    [
                      {"id": "r", "name": "Region"},
                      {"id": "p", "name": "PDU", "parentId": "r"},
                      {"id": "t", "name": " Team ", "parent_id": "p"},
                      {"id": "u", "name": "Other", "parentId": ""}
                    ]""";
            assertEquals(List.of(
                    row("/0", "r", "Region", null),
                    row("/1", "p", "PDU", "r"),
                    row("/2", "t", "Team", "p"),
                    row("/3", "u", "Other", null)), UnitTreeParser.parseJson(utf8(json)));
        }

        @Test
        void mergeIntoExistingUnits() {
            Map<String, String> existing = new HashMap<>();
            existing.put("north", null);
            existing.put("north-med", "north");
            // updates north-med's name, adds a team under an existing unit, moves nothing into a loop
            assertDoesNotThrow(() -> UnitTreeParser.validate(UnitTreeParser.parseCsv(utf8(HEADER
                    + "north-med,Medicine,north\n"
                    + "north-med-ed,ED,north-med\n")), existing));
        }
    }

    // ----------------------------------------------------------------------------------------------------------

    @Nested
    class Limits {

        @Test
        void tenMegabytesOfJunkIsTooLargeBeforeAnyParsing() {
            byte[] junk = new byte[10 * 1024 * 1024];
            new Random(7).nextBytes(junk);
            for (Function<byte[], List<UnitRow>> parser : List.<Function<byte[], List<UnitRow>>>of(
                    UnitTreeParser::parseCsv, UnitTreeParser::parseJson)) {
                // The size check comes first: one problem about the size, none about the content.
                List<UnitImportProblem> problems = problems(() -> parser.apply(junk));
                assertOnly(problems, "file", "too large", "10,485,760 bytes", "the limit is 2 MiB (2,097,152 bytes)");
            }
        }

        @Test
        void oneByteOverTwoMebibytesIsTooLarge() {
            byte[] bytes = new byte[2 * 1024 * 1024 + 1];
            assertOnly(problems(() -> UnitTreeParser.parseCsv(bytes)), "file", "too large", "2 MiB");
        }

        @Test
        void exactlyTwoMebibytesIsNotTooLarge() {
            byte[] bytes = new byte[2 * 1024 * 1024];
            java.util.Arrays.fill(bytes, (byte) '\n');
            byte[] header = utf8(HEADER);
            System.arraycopy(header, 0, bytes, 0, header.length);
            assertOnly(problems(() -> UnitTreeParser.parseCsv(bytes)), "file", "header row but no units");
        }

        @Test
        void moreThanTenThousandCsvUnits() {
            String ok = chainlessCsv(10_000);
            assertEquals(10_000, UnitTreeParser.parseCsv(utf8(ok)).size());
            assertOnly(csvProblems(chainlessCsv(10_001)), "file", "more than 10,000 units", "the limit is 10,000");
        }

        @Test
        void moreThanTenThousandJsonUnitsCountsNestedChildren() {
            StringBuilder json = new StringBuilder("{\"units\": [{\"id\": \"root\", \"name\": \"Root\", \"children\": [");
            for (int i = 1; i < 10_000; i++) {
                json.append(i == 1 ? "" : ",").append("{\"id\": \"u").append(i).append("\", \"name\": \"U\"}");
            }
            String ok = json + "]}]}";
            assertEquals(10_000, UnitTreeParser.parseJson(utf8(ok)).size());
            String tooMany = json + ",{\"id\": \"one-more\", \"name\": \"U\"}]}]}";
            assertOnly(jsonProblems(tooMany), "file", "more than 10,000 units");
        }

        @Test
        void validateAlsoLimitsUnits() {
            List<UnitRow> rows = new ArrayList<>();
            for (int i = 0; i <= 10_000; i++) {
                rows.add(row("line " + (i + 2), "u" + i, "U", null));
            }
            assertOnly(validateProblems(rows, Map.of()), "file", "more than 10,000 units");
        }

        private String chainlessCsv(int units) {
            StringBuilder csv = new StringBuilder(HEADER);
            for (int i = 0; i < units; i++) {
                csv.append('u').append(i).append(",Unit ").append(i).append(",\n");
            }
            return csv.toString();
        }

        @Test
        void emptyInputs() {
            assertOnly(problems(() -> UnitTreeParser.parseCsv(new byte[0])), "file", "the file is empty");
            assertOnly(problems(() -> UnitTreeParser.parseCsv(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF})),
                    "file", "the file is empty");
            assertOnly(csvProblems("\n\r\n   \n"), "file", "the file is empty", "header row");
            assertOnly(csvProblems(HEADER), "file", "header row but no units");
            assertOnly(csvProblems(HEADER + "\n,,\n  ,  ,  \n"), "file", "header row but no units");
            assertOnly(problems(() -> UnitTreeParser.parseJson(new byte[0])), "file", "the file is empty");
            assertOnly(jsonProblems("  \n "), "file", "the file is empty");
            assertOnly(jsonProblems("[]"), "file", "no units");
            assertOnly(jsonProblems("{\"units\": []}"), "file", "no units");
            assertOnly(validateProblems(List.of(), Map.of()), "file", "no units");
        }

        @Test
        void problemListIsCappedAtOneHundredPlusASummary() {
            StringBuilder csv = new StringBuilder(HEADER);
            for (int i = 0; i < 150; i++) {
                csv.append("u").append(i).append(",,\n");
            }
            UnitImportException e = assertThrows(UnitImportException.class,
                    () -> UnitTreeParser.parseCsv(utf8(csv.toString())));
            assertEquals(101, e.problems().size());
            assertProblem(e.problems().get(0), "line 2", "name is empty");
            assertProblem(e.problems().get(99), "line 101", "name is empty");
            assertProblem(e.problems().get(100), "file", "…and 50 more problems");
            assertEquals("Unit import rejected: 150 problems", e.getMessage());
        }

        @Test
        void exceptionCapsListsItIsGivenAndHasNoStackTrace() {
            List<UnitImportProblem> many = new ArrayList<>();
            for (int i = 0; i < 103; i++) {
                many.add(new UnitImportProblem("line " + i, "bad"));
            }
            UnitImportException e = new UnitImportException("summary", many);
            assertEquals(101, e.problems().size());
            assertEquals(new UnitImportProblem("file", "…and 3 more problems"), e.problems().get(100));
            assertEquals("summary", e.getMessage());
            assertEquals(0, e.getStackTrace().length);
            assertEquals(1, new UnitImportException("s", List.of(new UnitImportProblem("file", "x")))
                    .problems().size());
        }
    }

    // ----------------------------------------------------------------------------------------------------------

    @Nested
    class Encoding {

        @Test
        void invalidUtf8ReportsLineAndByteOffset() {
            // header is 18 bytes, "a,A,\n" 5 more: line 3 starts at offset 23, the bad byte follows "b,B"
            byte[] bytes = concat(utf8(HEADER + "a,A,\nb,B"), new byte[] {(byte) 0xFF}, utf8(",\n"));
            assertOnly(problems(() -> UnitTreeParser.parseCsv(bytes)), "line 3",
                    "not valid UTF-8 (byte offset 26); save the file as UTF-8");
            assertOnly(problems(() -> UnitTreeParser.parseJson(bytes)), "line 3", "byte offset 26");
        }

        @Test
        void everyLineWithBadBytesIsReportedOnce() {
            byte[] bytes = concat(utf8(HEADER), new byte[] {'a', (byte) 0xC3, ',', (byte) 0x80, (byte) 0x80},
                    utf8(",\r\nb,B,\r\n"), new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, utf8(",C,\n"),
                    new byte[] {'d', ',', (byte) 0xE2, (byte) 0x82});
            List<UnitImportProblem> problems = problems(() -> UnitTreeParser.parseCsv(bytes));
            assertEquals(List.of("line 2", "line 4", "line 5"), locations(problems));
            assertProblem(problems.get(0), "line 2", "byte offset 19");
            assertProblem(problems.get(1), "line 4", "byte offset 32");
            assertProblem(problems.get(2), "line 5", "byte offset 41");
        }

        @Test
        void byteOffsetCountsTheByteOrderMark() {
            byte[] bytes = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8(HEADER + "a,A,\nb,B"),
                    new byte[] {(byte) 0xC0, (byte) 0xAF}, utf8(",\n"));
            assertOnly(problems(() -> UnitTreeParser.parseCsv(bytes)), "line 3", "byte offset 29");
        }

        @Test
        void leadingByteOrderMarkIsStripped() {
            byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
            assertEquals(List.of(row("line 2", "a", "Ünit", null)),
                    UnitTreeParser.parseCsv(concat(bom, utf8(HEADER + "a,Ünit,\n"))));
            assertEquals(List.of(row("/0", "a", "A", null)),
                    UnitTreeParser.parseJson(concat(bom, utf8("[{\"id\":\"a\",\"name\":\"A\"}]"))));
        }

        @Test
        void controlCharactersInFieldsAreRejectedWithTheLine() {
            List<UnitImportProblem> problems = csvProblems(HEADER
                    + "a,A,\n"
                    + "b,B\u0000ad,a\n"
                    + "c\u0007,C,a\n"
                    + "d,D,a\u001b\n"
                    + "e,\"E\u007f\",a\n"
                    + "f,\"Tab\tand\nnewline are fine\",a\n");
            assertEquals(List.of("line 3", "line 4", "line 5", "line 6"), locations(problems));
            assertProblem(problems.get(0), "line 3", "name contains a control character (U+0000)");
            assertProblem(problems.get(1), "line 4", "id contains a control character (U+0007)");
            assertProblem(problems.get(2), "line 5", "parent_id contains a control character (U+001B)");
            assertProblem(problems.get(3), "line 6", "name contains a control character (U+007F)");
        }

        @Test
        void controlCharactersInJson() {
            assertOnly(jsonProblems("[{\"id\": \"a\", \"name\": \"A\\u0000\"}]"), "/0",
                    "name contains a control character (U+0000)");
            List<UnitImportProblem> raw = jsonProblems("[{\"id\": \"a\",\n \"name\": \"A\u0001\"}]");
            assertOnly(raw, "line 2", "not valid JSON (line 2, column", "control character");
        }
    }

    // ----------------------------------------------------------------------------------------------------------

    @Nested
    class Csv {

        @Test
        void quotedFieldsCrlfAndNoTrailingNewline() {
            String csv = "id,name,parent_id\r\n"
                    + "r1,\"North, \"\"Upper\"\" Region\",\r\n"
                    + "p1,\"Two\r\nLines\",r1\r\n"
                    + "t1,Team,p1";
            assertEquals(List.of(
                    row("line 2", "r1", "North, \"Upper\" Region", null),
                    row("line 3", "p1", "Two\r\nLines", "r1"),
                    row("line 5", "t1", "Team", "p1")), UnitTreeParser.parseCsv(utf8(csv)));
        }

        @Test
        void blankLinesAreIgnoredAndLocationsArePhysicalLines() {
            String csv = "\n" + HEADER + "\n a , Alpha ,\n   \n\n,,\n\"b\",\"Multi\nline\n name\",a\nc,C,b\n\n";
            assertEquals(List.of(
                    row("line 4", "a", "Alpha", null),
                    row("line 8", "b", "Multi\nline\n name", "a"),
                    row("line 11", "c", "C", "b")), UnitTreeParser.parseCsv(utf8(csv)));
        }

        @Test
        void headerColumnsInAnyOrderAndCase() {
            String csv = " Parent_ID ,NAME,\"Id\"\n,Root,r\nr,Child,c\n";
            assertEquals(List.of(row("line 2", "r", "Root", null), row("line 3", "c", "Child", "r")),
                    UnitTreeParser.parseCsv(utf8(csv)));
        }

        @Test
        void missingColumnIsNamed() {
            assertOnly(csvProblems("id,name\na,A\n"), "line 1", "missing column 'parent_id'");
        }

        @Test
        void unknownAndDuplicateColumnsAreNamed() {
            List<UnitImportProblem> problems = csvProblems("id,name,parent_id,colour\na,A,,red\n");
            assertOnly(problems, "line 1", "unknown column 'colour'", "id, name and parent_id");
            problems = csvProblems("id,Name,NAME\n");
            assertEquals(2, problems.size());
            assertProblem(problems.get(0), "line 1", "column 'NAME' appears more than once");
            assertProblem(problems.get(1), "line 1", "missing column 'parent_id'");
            assertOnly(csvProblems("id,name,parent_id,\n"), "line 1", "column 4 of the header has no name");
        }

        @Test
        void headerlessFileSaysWhatTheHeaderMustBe() {
            assertOnly(csvProblems("north,North Region,\nsouth,South,\n"), "line 1",
                    "the first row must be the header id,name,parent_id", "first column is 'north'");
        }

        @Test
        void rowsMustHaveExactlyThreeFields() {
            List<UnitImportProblem> problems = csvProblems(HEADER + "a,A\nb,Ward 7, Acute,\nc\nd,D,\n");
            assertEquals(List.of("line 2", "line 3", "line 4"), locations(problems));
            assertProblem(problems.get(0), "line 2", "has 2 fields; expected 3");
            assertProblem(problems.get(1), "line 3", "has 4 fields; expected 3", "double quotes");
            assertProblem(problems.get(2), "line 4", "has 1 field; expected 3");
        }

        @Test
        void idRules() {
            String max = "a".repeat(64);
            assertEquals(List.of(row("line 2", max, "Max", null), row("line 3", "A.b_c-9", "Mixed", max)),
                    UnitTreeParser.parseCsv(utf8(HEADER + max + ",Max,\nA.b_c-9,Mixed," + max + "\n")));
            List<UnitImportProblem> problems = csvProblems(HEADER
                    + ",Empty,\n"
                    + "has space,Space,\n"
                    + "café,Accent,\n"
                    + "a/b,Slash,\n"
                    + "a".repeat(65) + ",Long,\n"
                    + "ok,Bad parent,no way\n");
            assertEquals(List.of("line 2", "line 3", "line 4", "line 5", "line 6", "line 7"), locations(problems));
            assertProblem(problems.get(0), "line 2", "id is empty");
            assertProblem(problems.get(1), "line 3", "id 'has space' contains a space");
            assertProblem(problems.get(2), "line 4", "id 'café' contains 'é' (U+00E9)", "letters A-Z");
            assertProblem(problems.get(3), "line 5", "id 'a/b' contains '/'");
            assertProblem(problems.get(4), "line 6", "id '" + "a".repeat(64) + "…' is too long (65 characters; "
                    + "the limit is 64)");
            assertProblem(problems.get(5), "line 7", "parent_id 'no way' contains a space");
        }

        @Test
        void nameRules() {
            String max = "N".repeat(200);
            assertEquals(List.of(row("line 2", "a", max, null)),
                    UnitTreeParser.parseCsv(utf8(HEADER + "a,  " + max + "  ,\n")));
            List<UnitImportProblem> problems = csvProblems(HEADER + "a,,\nb,\"   \",\nc," + "N".repeat(201) + ",\n");
            assertEquals(List.of("line 2", "line 3", "line 4"), locations(problems));
            assertProblem(problems.get(0), "line 2", "name is empty");
            assertProblem(problems.get(1), "line 3", "name is empty");
            assertProblem(problems.get(2), "line 4", "name is too long (201 characters; the limit is 200)");
            assertFalse(problems.get(2).message().contains("NNN"), "a long name is not echoed");
        }

        @Test
        void fieldsAreTrimmed() {
            assertEquals(List.of(row("line 2", "a", "Alpha Team", null), row("line 3", "b", "Beta", "a")),
                    UnitTreeParser.parseCsv(utf8(HEADER + "  a  ,  Alpha Team  ,   \n \"b\" , \" Beta \" , a \n")));
        }

        @Test
        void unterminatedQuoteIsReportedWhereItOpened() {
            List<UnitImportProblem> problems = csvProblems(HEADER
                    + "bad id,A,\n"
                    + "b,\"Unclosed,\n"
                    + "c,C,\n"
                    + "d,D,\n");
            assertEquals(List.of("line 2", "line 3"), locations(problems));
            assertProblem(problems.get(1), "line 3", "quoted field starts on this line", "closing '\"' is missing");
            assertOnly(csvProblems("id,\"name,parent_id\n"), "line 1", "closing '\"' is missing");
        }

        @Test
        void textAfterAClosingQuoteAndStrayQuotes() {
            List<UnitImportProblem> problems = csvProblems(HEADER + "a,\"A\"x,\nb,B\"s,\nc,\"C\" ,\n");
            assertEquals(List.of("line 2", "line 3"), locations(problems));
            assertProblem(problems.get(0), "line 2", "unexpected text after a closing '\"'");
            assertProblem(problems.get(1), "line 3", "a '\"' inside a field that does not start with '\"'");
        }

        @Test
        void everyOffendingLineIsListedAndNothingIsReturned() {
            List<UnitImportProblem> problems = csvProblems(HEADER
                    + "a,A,\n"
                    + "b,,a\n"
                    + "c,C,a\n"
                    + "d d,D,a\n"
                    + "e,E,a,extra\n"
                    + "f,F,a\n");
            assertEquals(List.of("line 3", "line 5", "line 6"), locations(problems));
        }

        @Test
        void oneRowCanHaveSeveralProblems() {
            List<UnitImportProblem> problems = csvProblems(HEADER + "x y,,p q\n");
            assertEquals(3, problems.size());
            assertProblem(problems.get(0), "line 2", "id 'x y'");
            assertProblem(problems.get(1), "line 2", "name is empty");
            assertProblem(problems.get(2), "line 2", "parent_id 'p q'");
        }

        @Test
        void echoedInputIsTruncatedAndControlCharactersAreHidden() {
            String longColumn = "c".repeat(1000);
            UnitImportProblem problem = csvProblems("id,name,parent_id," + longColumn + "\n").get(0);
            assertProblem(problem, "line 1", "'" + "c".repeat(64) + "…'");
            assertFalse(problem.message().contains("c".repeat(65)));
            assertProblem(csvProblems("id,name,parent_id,a\u0001b\u202Ec\n").get(0), "line 1", "'a?b?c'");
        }
    }

    // ----------------------------------------------------------------------------------------------------------

    @Nested
    class Json {

        @Test
        void childGivingADifferentParentIsAnError() {
            String json = """
                    [{"id": "r", "name": "R", "children": [
                      {"id": "a", "name": "A", "parentId": "r"},
                      {"id": "b", "name": "B", "parentId": "elsewhere"},
                      {"id": "c", "name": "C", "parent_id": "a"}
                    ]}]""";
            List<UnitImportProblem> problems = jsonProblems(json);
            assertEquals(List.of("/0/children/1", "/0/children/2"), locations(problems));
            assertProblem(problems.get(0), "/0/children/1", "parentId 'elsewhere' differs from the unit it is "
                    + "nested in ('r')");
            assertProblem(problems.get(1), "/0/children/2", "parent_id 'a' differs", "('r')");
        }

        @Test
        void unknownFieldsAreNamed() {
            List<UnitImportProblem> problems = jsonProblems("""
                    {"units": [{"id": "a", "name": "A"}, {"id": "b", "name": "B", "colour": "red", "Parent": "a"}],
                     "version": 2}""");
            assertEquals(List.of("/", "/units/1", "/units/1"), locations(problems));
            assertProblem(problems.get(0), "/", "unknown field 'version'");
            assertProblem(problems.get(1), "/units/1", "unknown field 'colour'", "id, name, parentId and children");
            assertProblem(problems.get(2), "/units/1", "unknown field 'Parent'");
        }

        @Test
        void malformedJsonGivesLineAndColumnOnly() {
            List<UnitImportProblem> problems = jsonProblems("[{\"id\": \"a\", \"name\": \"A\"},\n"
                    + " {\"id\": \"b\" \"name\": \"B\"}]");
            assertOnly(problems, "line 2", "not valid JSON (line 2, column 13)", "missing comma");
            String echo = "[" + "x".repeat(500) + "]";
            UnitImportProblem problem = jsonProblems(echo).get(0);
            assertProblem(problem, "line 1", "not valid JSON (line 1, column");
            assertFalse(problem.message().contains("xxxx"), problem.message());
        }

        @Test
        void truncatedDuplicateAndTrailingJson() {
            assertOnly(jsonProblems("[{\"id\": \"a\",\n \"name\": \"A\""), "line 2", "ends before the JSON is complete");
            assertOnly(jsonProblems("[{\"id\": \"a\", \"name\": \"A\", \"id\": \"b\"}]"), "line 1",
                    "a field appears twice");
            assertOnly(jsonProblems("[{\"id\": \"a\", \"name\": \"A\"}]\n[]"), "line 2", "more text after the end");
            assertOnly(jsonProblems("[".repeat(5000) + "]".repeat(5000)), "file", "nested too deeply");
        }

        @Test
        void wrongShapes() {
            assertOnly(jsonProblems("\"units\""), "/", "expected a JSON array of units");
            assertOnly(jsonProblems("{\"units\": {\"id\": \"a\"}}"), "/units", "\"units\" must be an array");
            List<UnitImportProblem> top = jsonProblems("{\"unit\": []}");
            assertEquals(2, top.size());
            assertProblem(top.get(0), "/", "unknown field 'unit'");
            assertProblem(top.get(1), "/", "missing \"units\"");
            List<UnitImportProblem> problems = jsonProblems("""
                    [
                      "a",
                      {"id": 7, "name": "Seven"},
                      {"id": "b"},
                      {"id": "c", "name": "C", "parentId": "a", "parent_id": "a"},
                      {"id": "d", "name": "D", "children": {"id": "e"}},
                      {"id": "f", "name": ["F"]}
                    ]""");
            assertEquals(List.of("/0", "/1", "/2", "/3", "/4", "/5"), locations(problems));
            assertProblem(problems.get(0), "/0", "each unit must be a JSON object");
            assertProblem(problems.get(1), "/1", "\"id\" must be a string", "double quotes");
            assertProblem(problems.get(2), "/2", "missing \"name\"");
            assertProblem(problems.get(3), "/3", "either \"parentId\" or \"parent_id\", not both");
            assertProblem(problems.get(4), "/4", "\"children\" must be an array");
            assertProblem(problems.get(5), "/5", "\"name\" must be a string");
        }

        @Test
        void fieldRulesApplyToJsonToo() {
            List<UnitImportProblem> problems = jsonProblems("""
                    [{"id": "a b", "name": "A"}, {"id": "c", "name": "  "}, {"id": "d", "name": "D", "parentId": "x/y"}]
                    """);
            assertEquals(List.of("/0", "/1", "/2"), locations(problems));
            assertProblem(problems.get(0), "/0", "id 'a b' contains a space");
            assertProblem(problems.get(1), "/1", "name is empty");
            assertProblem(problems.get(2), "/2", "parentId 'x/y' contains '/'");
        }
    }

    // ----------------------------------------------------------------------------------------------------------

    @Nested
    class Validate {

        @Test
        void duplicateIdsNameTheFirstLine() {
            List<UnitImportProblem> problems = validateCsvProblems(HEADER
                    + "a,A,\nb,B,a\na,Again,\nc,C,a\na,Third,b\n", Map.of());
            assertEquals(List.of("line 4", "line 6"), locations(problems));
            assertProblem(problems.get(0), "line 4", "id 'a' is already used at line 2");
            assertProblem(problems.get(1), "line 6", "id 'a' is already used at line 2");
        }

        @Test
        void duplicateIdsInJsonNameTheFirstPointer() {
            List<UnitImportProblem> problems = validateProblems(UnitTreeParser.parseJson(utf8(
                    "[{\"id\": \"a\", \"name\": \"A\", \"children\": [{\"id\": \"a\", \"name\": \"A2\"}]}]")),
                    Map.of());
            assertOnly(problems, "/0/children/0", "id 'a' is already used at /0");
        }

        @Test
        void unknownParent() {
            Map<String, String> existing = new HashMap<>();
            existing.put("known", null);
            List<UnitImportProblem> problems = validateCsvProblems(HEADER
                    + "a,A,known\nb,B,a\nc,C,X\nd,D,missing\n", existing);
            assertEquals(List.of("line 4", "line 5"), locations(problems));
            assertProblem(problems.get(0), "line 4", "unknown parent 'X'");
            assertProblem(problems.get(1), "line 5", "unknown parent 'missing'", "neither in this file nor");
        }

        @Test
        void ownParent() {
            assertOnly(validateCsvProblems(HEADER + "a,A,\nb,B,b\n", Map.of()), "line 3", "unit 'b' is its own parent");
        }

        @Test
        void cycleInTheFileIsReportedOnEveryRow() {
            List<UnitImportProblem> problems = validateCsvProblems(HEADER
                    + "root,Root,\na,A,b\nb,B,c\nc,C,a\nd,D,a\n", Map.of());
            assertEquals(List.of("line 3", "line 4", "line 5"), locations(problems));
            assertProblem(problems.get(0), "line 3", "parents form a cycle: a → b → c → a");
            assertProblem(problems.get(1), "line 4", "b → c → a → b");
            assertProblem(problems.get(2), "line 5", "c → a → b → c");
        }

        @Test
        void longCycleIsAbbreviated() {
            List<UnitImportProblem> problems = validateCsvProblems(HEADER
                    + "u1,U,u2\nu2,U,u3\nu3,U,u4\nu4,U,u5\nu5,U,u1\n", Map.of());
            assertEquals(5, problems.size());
            assertProblem(problems.get(0), "line 2", "u1 → u2 → u3 → … → u1 (5 units)");
            assertProblem(problems.get(4), "line 6", "u5 → u1 → u2 → … → u5 (5 units)");
        }

        @Test
        void cycleThroughExistingUnitsInTheMergedTree() {
            Map<String, String> existing = new HashMap<>();
            existing.put("x", null);
            existing.put("y", "x");
            existing.put("z", "y");
            assertOnly(validateCsvProblems(HEADER + "x,X,z\n", existing), "line 2", "x → z → y → x");
        }

        @Test
        void mergeCanReshapeExistingUnitsWithoutACycle() {
            Map<String, String> existing = new HashMap<>();
            existing.put("x", null);
            existing.put("y", "x");
            // y becomes the top and x moves under it: a cycle only if merged wrongly
            assertDoesNotThrow(() -> UnitTreeParser.validate(
                    UnitTreeParser.parseCsv(utf8(HEADER + "x,X,y\ny,Y,\n")), existing));
        }

        @Test
        void depthLimitIsTwelveLevels() {
            assertDoesNotThrow(() -> UnitTreeParser.validate(UnitTreeParser.parseCsv(
                    utf8(chainCsv("c", 12, null))), Map.of()));
            List<UnitImportProblem> problems = validateCsvProblems(chainCsv("c", 14, null), Map.of());
            assertEquals(List.of("line 14", "line 15"), locations(problems));
            assertProblem(problems.get(0), "line 14", "is 13 levels deep; the limit is 12 levels");
            assertProblem(problems.get(1), "line 15", "is 14 levels deep");
        }

        @Test
        void depthCountsExistingAncestors() {
            Map<String, String> existing = new HashMap<>();
            existing.put("e1", null);
            for (int i = 2; i <= 10; i++) {
                existing.put("e" + i, "e" + (i - 1));
            }
            assertDoesNotThrow(() -> UnitTreeParser.validate(UnitTreeParser.parseCsv(
                    utf8(chainCsv("n", 2, "e10"))), existing));
            assertOnly(validateCsvProblems(chainCsv("n", 3, "e10"), existing), "line 4", "is 13 levels deep");
        }

        @Test
        void movingAUnitCannotPushExistingDescendantsTooDeep() {
            Map<String, String> existing = new HashMap<>();
            existing.put("d1", null);
            for (int i = 2; i <= 10; i++) {
                existing.put("d" + i, "d" + (i - 1));
            }
            existing.put("s1", null);
            for (int i = 2; i <= 5; i++) {
                existing.put("s" + i, "s" + (i - 1));
            }
            existing.put("s3b", "s2");
            // s1 moves from level 1 to level 11, so s3/s3b reach 13, s4 14 and s5 15
            assertOnly(validateCsvProblems(HEADER + "s1,S1,d10\n", existing), "line 2",
                    "would put 4 existing units deeper than 12 levels (for example 's5' at level 15)");
        }

        @Test
        void problemsAreListedInFileOrder() {
            List<UnitImportProblem> problems = validateCsvProblems(HEADER
                    + "a,A,a\nb,B,nowhere\nc,C,\nc,C again,\n", Map.of());
            assertEquals(List.of("line 2", "line 3", "line 5"), locations(problems));
        }

        @Test
        void rowsBuiltByHandAreCheckedToo() {
            List<UnitImportProblem> problems = validateProblems(List.of(
                    row("line 2", "bad id", "A", null),
                    row("line 3", "b", "", null),
                    row("line 4", "c", "C", "bad id")), Map.of());
            assertEquals(List.of("line 2", "line 3", "line 4"), locations(problems));
            assertProblem(problems.get(0), "line 2", "id 'bad id' contains a space");
        }
    }

    // ----------------------------------------------------------------------------------------------------------

    @Nested
    class Robustness {

        @Test
        void randomBytesOnlyEverGiveUnitImportException() {
            for (int seed = 0; seed < 500; seed++) {
                byte[] bytes = new byte[1024];
                new Random(seed).nextBytes(bytes);
                assertOnlyImportFailures(bytes, seed);
            }
        }

        @Test
        void randomCsvLikeTextOnlyEverGivesUnitImportException() {
            String[] tokens = {"a", "b", "c", ",", ",", "\"", "\"\"", "\n", "\r\n", "\r", " ", "\t", "id,name,parent_id\n",
                "x.y", "é", "\u0000", "\u202E", "-"};
            for (int seed = 0; seed < 500; seed++) {
                assertOnlyImportFailures(utf8(randomText(new Random(seed), tokens, 300)), seed);
                assertOnlyImportFailures(utf8(HEADER + randomText(new Random(seed), tokens, 300)), seed);
            }
        }

        @Test
        void randomJsonLikeTextOnlyEverGivesUnitImportException() {
            String[] tokens = {"[", "]", "{", "}", ",", ":", "\"id\"", "\"name\"", "\"parentId\"", "\"children\"",
                "\"units\"", "\"a\"", "\"b\"", "\"\"", "null", "1", "true", " ", "\n", "\"\\u0000\""};
            for (int seed = 0; seed < 500; seed++) {
                assertOnlyImportFailures(utf8(randomText(new Random(seed), tokens, 200)), seed);
                assertOnlyImportFailures(utf8("[{\"id\":\"a\",\"name\":\"A\",\"children\":["
                        + randomText(new Random(seed), tokens, 60)), seed);
            }
        }

        private String randomText(Random random, String[] tokens, int count) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < count; i++) {
                text.append(tokens[random.nextInt(tokens.length)]);
            }
            return text.toString();
        }

        private void assertOnlyImportFailures(byte[] bytes, int seed) {
            for (Function<byte[], List<UnitRow>> parser : List.<Function<byte[], List<UnitRow>>>of(
                    UnitTreeParser::parseCsv, UnitTreeParser::parseJson)) {
                try {
                    List<UnitRow> rows = parser.apply(bytes);
                    UnitTreeParser.validate(rows, Map.of());
                } catch (UnitImportException e) {
                    assertFalse(e.problems().isEmpty());
                    assertTrue(e.problems().size() <= 101);
                    e.problems().forEach(p -> {
                        assertSafe(p.message());
                        assertSafe(p.location());
                    });
                } catch (RuntimeException | StackOverflowError e) {
                    fail("seed " + seed + ": expected only UnitImportException but got " + e, e);
                }
            }
        }
    }
}
