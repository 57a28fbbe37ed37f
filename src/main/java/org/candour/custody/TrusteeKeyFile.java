package org.candour.custody;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.candour.web.Base64Url;
import org.candour.web.ProblemException;

/**
 * A trustee's key file: the custody key's public half and its private half sealed under the
 * trustee's passphrase (Argon2id + AES-GCM). JSON, so a trustee can see what they hold:
 * {@code {"format", "keyId", "publicKey", "sealedPrivateKey"}}, binary fields base64url.
 */
public record TrusteeKeyFile(String keyId, byte[] publicKey, byte[] sealedPrivateKey) {

    public static final String FORMAT = "candour-trustee-key/v1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BYTES = 16 * 1024;

    /** What the private key is sealed with, besides the passphrase: binds it to its public key. */
    static byte[] associatedData(String keyId) {
        return (FORMAT + ":" + keyId).getBytes(StandardCharsets.UTF_8);
    }

    public byte[] toJson() {
        ObjectNode o = JSON.createObjectNode().put("format", FORMAT).put("keyId", keyId)
                .put("publicKey", Base64Url.encode(publicKey)).put("sealedPrivateKey", Base64Url.encode(sealedPrivateKey));
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a key file as uploaded; a clear 422 for anything that is not one. */
    public static TrusteeKeyFile parse(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw invalid("keyFile: required: the key file you saved when you registered your custody key.");
        }
        if (bytes.length > MAX_BYTES) {
            throw invalid("keyFile: is " + bytes.length + " bytes; a key file is under 1 KiB. Is this the right file?");
        }
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (IOException e) {
            throw invalid("keyFile: is not JSON. Upload the key file exactly as it was saved.");
        }
        return of(node);
    }

    public static TrusteeKeyFile of(JsonNode node) {
        if (node == null || !node.isObject() || !FORMAT.equals(node.path("format").asText(null))) {
            throw invalid("keyFile: is not a Candour trustee key file (its \"format\" must be \"" + FORMAT + "\").");
        }
        String keyId = node.path("keyId").asText("");
        if (!keyId.matches("[0-9a-f]{64}")) {
            throw invalid("keyFile: its keyId must be 64 lowercase hex characters.");
        }
        byte[] pub = field(node, "publicKey");
        byte[] sealed = field(node, "sealedPrivateKey");
        if (pub.length != 32) {
            throw invalid("keyFile: its publicKey must be 32 bytes.");
        }
        return new TrusteeKeyFile(keyId, pub, sealed);
    }

    private static byte[] field(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v == null || !v.isTextual()) {
            throw invalid("keyFile: \"" + name + "\" is missing.");
        }
        try {
            return Base64Url.decode("keyFile." + name, v.textValue());
        } catch (ProblemException e) {
            throw invalid(e.getMessage());
        }
    }

    private static ProblemException invalid(String message) {
        return new ProblemException(422, message);
    }
}
