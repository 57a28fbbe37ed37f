package org.candour.token;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * Invitation codes a person can type: 28 characters of Crockford base32 (140 random bits), shown
 * in seven groups of four, e.g. {@code 7QKM-3XHA-P2D9-...}. Reading them back forgives case,
 * spaces and hyphens, and the letters people confuse with digits (O for 0, I and L for 1).
 */
public final class InvitationCodes {

    static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    static final int LENGTH = 28;
    private static final SecureRandom RANDOM = new SecureRandom();

    private InvitationCodes() {
    }

    /** A fresh code, formatted for people. */
    public static String generate() {
        StringBuilder sb = new StringBuilder(LENGTH + LENGTH / 4);
        for (int i = 0; i < LENGTH; i++) {
            if (i > 0 && i % 4 == 0) {
                sb.append('-');
            }
            sb.append(ALPHABET.charAt(RANDOM.nextInt(32)));
        }
        return sb.toString();
    }

    /** The canonical form of a typed code (28 characters, no separators), or null if it cannot be one. */
    public static String normalise(String typed) {
        if (typed == null || typed.length() > 80) {
            return null;
        }
        StringBuilder sb = new StringBuilder(LENGTH);
        for (char c : typed.toUpperCase(Locale.ROOT).toCharArray()) {
            if (c == '-' || c == ' ' || c == '\t') {
                continue;
            }
            char mapped = switch (c) {
                case 'O' -> '0';
                case 'I', 'L' -> '1';
                default -> c;
            };
            if (ALPHABET.indexOf(mapped) < 0) {
                return null;
            }
            sb.append(mapped);
        }
        return sb.length() == LENGTH ? sb.toString() : null;
    }
}
