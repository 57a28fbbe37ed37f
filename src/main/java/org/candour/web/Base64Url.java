package org.candour.web;

import java.util.Base64;
import java.util.regex.Pattern;

/** Strict base64url (RFC 4648 §5, padding optional) for the public API, with 400s that say which field. */
public final class Base64Url {

    private static final Pattern SHAPE = Pattern.compile("^[A-Za-z0-9_-]*={0,2}$");

    private Base64Url() {
    }

    public static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Decodes {@code value}, or throws 400 naming {@code field}. */
    public static byte[] decode(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw ProblemException.badRequest(field + ": required (base64url).");
        }
        if (value.length() > 16_384 || !SHAPE.matcher(value).matches()) {
            throw ProblemException.badRequest(field + ": not base64url (use A-Z, a-z, 0-9, '-' and '_').");
        }
        try {
            return Base64.getUrlDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(field + ": not valid base64url.");
        }
    }
}
