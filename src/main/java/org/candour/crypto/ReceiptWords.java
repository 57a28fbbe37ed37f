package org.candour.crypto;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * Receipts a reporter writes down: {@value #WORDS} words drawn uniformly, with {@link SecureRandom},
 * from a shipped list of at least 7,000 words. With the shipped list (the EFF large wordlist less its
 * four hyphenated words, 7,772 words; see {@code whistleblowing/WORDLIST-LICENSE.txt}) a receipt holds
 * 7 × log2(7,772) ≈ 90.5 bits.
 *
 * <p>The canonical form of a receipt, the one {@link #generate()} gives and every derivation from a
 * receipt ({@link ReceiptKeys}, {@link DisclosureStatement}) takes, is its words in lower case joined by
 * single spaces. {@link #canonical(String)} turns what a reporter types back into it.
 *
 * <p>The list must never lose or change a word once receipts exist, or those receipts no longer
 * {@link #canonical canonicalise}; the test pins its SHA-256. Immutable and thread-safe.
 */
public final class ReceiptWords {

    /** Words in a receipt. */
    public static final int WORDS = 7;
    /** The least entropy a receipt may have; {@link #ReceiptWords(List)} refuses a list that gives less. */
    public static final double MIN_BITS = 80;
    /** The classpath resource of the shipped list: one word a line, lower-case ASCII letters, no repeats. */
    public static final String RESOURCE = "/whistleblowing/wordlist.txt";

    /** Between words: any run of whitespace (with no-break spaces), hyphens and dashes, dots and commas. */
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\u00A0\\u2007\\u202F\\-\\u2010-\\u2015\\u2212.,]+");
    private static final Pattern WORD = Pattern.compile("[a-z]+");
    private static final Pattern TYPED_WORD = Pattern.compile("[A-Za-z]+");
    /** Longer input is not a receipt; refusing it early bounds the work a request can cause. */
    private static final int MAX_TYPED_CHARS = 1000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<String> words;
    private final Set<String> known;

    /** A list of at least {@code 2^(MIN_BITS / WORDS)} distinct lower-case ASCII words, for tests and the loader. */
    ReceiptWords(List<String> words) {
        this.words = List.copyOf(words);
        this.known = Set.copyOf(this.words);
        for (String w : this.words) {
            if (!WORD.matcher(w).matches()) {
                throw new IllegalStateException("a receipt word is lower-case ASCII letters only, not \"" + w + "\"");
            }
        }
        if (known.size() != this.words.size()) {
            throw new IllegalStateException("the receipt word list repeats a word");
        }
        if (bits() < MIN_BITS) {
            throw new IllegalStateException("the receipt word list has " + words.size()
                    + " words, too few for " + MIN_BITS + " bits in " + WORDS + " words");
        }
    }

    /** The shipped list, read from {@value #RESOURCE} once per JVM. */
    public static ReceiptWords shipped() {
        return Shipped.INSTANCE;
    }

    private static final class Shipped {
        static final ReceiptWords INSTANCE = new ReceiptWords(load());

        private static List<String> load() {
            List<String> out = new ArrayList<>(8192);
            try (InputStream in = ReceiptWords.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("receipt word list missing from the classpath: " + RESOURCE);
                }
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (!line.isEmpty()) {
                        out.add(line);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the receipt word list " + RESOURCE, e);
            }
            return out;
        }
    }

    /** How many words the list holds. */
    public int size() {
        return words.size();
    }

    /** The entropy of a receipt: {@code WORDS * log2(size())}, at least {@value #MIN_BITS}. */
    public double bits() {
        return WORDS * Math.log(words.size()) / Math.log(2);
    }

    /** A fresh receipt in canonical form: {@value #WORDS} words drawn uniformly and independently. */
    public String generate() {
        StringJoiner receipt = new StringJoiner(" ");
        for (int i = 0; i < WORDS; i++) {
            receipt.add(words.get(RANDOM.nextInt(words.size())));
        }
        return receipt.toString();
    }

    /**
     * The canonical form of a typed receipt ("w1 w2 ... w7", lower case, single spaces), or empty unless
     * it is exactly {@value #WORDS} words of the list. Letters may be in any case; before, between and
     * after the words any run of spaces, tabs, line breaks, hyphens (and Unicode dashes), dots and commas
     * is accepted. Null, blank and overlong input give empty.
     */
    public Optional<String> canonical(String typed) {
        if (typed == null || typed.length() > MAX_TYPED_CHARS) {
            return Optional.empty();
        }
        String[] parts = SEPARATORS.split(typed, -1);
        StringJoiner receipt = new StringJoiner(" ");
        int count = 0;
        for (String part : parts) {
            if (part.isEmpty()) {
                continue; // separators at the start or the end
            }
            if (++count > WORDS || !TYPED_WORD.matcher(part).matches()) {
                return Optional.empty();
            }
            String word = part.toLowerCase(Locale.ROOT);
            if (!known.contains(word)) {
                return Optional.empty();
            }
            receipt.add(word);
        }
        return count == WORDS ? Optional.of(receipt.toString()) : Optional.empty();
    }

    /** {@code receipt} itself if it is in canonical form, else IllegalArgumentException (naming no word of it). */
    static String requireCanonical(String receipt) {
        if (receipt == null || !shipped().canonical(receipt).map(receipt::equals).orElse(false)) {
            throw new IllegalArgumentException("not a canonical receipt: pass it through ReceiptWords.canonical first");
        }
        return receipt;
    }

    @Override
    public String toString() {
        return "ReceiptWords[" + words.size() + " words, " + WORDS + " a receipt]";
    }
}
