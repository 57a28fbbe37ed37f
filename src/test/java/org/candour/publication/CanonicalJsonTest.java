package org.candour.publication;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 8785 (JCS) on the RFC's own examples and its refusals. Plain JUnit, no Quarkus. */
class CanonicalJsonTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static String canonical(String json) {
        return new String(CanonicalJson.canonicalize(json), UTF_8);
    }

    private static String canonical(JsonNode json) {
        return new String(CanonicalJson.canonicalize(json), UTF_8);
    }

    @Test
    void rfc8785Section322Sample() {
        String input = """
                {
                  "numbers": [333333333.33333329, 1E30, 4.50,
                              2e-3, 0.000000000000000000000000001],
                  "string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
                  "literals": [null, true, false]
                }
                """;
        String expected = "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";
        assertEquals(expected, canonical(input));
        assertEquals(expected, canonical(expected), "canonical JSON is its own canonical form");
    }

    @Test
    void rfc8785Section323SortsByUtf16CodeUnits() {
        String input = """
                {
                  "\\u20ac": "Euro Sign",
                  "\\r": "Carriage Return",
                  "\\ufb33": "Hebrew Letter Dalet With Dagesh",
                  "1": "One",
                  "\\ud83d\\ude00": "Emoji: Grinning Face",
                  "\\u0080": "Control",
                  "\\u00f6": "Latin Small Letter O With Diaeresis"
                }
                """;
        String expected = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
                + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}";
        assertEquals(expected, canonical(input));
    }

    /** RFC 8785 Appendix B: IEEE 754 bits and the JSON number JCS writes for them. */
    @Test
    void rfc8785AppendixBNumbers() {
        List<String[]> samples = List.of(
                new String[] {"0000000000000000", "0"},
                new String[] {"8000000000000000", "0"},
                new String[] {"0000000000000001", "5e-324"},
                new String[] {"8000000000000001", "-5e-324"},
                new String[] {"7fefffffffffffff", "1.7976931348623157e+308"},
                new String[] {"ffefffffffffffff", "-1.7976931348623157e+308"},
                new String[] {"4340000000000000", "9007199254740992"},
                new String[] {"c340000000000000", "-9007199254740992"},
                new String[] {"4430000000000000", "295147905179352830000"},
                new String[] {"44b52d02c7e14af5", "9.999999999999997e+22"},
                new String[] {"44b52d02c7e14af6", "1e+23"},
                new String[] {"44b52d02c7e14af7", "1.0000000000000001e+23"},
                new String[] {"444b1ae4d6e2ef4e", "999999999999999700000"},
                new String[] {"444b1ae4d6e2ef4f", "999999999999999900000"},
                new String[] {"444b1ae4d6e2ef50", "1e+21"},
                new String[] {"3eb0c6f7a0b5ed8c", "9.999999999999997e-7"},
                new String[] {"3eb0c6f7a0b5ed8d", "0.000001"},
                new String[] {"41b3de4355555553", "333333333.3333332"},
                new String[] {"41b3de4355555554", "333333333.33333325"},
                new String[] {"41b3de4355555555", "333333333.3333333"},
                new String[] {"41b3de4355555556", "333333333.3333334"},
                new String[] {"41b3de4355555557", "333333333.33333343"},
                new String[] {"becbf647612f3696", "-0.0000033333333333333333"},
                new String[] {"43143ff3c1cb0959", "1424953923781206.2"});
        for (String[] s : samples) {
            double d = Double.longBitsToDouble(Long.parseUnsignedLong(s[0], 16));
            assertEquals(Math.abs(d), Math.abs(Double.parseDouble(s[1])), "the sample is transcribed right: " + s[0]);
            assertEquals("[" + s[1] + "]", canonical(NODES.arrayNode().add(d)), s[0]);
            assertEquals(s[1], canonical(NODES.numberNode(d)), s[0] + " alone");
            assertEquals("[" + s[1] + "]", canonical("[" + s[1] + "]"), s[0] + " as text");
        }
        for (String bits : List.of("7fffffffffffffff", "7ff0000000000000", "fff0000000000000")) {
            double notFinite = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
            assertThrows(IllegalArgumentException.class, () -> CanonicalJson.canonicalize(
                    NODES.arrayNode().add(notFinite)), bits);
        }
    }

    @Test
    void numbersAsTheBriefNamesThem() {
        assertEquals("[1e+30,4.5,0.002,0.000001,1e-7,0,0,100,9007199254740992]",
                canonical("[1e+30, 4.50, 2e-3, 0.000001, 1e-7, -0, -0.0, 1E2, 9007199254740993]"));
    }

    @Test
    void jacksonTreesAndTextGiveTheSameBytes() throws Exception {
        ObjectNode tree = NODES.objectNode();
        tree.put("title", "Staff survey 2026");
        tree.put("k", 5);
        tree.put("rate", new BigDecimal("0.860"));
        ArrayNode rows = tree.putArray("rows");
        rows.addObject().put("unit", "Ward 7").put("respondents", 12).putNull("note");
        rows.add(DoubleNode.valueOf(-0.0));
        String expected = "{\"k\":5,\"rate\":0.86,\"rows\":[{\"note\":null,\"respondents\":12,\"unit\":\"Ward 7\"},0],"
                + "\"title\":\"Staff survey 2026\"}";
        assertEquals(expected, canonical(tree));
        assertEquals(expected, canonical(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(tree)));
        assertEquals("\"caf\u00e9 \\u001f \u2028\"", canonical("\"caf\\u00e9 \\u001f \\u2028\""), "a lone string");
        assertEquals("true", canonical(" true "));
        assertEquals("{}", canonical("{ }"));
        assertEquals("[]", canonical(NODES.arrayNode()));
    }

    @Test
    void theOutputIsUtf8() {
        byte[] bytes = CanonicalJson.canonicalize("[\"\\u20ac\\ud83d\\ude00\"]");
        assertEquals("5b22e282acf09f9880225d", HexFormat.of().formatHex(bytes));
    }

    @Test
    void refusesWhatIsNotCanonicalizable() {
        List<String> bad = List.of("", "   ", "[01]", "[1] x", "{\"a\":1,\"a\":2}", "{\"a\":{\"b\":1,\"b\":1}}", "[NaN]",
                "[1e400]", "[-1e400]", "['a']", "[1,]", "{a:1}", "[\"\\ud800\"]", "{\"\\udc00\":1}",
                "[\"\\ude00\\ud83d\"]", "\"\\ud83d\"", "[\"\t\"]", "// comment\n[]",
                "[".repeat(2000) + "]".repeat(2000));
        for (String json : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CanonicalJson.canonicalize(json), json);
            assertFalse(json.length() > 2 && e.getMessage().contains(json), "the message does not quote the input");
        }
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.canonicalize((String) null));
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.canonicalize((JsonNode) null));
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.canonicalize(NODES.missingNode()));
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.canonicalize(
                NODES.objectNode().put("x", Double.NaN)));
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.canonicalize(
                NODES.arrayNode().add(new BigDecimal("1e400"))));
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.canonicalize(
                NODES.objectNode().put("lone", "\udbff")));
    }
}
