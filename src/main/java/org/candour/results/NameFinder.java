package org.candour.results;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds people's names in free text, offline: a gazetteer of given names and surnames (resources
 * under {@code /names}, see its README) read once per JVM into hash sets, and context rules for the
 * names that are also ordinary words ("Will", "May", "Grace"). Pure Java, one pass over the words;
 * it never logs or throws with the text.
 *
 * <p>A word is taken as (part of) a name when
 * <ul>
 * <li>it follows a title (Mr, Mrs, Ms, Miss, Mx, Dr, Prof, Sir, Dame), whatever it is;
 * <li>it is a capitalised given name or surname that is not also an ordinary English word nor a
 *     place, month or organisation (not-names.txt);
 * <li>it is a given name that is also a word ("Will", "Grace") and capitalised where a word would not
 *     be: inside a sentence, before a surname, in a possessive ("Grace's"), before "said", "told" and
 *     the like, or after a cue such as "manager";
 * <li>it is a lower-case given name that is no English word ("sarah", "dave"), or any given name or
 *     surname after a cue ("my manager karen");
 * <li>it follows a name (or an initial such as "J.") and is a capitalised surname or unknown word:
 *     "Sarah Okafor-Smith", "J. O'Brien".
 * </ul>
 */
final class NameFinder {

    /** A span [start, end) of the text that is a name. */
    record Span(int start, int end) { }

    private static final Pattern WORD = Pattern.compile("\\p{L}+(?:['\u2019\\-]\\p{L}+)*");
    private static final Set<String> TITLES = Set.of("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame");
    /** Words after which a name (in any case) is expected: "my manager sarah", "PO called dave". */
    private static final Set<String> CUES = Set.of("manager", "managers", "spo", "spos", "po", "pso", "colleague",
            "colleagues", "boss", "supervisor", "director", "deputy", "head", "lead", "mentor", "called", "named", "aka",
            "officer", "inspector", "admin", "administrator", "hr", "union", "rep", "steward", "told", "asked",
            "emailed", "messaged", "texted", "rang", "phoned", "cc'd", "with", "and", "by", "from", "to", "like", "thanks");
    /** Cues strong enough to make an ambiguous capitalised or lower-case word after them a name. */
    private static final Set<String> STRONG_CUES = Set.of("manager", "spo", "po", "pso", "colleague", "boss",
            "supervisor", "director", "deputy", "mentor", "called", "named", "aka");
    /** Verbs after which a capitalised ambiguous word before them is a person: "Will said". */
    private static final Set<String> PERSON_VERBS = Set.of("said", "says", "told", "tells", "asked", "asks", "shouted",
            "shouts", "emailed", "messaged", "texted", "rang", "phoned", "replied", "laughed", "screamed", "yelled",
            "refused", "insisted", "claimed", "promised", "threatened", "belittled", "ignored", "humiliated", "bullies",
            "bullied", "undermines", "undermined", "blamed", "blames", "retired", "left", "joined", "keeps", "kept");
    /** Short lower-case words never taken as names even where a rule would: pronouns, articles, auxiliaries. */
    private static final Set<String> FUNCTION_WORDS = Set.of("i", "a", "an", "the", "and", "or", "but", "is", "was",
            "are", "were", "be", "been", "has", "have", "had", "do", "does", "did", "will", "would", "can", "could",
            "may", "might", "must", "shall", "should", "not", "no", "so", "to", "of", "in", "on", "at", "for", "by", "with",
            "he", "she", "they", "we", "you", "it", "his", "her", "their", "our", "my", "me", "him", "them", "us", "who",
            "that", "this", "these", "those", "there", "here", "then", "than", "if", "as", "also", "just", "all", "any",
            "said", "says", "told", "asked", "about", "after", "before", "again", "still", "even", "only", "very");

    /** Lower-case words that are given names in the lists but missing from the word list: "per week". */
    private static final Set<String> LOWER_CASE_WORDS = Set.of("per", "via", "etc", "dev", "rand", "app", "ref",
            "min", "max", "info", "tech", "admin", "uni", "mum", "nan", "bro", "sis");

    private static final class Gazetteer {
        static final Set<String> GIVEN = load("given-names.txt");
        static final Set<String> SURNAMES = load("surnames.txt");
        static final Set<String> COMMON = load("common-words.txt");
        static final Set<String> NOT_NAMES = load("not-names.txt");

        private static Set<String> load(String file) {
            Set<String> out = new HashSet<>(1 << 15);
            try (InputStream in = NameFinder.class.getResourceAsStream("/names/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("name gazetteer resource missing: /names/" + file);
                }
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    String s = line.strip();
                    if (!s.isEmpty() && !s.startsWith("#")) {
                        out.add(s);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not read name gazetteer /names/" + file, e);
            }
            return Set.copyOf(out);
        }
    }

    /** One word of the text, with what the rules need to know of it. */
    private static final class Word {
        final int start;
        final int end;
        final String lower;     // base form, lower case, without a possessive 's
        final int nameEnd;      // end of the name part (before 's)
        final boolean cap;      // Initial capital, not all capitals (or a single capital)
        final boolean allCaps;
        final boolean possessive;
        final boolean sentenceStart;
        final boolean initial;  // a single capital letter (an initial), with or without a full stop
        boolean name;
        boolean blocked;        // inside a span already redacted (unit, e-mail, ...)

        Word(String text, int start, int end, boolean sentenceStart) {
            this.start = start;
            this.sentenceStart = sentenceStart;
            String w = text.substring(start, end).replace('\u2019', '\'');
            boolean poss = false;
            if (w.length() > 3 && (w.endsWith("'s") || w.endsWith("'S"))) {
                w = w.substring(0, w.length() - 2);
                end -= 2;
                poss = true;
            }
            this.end = end;
            this.nameEnd = end;
            this.possessive = poss;
            this.lower = w.toLowerCase(Locale.ROOT);
            char c0 = w.charAt(0);
            boolean upper = Character.isUpperCase(c0);
            boolean all = w.chars().filter(Character::isLetter).allMatch(Character::isUpperCase);
            this.allCaps = all && w.length() > 1;
            this.cap = upper && !allCaps;
            this.initial = w.length() == 1 && upper;
        }
    }

    private NameFinder() {
    }

    /** Loads the gazetteer now rather than on the first comment. */
    static void warm() {
        Gazetteer.GIVEN.size();
    }

    /**
     * The names in {@code text}, as spans; words overlapping {@code taken} (spans already redacted as
     * something else) are neither names nor context.
     */
    static List<Span> find(String text, List<int[]> taken) {
        List<Word> words = words(text, taken);
        int n = words.size();
        for (int i = 0; i < n; i++) {
            Word w = words.get(i);
            if (w.blocked || w.name) {
                continue;
            }
            Word prev = i > 0 ? words.get(i - 1) : null;
            if (TITLES.contains(w.lower) && !w.possessive) {
                titled(words, i + 1, text);
                continue;
            }
            if (w.initial && isInitialBefore(words, i, text)) {
                w.name = true;
                continue;
            }
            if (lowerInitialBefore(words, i, text)) {
                w.name = true;
                words.get(i + 1).name = true;
                continue;
            }
            if (isName(words, i, text)) {
                w.name = true;
            }
        }
        alsoElsewhere(words);
        coordinated(words, text);
        // Extend every name forward over surnames, middle names and initials: "Sarah J. Okafor-Smith".
        for (int i = 0; i + 1 < n; i++) {
            Word w = words.get(i);
            Word next = words.get(i + 1);
            if (w.name && !w.possessive && !next.name && !next.blocked && adjacent(text, w, next)
                    && isSurnameAfter(w, next)) {
                next.name = true;
            }
        }
        List<Span> out = new ArrayList<>();
        for (Word w : words) {
            if (w.name) {
                out.add(new Span(w.start, w.nameEnd));
            }
        }
        return out;
    }

    private static boolean isName(List<Word> words, int i, String text) {
        Word w = words.get(i);
        Word prev = i > 0 ? words.get(i - 1) : null;
        Word next = i + 1 < words.size() ? words.get(i + 1) : null;
        String b = w.lower;
        boolean given = Gazetteer.GIVEN.contains(b);
        boolean surname = Gazetteer.SURNAMES.contains(b) || isGaelicSurname(w);
        if ((!given && !surname) || (FUNCTION_WORDS.contains(b) && !(w.cap && (b.equals("will") || b.equals("may"))))) {
            return false;
        }
        boolean common = Gazetteer.COMMON.contains(b);
        boolean notName = Gazetteer.NOT_NAMES.contains(b);
        boolean afterCue = prev != null && !prev.name && CUES.contains(prev.lower) && adjacent(text, prev, w);
        boolean afterStrongCue = afterCue && STRONG_CUES.contains(prev.lower);
        boolean afterObjectVerb = prev != null && OBJECT_VERBS.contains(prev.lower) && adjacent(text, prev, w);
        boolean surnameNext = next != null && adjacent(text, w, next) && !next.blocked
                && (next.cap || next.initial) && isSurnameLike(next);
        if (w.cap) {
            if (!common && !notName) {
                return true;
            }
            // Before a surname: "May Thompson", and "Big Dave" but not "Hill Street".
            boolean beforeName = surnameNext && (given || !Gazetteer.COMMON.contains(next.lower));
            if (beforeName || afterStrongCue || (afterObjectVerb && given)) {
                return given || !notName;
            }
            if (notName) {
                return false;
            }
            boolean personVerbNext = next != null && PERSON_VERBS.contains(next.lower) && adjacent(text, w, next);
            if (!given) {
                // A surname that is also a word ("Smith said", "asked Wood").
                return personVerbNext || afterObjectVerb;
            }
            // A given name that is also a word ("Will", "Grace", "Hope").
            if (w.possessive || personVerbNext || worksIn(words, i, text)) {
                return true;
            }
            return !w.sentenceStart && !(prev != null && DETERMINERS.contains(prev.lower));
        }
        if (w.allCaps) {
            return given && !common && !notName && b.length() >= 4;
        }
        // Lower case.
        if (b.length() < 3 || notName || LOWER_CASE_WORDS.contains(b)) {
            return false;
        }
        if (afterStrongCue) {
            return !common || (given && surnameNext);
        }
        return given && !common;
    }

    /** Words before which a capitalised word that is also an ordinary word is taken as that word. */
    private static final Set<String> DETERMINERS = Set.of("a", "an", "the", "no", "some", "any", "this", "that",
            "our", "your", "their", "its", "every", "each");
    /** Verbs that take a person as object: "asked Victoria", "told Will". */
    private static final Set<String> OBJECT_VERBS = Set.of("asked", "told", "emailed", "messaged", "texted", "rang",
            "phoned", "thanked", "cc'd", "thank", "ask", "tell", "email", "ring", "phone");
    /** Where someone works, after "in" or "from": "Rose in admin", "Sam from estates". */
    private static final Set<String> WORKPLACES = Set.of("admin", "hr", "reception", "estates", "payroll", "finance",
            "it", "reports", "performance", "facilities", "the");

    /** "Rose in admin", "Sam from estates": a given name, then "in" or "from", then a workplace. */
    private static boolean worksIn(List<Word> words, int i, String text) {
        if (i + 2 >= words.size()) {
            return false;
        }
        Word via = words.get(i + 1);
        Word place = words.get(i + 2);
        return (via.lower.equals("in") || via.lower.equals("from")) && adjacent(text, words.get(i), via)
                && adjacent(text, via, place) && WORKPLACES.contains(place.lower);
    }

    /**
     * A capitalised given name that is also a word, elsewhere in the same text where the rules took it
     * as a name: "Mark's caseload is 72. Mark is off sick now."
     */
    private static void alsoElsewhere(List<Word> words) {
        Set<String> named = new HashSet<>();
        for (Word w : words) {
            if (w.name && w.cap && Gazetteer.GIVEN.contains(w.lower)) {
                named.add(w.lower);
            }
        }
        if (named.isEmpty()) {
            return;
        }
        for (Word w : words) {
            if (!w.name && !w.blocked && w.cap && named.contains(w.lower) && !Gazetteer.NOT_NAMES.contains(w.lower)) {
                w.name = true;
            }
        }
    }

    /** "mark and jenny", "Tom, Will and me": a given name listed with a name is one too. */
    private static void coordinated(List<Word> words, String text) {
        for (int i = 0; i + 2 < words.size(); i++) {
            Word a = words.get(i);
            Word and = words.get(i + 1);
            Word b = words.get(i + 2);
            if (!and.lower.equals("and") || a.blocked || b.blocked || a.name == b.name
                    || !adjacent(text, a, and) || !adjacent(text, and, b)) {
                continue;
            }
            Word other = a.name ? b : a;
            Word known = a.name ? a : b;
            if (Gazetteer.GIVEN.contains(other.lower) && other.cap == known.cap && other.lower.length() >= 3
                    && !FUNCTION_WORDS.contains(other.lower) && !Gazetteer.NOT_NAMES.contains(other.lower)) {
                other.name = true;
            }
        }
    }

    /** Tokens after a title: up to three capitalised words or initials, or one lower-case word. */
    private static void titled(List<Word> words, int from, String text) {
        Word title = words.get(from - 1);
        Word before = title;
        for (int j = from; j < Math.min(words.size(), from + 3); j++) {
            Word w = words.get(j);
            if (w.blocked || !adjacent(text, before, w)) {
                return;
            }
            boolean ok = w.cap || w.initial || w.allCaps
                    || (j == from && !FUNCTION_WORDS.contains(w.lower) && w.lower.length() >= 2);
            if (!ok) {
                return;
            }
            w.name = true;
            if (w.possessive || (!w.cap && !w.initial && !w.allCaps)) {
                return;
            }
            before = w;
        }
    }

    /** "J. Smith", "J Smith", "A. N. Other": a capital letter before a name or another initial. */
    private static boolean isInitialBefore(List<Word> words, int i, String text) {
        Word w = words.get(i);
        if (i + 1 >= words.size()) {
            return false;
        }
        Word next = words.get(i + 1);
        boolean dot = w.end < text.length() && text.charAt(w.end) == '.';
        if ((w.lower.equals("i") || w.lower.equals("a")) && !dot) {
            return false;
        }
        if (!adjacent(text, w, next) || next.blocked) {
            return false;
        }
        if (next.initial) {
            return isInitialBefore(words, i + 1, text);
        }
        return next.cap && isSurnameLike(next) && !Gazetteer.NOT_NAMES.contains(next.lower);
    }

    /** "t. harrison": a lower-case initial with a full stop, then a surname that is no English word. */
    private static boolean lowerInitialBefore(List<Word> words, int i, String text) {
        Word w = words.get(i);
        if (w.lower.length() != 1 || w.cap || i + 1 >= words.size() || w.end + 2 > text.length()
                || text.charAt(w.end) != '.' || text.charAt(w.end + 1) != ' ') {
            return false;
        }
        Word next = words.get(i + 1);
        return next.start == w.end + 2 && !next.blocked && next.lower.length() >= 3
                && Gazetteer.SURNAMES.contains(next.lower) && !Gazetteer.COMMON.contains(next.lower)
                && !Gazetteer.NOT_NAMES.contains(next.lower);
    }

    /** Whether {@code next}, right after a name, continues it. */
    private static boolean isSurnameAfter(Word name, Word next) {
        if (next.initial) {
            return true;
        }
        if (next.cap) {
            // After a capitalised name, a capitalised word is a surname unless it is a place or the like:
            // "Sarah Wojciechowska" is caught though the lists lack her surname.
            return !Gazetteer.NOT_NAMES.contains(next.lower) && !FUNCTION_WORDS.contains(next.lower);
        }
        if (next.allCaps) {
            return isSurnameLike(next);
        }
        // lower case after a lower-case name: "sarah jones", "karen smith"
        return !name.cap && !FUNCTION_WORDS.contains(next.lower) && next.lower.length() >= 3
                && Gazetteer.SURNAMES.contains(next.lower) && !Gazetteer.NOT_NAMES.contains(next.lower)
                && (!Gazetteer.COMMON.contains(next.lower) || TOP_SURNAME_WORDS.contains(next.lower));
    }

    /** Surnames that are also common words, frequent enough to take in lower case after a given name. */
    private static final Set<String> TOP_SURNAME_WORDS = Set.of("smith", "brown", "white", "green", "wood", "hall",
            "king", "baker", "wright", "turner", "hill", "cook", "ward", "young", "walker", "parker", "bell", "price",
            "fisher", "butler", "cooper", "marsh", "mason", "hunter", "fox", "rose", "gill", "shaw", "rice");

    /** A capitalised word that can be a surname: in the lists (but no place or month), or not an English word. */
    private static boolean isSurnameLike(Word w) {
        if (w.initial) {
            return true;
        }
        if (Gazetteer.NOT_NAMES.contains(w.lower) || FUNCTION_WORDS.contains(w.lower)) {
            return false;
        }
        if (Gazetteer.SURNAMES.contains(w.lower) || Gazetteer.GIVEN.contains(w.lower) || isGaelicSurname(w)) {
            return true;
        }
        String[] parts = w.lower.split("-");
        if (parts.length > 1) {
            for (String p : parts) {
                if (Gazetteer.SURNAMES.contains(p) || Gazetteer.GIVEN.contains(p)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static final Pattern GAELIC = Pattern.compile("(?:o'|mc|mac)\\p{L}{2,}.*");

    /** O'Brien, McAllister, MacKay: surnames by their shape. */
    private static boolean isGaelicSurname(Word w) {
        return (w.cap || w.allCaps) && GAELIC.matcher(w.lower).matches() && !w.lower.startsWith("mach");
    }

    /** Only spaces (no punctuation, no line break) between two words, or a full stop after an initial. */
    private static boolean adjacent(String text, Word a, Word b) {
        int from = a.possessive ? a.nameEnd + 2 : a.end;
        for (int k = from; k < b.start; k++) {
            char c = text.charAt(k);
            if (c == '.' && a.initial && k == from) {
                continue;
            }
            if (c != ' ' && c != '\t') {
                return false;
            }
        }
        return b.start - from <= 3;
    }

    private static List<Word> words(String text, List<int[]> taken) {
        List<Word> words = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            Word w = new Word(text, m.start(), m.end(), sentenceStart(text, m.start()));
            for (int[] t : taken) {
                if (t[0] < m.end() && m.start() < t[1]) {
                    w.blocked = true;
                    break;
                }
            }
            words.add(w);
        }
        return words;
    }

    private static boolean sentenceStart(String text, int at) {
        for (int k = at - 1; k >= 0; k--) {
            char c = text.charAt(k);
            if (Character.isWhitespace(c) && c != '\n' && c != '\r') {
                continue;
            }
            if (c == '"' || c == '\'' || c == '\u201c' || c == '(' || c == '-' || c == '*') {
                continue;
            }
            return c == '.' || c == '!' || c == '?' || c == '\n' || c == '\r' || c == ':' || c == ';';
        }
        return true;
    }
}
