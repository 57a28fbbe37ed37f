package org.candour.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Receipt words: the shipped list, generation and canonicalisation. Plain JUnit, no Quarkus. */
class ReceiptWordsTest {

    /** The shipped list must never change once receipts exist; WORDLIST-LICENSE.txt states the same digest. */
    private static final String SHIPPED_SHA256 = "18586c092f641ecd1a471dd6ab35618ab69f0aa7483486424f7caf0996d06259";

    private final ReceiptWords words = ReceiptWords.shipped();

    @Test
    void theShippedListIsAtLeast7000UniqueLowerCaseWordsAndPinned() throws Exception {
        byte[] file;
        try (InputStream in = ReceiptWords.class.getResourceAsStream(ReceiptWords.RESOURCE)) {
            assertNotNull(in, ReceiptWords.RESOURCE);
            file = in.readAllBytes();
        }
        List<String> lines = Arrays.asList(new String(file, StandardCharsets.US_ASCII).split("\n", -1));
        assertEquals("", lines.get(lines.size() - 1), "ends with a newline");
        List<String> list = lines.subList(0, lines.size() - 1);
        assertTrue(list.size() >= 7000, list.size() + " words");
        assertEquals(list.size(), new HashSet<>(list).size(), "no duplicates");
        assertTrue(list.stream().allMatch(w -> w.matches("[a-z]+")), "lower-case ASCII letters only");
        assertEquals(7772, list.size());
        assertEquals(list.size(), words.size());
        assertEquals(SHIPPED_SHA256, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file)));
        assertSame(words, ReceiptWords.shipped());
        try (InputStream licence = ReceiptWords.class.getResourceAsStream("/whistleblowing/WORDLIST-LICENSE.txt")) {
            assertNotNull(licence);
            String text = new String(licence.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(text.contains("CC BY 3.0 US") && text.contains(SHIPPED_SHA256), text);
        }
    }

    @Test
    void aReceiptHoldsAbout90Bits() {
        assertEquals(7 * Math.log(7772) / Math.log(2), words.bits(), 1e-9);
        assertTrue(words.bits() >= 80);
        assertEquals(90.47, words.bits(), 0.01);
    }

    @Test
    void generatedReceiptsAreCanonicalSevenListedWords() {
        for (int i = 0; i < 200; i++) {
            String receipt = words.generate();
            String[] parts = receipt.split(" ", -1);
            assertEquals(ReceiptWords.WORDS, parts.length, receipt);
            assertTrue(Arrays.stream(parts).allMatch(w -> w.matches("[a-z]+")), receipt);
            assertEquals(Optional.of(receipt), words.canonical(receipt));
        }
    }

    @Test
    void tenThousandReceiptsDoNotRepeatAndUseTheWholeList() {
        Set<String> receipts = new HashSet<>();
        Set<String> used = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String receipt = words.generate();
            assertTrue(receipts.add(receipt), "repeated: " + receipt);
            used.addAll(List.of(receipt.split(" ")));
        }
        // 70,000 draws from 7,772 words leave about one word unused; a draw from part of the list would show.
        assertTrue(used.size() > 7700, used.size() + " distinct words");
    }

    @Test
    void canonicalAcceptsTheWaysAReceiptIsWrittenDown() {
        String receipt = words.generate();
        String[] w = receipt.split(" ");
        List<String> typed = List.of(
                receipt.toUpperCase(),
                String.join("-", w),
                String.join(".", w),
                String.join(", ", w),
                String.join("\n", w),
                String.join("\r\n", w),
                String.join(" \t ", w),
                String.join(" - ", w),
                String.join("\u2013", w),
                String.join("\u00A0", w),
                "  " + receipt + ".\n",
                "-" + String.join("--", w) + "-",
                capitalised(w));
        for (String t : typed) {
            assertEquals(Optional.of(receipt), words.canonical(t), t);
        }
    }

    @Test
    void canonicalRefusesAnythingButSevenListedWords() {
        String receipt = words.generate();
        String[] w = receipt.split(" ");
        String six = String.join(" ", Arrays.copyOf(w, 6));
        assertEquals(Optional.empty(), words.canonical(six));
        assertEquals(Optional.empty(), words.canonical(receipt + " " + w[0]));
        assertEquals(Optional.empty(), words.canonical(six + " notaword"));
        assertEquals(Optional.empty(), words.canonical(six + " " + w[6] + "zz"));
        assertEquals(Optional.empty(), words.canonical(String.join("", w)), "words run together");
        assertEquals(Optional.empty(), words.canonical(String.join("_", w)));
        assertEquals(Optional.empty(), words.canonical(String.join("/", w)));
        assertEquals(Optional.empty(), words.canonical(six + " " + w[6] + "1"));
        assertEquals(Optional.empty(), words.canonical(six + " t-shirt"), "hyphenated EFF words were left out");
        assertEquals(Optional.empty(), words.canonical(null));
        assertEquals(Optional.empty(), words.canonical(""));
        assertEquals(Optional.empty(), words.canonical(" - . , \n"));
        assertEquals(Optional.empty(), words.canonical(receipt + " ".repeat(1000)), "overlong input");
    }

    @Test
    void canonicalTakesOnlyAsciiLetters() {
        String six = String.join(" ", IntStream.range(0, 6).mapToObj(i -> "acid").toList());
        assertEquals(Optional.of(six + " karma"), words.canonical(six + " KARMA"));
        // KELVIN SIGN lower-cases to 'k' in Java; it is still not a letter of a receipt.
        assertEquals(Optional.empty(), words.canonical(six + " \u212Aarma"));
        // A Turkish dotted capital I is not 'i'.
        assertEquals(Optional.empty(), words.canonical(six + " \u0130vory"));
    }

    @Test
    void aListTooSmallOrMalformedIsRefused() {
        List<String> small = IntStream.range(0, 2000).mapToObj(ReceiptWordsTest::letters).toList();
        assertThrows(IllegalStateException.class, () -> new ReceiptWords(small));
        List<String> enough = IntStream.range(0, 3000).mapToObj(ReceiptWordsTest::letters).toList();
        assertTrue(new ReceiptWords(enough).bits() >= 80);
        List<String> repeated = new ArrayList<>(enough);
        repeated.set(1, repeated.get(0));
        assertThrows(IllegalStateException.class, () -> new ReceiptWords(repeated));
        List<String> upper = new ArrayList<>(enough);
        upper.set(0, "Abacus");
        assertThrows(IllegalStateException.class, () -> new ReceiptWords(upper));
    }

    @Test
    void requireCanonicalNamesNoWord() {
        String receipt = words.generate();
        assertEquals(receipt, ReceiptWords.requireCanonical(receipt));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReceiptWords.requireCanonical(receipt.toUpperCase()));
        assertTrue(!e.getMessage().toLowerCase().contains(receipt.split(" ")[0]), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReceiptWords.requireCanonical(receipt + " "));
        assertThrows(IllegalArgumentException.class, () -> ReceiptWords.requireCanonical(null));
        assertEquals("ReceiptWords[7772 words, 7 a receipt]", words.toString());
    }

    private static String capitalised(String[] w) {
        return String.join(" ", Arrays.stream(w).map(s -> Character.toUpperCase(s.charAt(0)) + s.substring(1)).toList());
    }

    /** A distinct lower-case word for each n. */
    private static String letters(int n) {
        StringBuilder s = new StringBuilder();
        do {
            s.append((char) ('a' + n % 26));
            n /= 26;
        } while (n > 0);
        return s.toString();
    }
}
