package org.candour.publication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.candour.publication.Markup.BulletList;
import org.candour.publication.Markup.Heading;
import org.candour.publication.Markup.Paragraph;
import org.candour.publication.Markup.Run;
import org.junit.jupiter.api.Test;

class MarkupTest {

    private static final Pattern TAG = Pattern.compile("<(/?)([a-z0-9]+)>");
    private static final List<String> ALLOWED = List.of("h3", "p", "ul", "li", "strong", "em");

    private static Run plain(String text) {
        return new Run(text, false, false);
    }

    private static Run bold(String text) {
        return new Run(text, true, false);
    }

    private static Run italic(String text) {
        return new Run(text, false, true);
    }

    /** Every '<' in the HTML opens an allowed tag, and every '&' starts one of the five references. */
    private static void assertOnlyAllowedMarkup(String html) {
        Matcher m = TAG.matcher(html);
        StringBuilder rest = new StringBuilder();
        int last = 0;
        while (m.find()) {
            assertTrue(ALLOWED.contains(m.group(2)), "unexpected tag " + m.group());
            rest.append(html, last, m.start());
            last = m.end();
        }
        rest.append(html.substring(last));
        String text = rest.toString();
        assertFalse(text.contains("<") || text.contains(">") || text.contains("\"") || text.contains("'"),
                "unescaped character in " + text);
        String withoutReferences = text.replaceAll("&(amp|lt|gt|quot|#39);", "");
        assertFalse(withoutReferences.contains("&"), "bare & in " + text);
    }

    @Test
    void scriptIsEscapedText() {
        String html = Markup.toHtml("<script>alert(1)</script>");
        assertEquals("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n", html);
        assertOnlyAllowedMarkup(html);
    }

    @Test
    void attributeBreakoutIsEscapedText() {
        String html = Markup.toHtml("\"><img src=x onerror=alert('x')>");
        assertEquals("<p>&quot;&gt;&lt;img src=x onerror=alert(&#39;x&#39;)&gt;</p>\n", html);
        assertOnlyAllowedMarkup(html);
    }

    @Test
    void noLinksImagesOrRawHtmlSurvive() {
        String source = "[a link](javascript:alert(1)) ![img](x.png) <b>bold</b> &amp; <a href='x'>x</a>\n\n"
                + "## <em>heading</em>\n- <li>item</li>\n- **<strong>x</strong>**";
        String html = Markup.toHtml(source);
        assertOnlyAllowedMarkup(html);
        assertTrue(html.contains("[a link](javascript:alert(1))"), html);
        assertTrue(html.contains("&amp;amp;"), html);
        assertTrue(html.contains("<h3>&lt;em&gt;heading&lt;/em&gt;</h3>"), html);
    }

    @Test
    void boldAndItalic() {
        assertEquals(List.of(new Paragraph(List.of(plain("a "), bold("strong"), plain(" and "), italic("soft"),
                plain(".")))), Markup.parse("a **strong** and *soft*."));
        assertEquals("<p>a <strong>strong</strong> and <em>soft</em>.</p>\n", Markup.toHtml("a **strong** and *soft*."));
    }

    @Test
    void unbalancedStarsStayLiteral() {
        assertEquals(List.of(new Paragraph(List.of(plain("**not closed")))), Markup.parse("**not closed"));
        assertEquals(List.of(new Paragraph(List.of(plain("closed nowhere**")))), Markup.parse("closed nowhere**"));
        assertEquals(List.of(new Paragraph(List.of(plain("*"), italic("one"), plain(" left")))),
                Markup.parse("**one* left"));
        assertEquals(List.of(new Paragraph(List.of(plain("2 * 3 * 4 and a ** b")))),
                Markup.parse("2 * 3 * 4 and a ** b"));
        assertEquals(List.of(new Paragraph(List.of(plain("***")))), Markup.parse("***"));
        String html = Markup.toHtml("**a *b** c* **");
        assertOnlyAllowedMarkup(html);
        assertBalanced(html);
    }

    @Test
    void nestedEmphasis() {
        assertEquals(List.of(new Paragraph(List.of(bold("bold "), new Run("both", true, true), bold(" bold")))),
                Markup.parse("**bold *both* bold**"));
        assertEquals(List.of(new Paragraph(List.of(italic("it "), new Run("both", true, true), italic(" it")))),
                Markup.parse("*it **both** it*"));
        assertEquals(List.of(new Paragraph(List.of(new Run("all", true, true)))), Markup.parse("***all***"));
        assertEquals("<p><strong><em>all</em></strong></p>\n", Markup.toHtml("***all***"));
    }

    @Test
    void headingsParagraphsAndLists() {
        String source = "## What we found\nFirst line\nsecond line.\n\n- one\n- **two**\n  continued\n"
                + "- three\nAfter the list.\n\n\n## Next";
        assertEquals(List.of(
                new Heading(List.of(plain("What we found"))),
                new Paragraph(List.of(plain("First line second line."))),
                new BulletList(List.of(List.of(plain("one")), List.of(bold("two"), plain(" continued")),
                        List.of(plain("three")))),
                new Paragraph(List.of(plain("After the list."))),
                new Heading(List.of(plain("Next")))), Markup.parse(source));
        String html = Markup.toHtml(source);
        assertEquals("<h3>What we found</h3>\n<p>First line second line.</p>\n"
                + "<ul>\n<li>one</li>\n<li><strong>two</strong> continued</li>\n<li>three</li>\n</ul>\n"
                + "<p>After the list.</p>\n<h3>Next</h3>\n", html);
    }

    @Test
    void markersNeedTheirSpace() {
        assertEquals(List.of(new Paragraph(List.of(plain("##not a heading -not an item ###")))),
                Markup.parse("##not a heading\n-not an item\n###"));
        assertEquals(List.of(new Heading(List.of(plain("# three")))), Markup.parse("## # three"));
        assertEquals(List.of(), Markup.parse("## \n- \n\n  \n"));
        assertEquals(List.of(), Markup.parse(null));
        assertEquals("", Markup.toHtml(""));
    }

    @Test
    void crlfAndCrReadAsLineBreaks() {
        List<Markup.Block> lf = Markup.parse("## Head\n\nPara one\ntwo\n\n- a\n- b\n");
        assertEquals(lf, Markup.parse("## Head\r\n\r\nPara one\r\ntwo\r\n\r\n- a\r\n- b\r\n"));
        assertEquals(lf, Markup.parse("## Head\r\rPara one\rtwo\r\r- a\r- b\r"));
        assertFalse(Markup.toHtml("a\r\nb").contains("\r"));
    }

    @Test
    void controlCharactersAreDroppedAndTabsAreSpaces() {
        assertEquals(List.of(new Paragraph(List.of(plain("a b c")))), Markup.parse("a\tb\u0000 \u0007c\u009b"));
    }

    @Test
    void unicodeIsKeptAsIs() {
        String text = "Zoë Ó'Brien: 工会 😀 ŵ";
        assertEquals(List.of(new Paragraph(List.of(plain(text)))), Markup.parse(text));
        assertEquals("<p>Zoë Ó&#39;Brien: 工会 😀 ŵ</p>\n", Markup.toHtml(text));
    }

    @Test
    void validateLength() {
        assertEquals(Optional.empty(), Markup.validate(null));
        assertEquals(Optional.empty(), Markup.validate("x".repeat(Markup.MAX_LENGTH)));
        assertEquals(Optional.empty(), Markup.validate("x\r\n".repeat(Markup.MAX_LENGTH / 2)),
                "a CRLF counts as one character, as a browser's maxlength counts it");
        assertEquals(Optional.empty(), Markup.validate("😀".repeat(Markup.MAX_LENGTH)), "code points, not chars");
        assertEquals(Optional.of("The commentary is 20,001 characters long; the most is 20,000."),
                Markup.validate("x".repeat(Markup.MAX_LENGTH + 1)));
    }

    @Test
    void validateControlCharacters() {
        assertEquals(Optional.empty(), Markup.validate("a\tb\nc\r\nd\re"));
        assertEquals(Optional.of("The commentary has a control character (U+0007) on line 2; only line breaks and "
                + "tabs are allowed."), Markup.validate("fine\r\nbell\u0007"));
        assertTrue(Markup.validate("a\u0000").isPresent());
        assertTrue(Markup.validate("a\u007f").isPresent());
        assertTrue(Markup.validate("a\u0085").isPresent());
        assertFalse(Markup.validate("secret\u0000").get().contains("secret"), "the message never repeats the text");
    }

    @Test
    void hostileInputNeverBreaksTheHtml() {
        StringBuilder source = new StringBuilder();
        String[] pieces = {"*", "**", "***", "<", ">", "&", "\"", "'", "## ", "- ", "\n", "\n\n", "x", " ", "\r",
            "<script>", "😀"};
        Random random = new Random(21);
        for (int round = 0; round < 300; round++) {
            source.setLength(0);
            for (int i = 0; i < 40; i++) {
                source.append(pieces[random.nextInt(pieces.length)]);
            }
            String html = Markup.toHtml(source.toString());
            assertOnlyAllowedMarkup(html);
            assertBalanced(html);
        }
    }

    @Test
    void emphasisTakesLinearTime() {
        // Ten times the longest commentary, in the shapes that make a naive look-back quadratic.
        List<String> sources = List.of("a* ".repeat(66_666), "*".repeat(100_000) + "a* ".repeat(33_333),
                "*a".repeat(100_000), "a*b".repeat(66_666));
        assertTimeout(Duration.ofSeconds(5), () -> sources.forEach(Markup::toHtml));
    }

    private static void assertBalanced(String html) {
        Matcher m = TAG.matcher(html);
        Deque<String> open = new ArrayDeque<>();
        while (m.find()) {
            if (m.group(1).isEmpty()) {
                open.push(m.group(2));
            } else {
                assertEquals(open.pop(), m.group(2), html);
            }
        }
        assertTrue(open.isEmpty(), html);
    }
}
