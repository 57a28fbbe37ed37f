package org.candour.bench;

import java.util.Random;

/** Made-up comments for the benchmarks: words in sentences and paragraphs, of an exact length. */
final class CommentText {

    /** Lengths in characters of the free-text answers, by position among the template's text questions. */
    static final int[] LENGTHS = {200, 600, 2000};

    /** Words for the comments: plain workplace English, a few with a typographic apostrophe or accent. */
    private static final String[] WORDS = ("workload caseload manager supervision office visit risk assessment "
            + "report court deadline staff team training support time hours overtime TOIL sickness stress colleague "
            + "senior leaders region safety alarm lone working home visits car parking duty rota cover vacancies "
            + "recruitment agency trainee PQiP PSO SPO probation officer people on probation victims partnership "
            + "police housing accommodation mental health substance misuse programmes unpaid work approved premises "
            + "interview room reception security screens IT system laptop nDelius OASys recording admin paperwork "
            + "meetings emails phone calls travel mileage pay grade progression morale retention burnout wellbeing "
            + "the a an and but or so because when if while after before since until of to in on at for with from "
            + "by about against between into through during without is are was were have has had do does did "
            + "can can’t don’t won’t isn’t wasn’t we’re they’re it’s I we they you our their my your more less "
            + "too very really often never always sometimes every each week month year day evening weekend "
            + "manageable unmanageable fair unfair safe unsafe supported unsupported listened ignored promised "
            + "changed improved worse better cliché résumé café naïve rôle").split(" ");

    private CommentText() {
    }

    /** {@code length} characters (BMP only, so chars are code points), trimmed as the server keeps them. */
    static String of(Random r, int length) {
        StringBuilder sb = new StringBuilder(length + 32);
        boolean sentenceStart = true;
        while (sb.length() < length) {
            String w = WORDS[r.nextInt(WORDS.length)];
            sb.append(sentenceStart ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w);
            sentenceStart = r.nextInt(9) == 0;
            sb.append(sentenceStart ? (r.nextInt(6) == 0 ? ".\n\n" : ". ") : r.nextInt(12) == 0 ? ", " : " ");
        }
        sb.setLength(length);
        if (Character.isWhitespace(sb.charAt(length - 1))) {
            sb.setCharAt(length - 1, '.');
        }
        return sb.toString();
    }
}
