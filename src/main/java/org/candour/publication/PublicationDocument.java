package org.candour.publication;

import java.util.List;

/**
 * What a publication shows, as the public page, its PDF and its signed JSON render it: every figure in
 * it comes from the survey's release ledger (docs/publication.md).
 *
 * @param organisation the organisation's name
 * @param title the publisher's title
 * @param summary the publisher's summary (plain text)
 * @param commentary the publisher's commentary in {@code Markup}'s small subset (never raw HTML)
 * @param publishedOn the day it went public (ISO date), or empty in a preview
 * @param supersedes the title of the publication it corrects, or empty
 * @param address the public page's address, or empty in a preview
 * @param fingerprint the organisation's publication key fingerprint, or empty in a preview
 */
public record PublicationDocument(String organisation, String title, String summary, String commentary,
        String publishedOn, String supersedes, String address, String fingerprint, Methodology methodology,
        List<Question> questions) {

    /**
     * The methodology box.
     *
     * @param rules the release rules in one paragraph
     * @param responseRate as shown, e.g. "86%"
     * @param opened the day the survey opened (ISO date)
     * @param announced the closing day announced when it opened (ISO date), or empty for a survey
     *     opened before closing days were announced
     * @param closed the day it closed (ISO date)
     * @param changes every change after opening, one sentence each ("Closing moved from 12 May to 19 May,
     *     on 10 May: reason")
     */
    public record Methodology(int k, String rules, int invited, int passesIssued, int responses, String responseRate,
            String opened, String announced, String closed, List<String> changes) {
    }

    /** One published question: its text and a row per unit shown, top-down. */
    public record Question(String text, List<Row> rows) {
    }

    /**
     * One unit's figures of a question.
     *
     * @param depth 0 for the organisation, 1 for a region and so on
     * @param respondents the unit's respondents to the question, or null when not shown (fewer than k)
     * @param segments the categories shown and the merged rest, in the question's order (empty when not shown)
     */
    public record Row(String unit, int depth, Integer respondents, List<Segment> segments) {
    }

    /** One bar segment: a category's label (or "Other: a + b") and its count. */
    public record Segment(String label, int count) {
    }
}
