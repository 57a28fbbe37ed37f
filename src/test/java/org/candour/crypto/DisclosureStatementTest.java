package org.candour.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The text and fingerprint of a disclosure statement. Plain JUnit, no Quarkus. */
class DisclosureStatementTest {

    private static final String RECEIPT = "abacus cake acid bash karma zoom yelp";
    private static final byte[] REPORT = "My manager asked me to backdate the safety inspections.".getBytes(StandardCharsets.UTF_8);
    private static final LocalDate DAY = LocalDate.of(2027, 3, 4);

    @Test
    void theStatementIsTheDocumentedFourLines() {
        String text = DisclosureStatement.statement(DAY, List.of("Candour", "Health and Safety Executive"), RECEIPT, REPORT);
        assertEquals("Candour disclosure statement v1\n"
                + "day: 2027-03-04\n"
                + "channels: Candour; Health and Safety Executive\n"
                + "fingerprint: " + DisclosureStatement.fingerprint(RECEIPT, REPORT) + "\n", text);
        assertEquals("day: 0999-12-31", DisclosureStatement.statement(LocalDate.of(999, 12, 31), List.of("Candour"),
                RECEIPT, REPORT).split("\n")[1]);
    }

    /** hex(SHA-256(HMAC-SHA-256(SHA-256("candour/disclosure/v1" ‖ receipt), report))), computed apart. */
    @Test
    void theFingerprintIsTheDocumentedCommitment() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] key = sha.digest(("candour/disclosure/v1" + RECEIPT).getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] commitment = mac.doFinal(REPORT);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(commitment));
        assertEquals(expected, DisclosureStatement.fingerprint(RECEIPT, REPORT));
        assertTrue(expected.matches("[0-9a-f]{64}"));
    }

    @Test
    void sameInputsSameFingerprint() {
        assertEquals(DisclosureStatement.fingerprint(RECEIPT, REPORT), DisclosureStatement.fingerprint(RECEIPT, REPORT.clone()));
        assertEquals(DisclosureStatement.statement(DAY, List.of("a"), RECEIPT, REPORT),
                DisclosureStatement.statement(DAY, List.of("a"), RECEIPT, REPORT));
    }

    @Test
    void aOneByteChangeOfTheReportChangesIt() {
        String original = DisclosureStatement.fingerprint(RECEIPT, REPORT);
        Set<String> seen = new HashSet<>(Set.of(original));
        for (int i = 0; i < REPORT.length; i++) {
            byte[] changed = REPORT.clone();
            changed[i] ^= 1;
            assertTrue(seen.add(DisclosureStatement.fingerprint(RECEIPT, changed)), "byte " + i);
        }
        assertTrue(seen.add(DisclosureStatement.fingerprint(RECEIPT, Arrays.copyOf(REPORT, REPORT.length + 1))));
        assertTrue(seen.add(DisclosureStatement.fingerprint(RECEIPT, Arrays.copyOf(REPORT, REPORT.length - 1))));
        assertTrue(seen.add(DisclosureStatement.fingerprint(RECEIPT, new byte[0])));
    }

    @Test
    void aOneByteChangeOfTheReceiptChangesIt() throws IOException {
        Set<String> list = shippedWords();
        String original = DisclosureStatement.fingerprint(RECEIPT, REPORT);
        String[] words = RECEIPT.split(" ");
        int changes = 0;
        for (int w = 0; w < words.length; w++) {
            for (int i = 0; i < words[w].length(); i++) {
                for (char c = 'a'; c <= 'z'; c++) {
                    String other = words[w].substring(0, i) + c + words[w].substring(i + 1);
                    if (!other.equals(words[w]) && list.contains(other)) {
                        String[] changed = words.clone();
                        changed[w] = other;
                        assertNotEquals(original, DisclosureStatement.fingerprint(String.join(" ", changed), REPORT), other);
                        changes++;
                    }
                }
            }
        }
        assertTrue(changes >= 20, changes + " one-letter neighbours tried");
    }

    @Test
    void refusesANonCanonicalReceiptAndAmbiguousChannels() {
        assertThrows(IllegalArgumentException.class, () -> DisclosureStatement.fingerprint(RECEIPT.toUpperCase(), REPORT));
        assertThrows(IllegalArgumentException.class, () -> DisclosureStatement.fingerprint(RECEIPT.replace(' ', '-'), REPORT));
        assertThrows(IllegalArgumentException.class, () -> DisclosureStatement.statement(DAY, List.of("a"), "abacus", REPORT));
        for (List<String> channels : List.of(List.<String>of(), List.of(""), List.of(" "), List.of("a; b"),
                List.of("a\nfingerprint: 00"), List.of(" a"), List.of("a "), List.of("a\u2028b"), List.of("a\tb"))) {
            assertThrows(IllegalArgumentException.class, () -> DisclosureStatement.statement(DAY, channels, RECEIPT, REPORT),
                    channels.toString());
        }
        assertThrows(IllegalArgumentException.class,
                () -> DisclosureStatement.statement(LocalDate.of(10000, 1, 1), List.of("a"), RECEIPT, REPORT));
        assertThrows(IllegalArgumentException.class,
                () -> DisclosureStatement.statement(LocalDate.of(0, 1, 1), List.of("a"), RECEIPT, REPORT));
        assertThrows(NullPointerException.class, () -> DisclosureStatement.fingerprint(RECEIPT, null));
    }

    private static Set<String> shippedWords() throws IOException {
        try (InputStream in = ReceiptWords.class.getResourceAsStream(ReceiptWords.RESOURCE)) {
            return Set.of(new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n"));
        }
    }
}
