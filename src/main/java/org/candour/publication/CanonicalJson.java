package org.candour.publication;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): one byte string per JSON value, to sign. Object members
 * sorted by the UTF-16 code units of their names, no whitespace, strings with the fewest escapes,
 * numbers as ECMAScript prints an IEEE 754 double ({@code 1E30} becomes {@code 1e+30}, {@code 4.50}
 * {@code 4.5}, {@code -0} {@code 0}), all in UTF-8.
 *
 * <p>The sorting and the number form are those of the library {@code io.github.erdtman:java-json-
 * canonicalization}. Jackson reads and writes the JSON on its way in, which refuses what that library
 * would let through or break on: invalid JSON (such as {@code 01} or trailing text), a property name
 * given twice in one object, and nesting deeper than Jackson's limit (1,000 by default). Also refused:
 * NaN and infinite numbers (including those too large for a double, such as {@code 1e400}) and strings
 * with a lone UTF-16 surrogate, which I-JSON (RFC 7493) forbids and UTF-8 cannot hold. Every refusal
 * is an {@link IllegalArgumentException} whose message does not quote the input. Thread-safe.
 */
public final class CanonicalJson {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // NaN and infinities written bare, so that the canonicalizer refuses them instead of
            // taking them for the strings "NaN" and "Infinity".
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build();

    private CanonicalJson() {
    }

    /** The canonical UTF-8 bytes of the JSON text {@code json} (any JSON value, RFC 8259). */
    public static byte[] canonicalize(String json) {
        if (json == null) {
            throw new IllegalArgumentException("no JSON to canonicalize");
        }
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON (RFC 8259) with each property name once per object");
        }
        if (node == null || node.isMissingNode()) {
            throw new IllegalArgumentException("no JSON to canonicalize");
        }
        return canonicalize(node);
    }

    /** The canonical UTF-8 bytes of {@code json}, for example a tree built with Jackson. */
    public static byte[] canonicalize(JsonNode json) {
        if (json == null || json.isMissingNode()) {
            throw new IllegalArgumentException("no JSON to canonicalize");
        }
        // The library takes an object or an array only: a lone value is canonicalized inside an array,
        // whose canonical form is "[" + the value's + "]".
        boolean lone = !json.isContainerNode();
        String canonical;
        try {
            String text = JSON.writeValueAsString(lone ? JsonNodeFactory.instance.arrayNode().add(json) : json);
            canonical = new JsonCanonicalizer(text).getEncodedString();
        } catch (IOException e) {
            throw new IllegalArgumentException("JSON that RFC 8785 cannot canonicalize: a number that is NaN, "
                    + "infinite or too large, or nesting too deep");
        }
        if (lone) {
            canonical = canonical.substring(1, canonical.length() - 1);
        }
        // A lone UTF-16 surrogate has no UTF-8 form.
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(canonical)) {
            throw new IllegalArgumentException("a string holds a lone UTF-16 surrogate, which I-JSON forbids");
        }
        return canonical.getBytes(StandardCharsets.UTF_8);
    }
}
