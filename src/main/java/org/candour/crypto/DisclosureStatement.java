package org.candour.crypto;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The text of a signed statement of disclosure a reporter can download: that a disclosure was made on a
 * day, through named channels, with a fingerprint only the reporter can tie to the report. Four lines,
 * each ending in a line feed, UTF-8:
 * <pre>
 *   Candour disclosure statement v1
 *   day: YYYY-MM-DD
 *   channels: name1; name2
 *   fingerprint: 64 lower-case hex digits
 * </pre>
 * <pre>
 *   commitment  = HMAC-SHA-256(key = SHA-256("candour/disclosure/v1" ‖ receipt), message = report plaintext)
 *   fingerprint = hex(SHA-256(commitment))
 * </pre>
 * with the receipt in canonical form ({@link ReceiptWords#canonical}) in UTF-8 and the report's exact
 * plaintext bytes. Someone holding the receipt and the report recomputes the fingerprint; to anyone else it
 * is a random-looking value (the HMAC key carries the receipt's 90 bits). The caller signs the text with
 * {@link Ed25519Key} (or {@code publication.Minisign}); this class only makes it.
 */
public final class DisclosureStatement {

    /** The first line, which names the format. */
    public static final String TITLE = "Candour disclosure statement v1";

    private static final byte[] LABEL = "candour/disclosure/v1".getBytes(StandardCharsets.UTF_8);

    private DisclosureStatement() {
    }

    /**
     * The statement's text as in the class comment. IllegalArgumentException for a receipt not in canonical
     * form, a day outside the years 1 to 9999, no channels, or a channel name that is blank, has spaces at
     * either end, or holds a ';' or a control or line-separator character (any of which would make the line
     * ambiguous).
     */
    public static String statement(LocalDate day, List<String> channels, String canonicalReceipt, byte[] reportPlaintext) {
        Objects.requireNonNull(day, "day");
        if (day.getYear() < 1 || day.getYear() > 9999) {
            throw new IllegalArgumentException("the day must fall in the years 1 to 9999");
        }
        if (channels == null || channels.isEmpty()) {
            throw new IllegalArgumentException("a disclosure statement names at least one channel");
        }
        for (String channel : channels) {
            if (channel == null || channel.isBlank() || !channel.equals(channel.strip()) || channel.indexOf(';') >= 0
                    || channel.codePoints().anyMatch(DisclosureStatement::breaksTheLine)) {
                throw new IllegalArgumentException("a channel name must be non-blank text on one line without ';'");
            }
        }
        return TITLE + "\n"
                + "day: " + day + "\n"
                + "channels: " + String.join("; ", channels) + "\n"
                + "fingerprint: " + fingerprint(canonicalReceipt, reportPlaintext) + "\n";
    }

    /** The fingerprint as in the class comment. IllegalArgumentException for a receipt not in canonical form. */
    public static String fingerprint(String canonicalReceipt, byte[] reportPlaintext) {
        byte[] receipt = ReceiptWords.requireCanonical(canonicalReceipt).getBytes(StandardCharsets.UTF_8);
        Objects.requireNonNull(reportPlaintext, "reportPlaintext");
        byte[] keyInput = KeyWrapper.labelled(LABEL, receipt);
        byte[] key = KeyedHash.sha256(keyInput);
        byte[] commitment = KeyedHash.hmacSha256(key, reportPlaintext);
        try {
            return HexFormat.of().formatHex(KeyedHash.sha256(commitment));
        } finally {
            Arrays.fill(receipt, (byte) 0);
            Arrays.fill(keyInput, (byte) 0);
            Arrays.fill(key, (byte) 0);
            Arrays.fill(commitment, (byte) 0);
        }
    }

    private static boolean breaksTheLine(int c) {
        return Character.isISOControl(c) || Character.getType(c) == Character.LINE_SEPARATOR
                || Character.getType(c) == Character.PARAGRAPH_SEPARATOR;
    }
}
