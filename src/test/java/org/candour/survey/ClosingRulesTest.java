package org.candour.survey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import org.candour.web.ProblemException;
import org.junit.jupiter.api.Test;

/** The closing-day rules and sentences, without Quarkus. */
class ClosingRulesTest {

    private static final LocalDate TODAY = LocalDate.of(2027, 5, 10);

    private static String refusal(Runnable r) {
        ProblemException e = assertThrows(ProblemException.class, r::run);
        assertEquals(400, e.status());
        return e.getMessage();
    }

    @Test
    void aClosingDayIsFromTodayToAYearAhead() {
        assertEquals(TODAY, ClosingDay.check(TODAY, TODAY));
        assertEquals(LocalDate.of(2028, 5, 10), ClosingDay.check(LocalDate.of(2028, 5, 10), TODAY));
        assertEquals("closesOn: the closing day is today (2027-05-10) or later.",
                refusal(() -> ClosingDay.check(TODAY.minusDays(1), TODAY)));
        assertEquals("closesOn: the closing day is at most a year ahead (2028-05-10).",
                refusal(() -> ClosingDay.check(LocalDate.of(2028, 5, 11), TODAY)));
        assertEquals("closesOn: choose the day the survey closes (YYYY-MM-DD).", refusal(() -> ClosingDay.check(null, TODAY)));
        assertEquals("closesOn: choose the day the survey closes (YYYY-MM-DD).", refusal(() -> ClosingDay.fromForm(" ")));
        assertEquals(LocalDate.of(2027, 5, 12), ClosingDay.parse(" 2027-05-12 "));
        for (String bad : new String[] {"", "12/05/2027", "2027-02-30", "2027-5-1", "tomorrow"}) {
            assertEquals("closesOn: a day as YYYY-MM-DD, such as 2027-05-12.", refusal(() -> ClosingDay.parse(bad)));
        }
    }

    @Test
    void aReasonIsTrimmedOneLineAndTenToFiveHundredCharacters() {
        assertEquals("Ten chars!", ClosingDay.reason("  Ten chars!\t"));
        assertEquals("é".repeat(500), ClosingDay.reason("é".repeat(500)));
        assertEquals("😀".repeat(10), ClosingDay.reason("😀".repeat(10)), "characters, not UTF-16 units");
        assertEquals("reason: say why; it is shown to respondents with the change.", refusal(() -> ClosingDay.reason(null)));
        assertEquals("reason: say why; it is shown to respondents with the change.", refusal(() -> ClosingDay.reason(" \n ")));
        assertEquals("reason: at least 10 characters.", refusal(() -> ClosingDay.reason("  Nine char ".substring(0, 11))));
        assertEquals("reason: at most 500 characters.", refusal(() -> ClosingDay.reason("x".repeat(501))));
        for (String bad : new String[] {"line one\nline two", "tab\tinside it", "bell\u0007 inside it",
                "c1 control \u0085 inside", "line\u2028separator", "right-to-left \u202e override", "isolate \u2067 here"}) {
            assertEquals("reason: one line of text, without control characters.", refusal(() -> ClosingDay.reason(bad)), bad);
        }
    }

    @Test
    void eachChangeReadsAsOneSentence() {
        LocalDate may12 = LocalDate.of(2027, 5, 12);
        LocalDate may19 = LocalDate.of(2027, 5, 19);
        assertEquals("Closing moved from 12 May 2027 to 19 May 2027, on 10 May 2027: more time for nights",
                new ClosingChange(TODAY, ClosingChange.Kind.MOVED, may12, may19, "more time for nights").sentence());
        assertEquals("Closing day set to 19 May 2027, on 10 May 2027: announced at last",
                new ClosingChange(TODAY, ClosingChange.Kind.MOVED, null, may19, "announced at last").sentence());
        assertEquals("Closed early on 10 May 2027, before the announced 12 May 2027: office closing",
                new ClosingChange(TODAY, ClosingChange.Kind.CLOSED_EARLY, may12, TODAY, "office closing").sentence());
        assertEquals("Closed late on 19 May 2027, after the announced 12 May 2027: admin away",
                new ClosingChange(may19, ClosingChange.Kind.CLOSED_LATE, may12, may19, "admin away").sentence());
        assertEquals("1 January 2028", ClosingChange.day(LocalDate.of(2028, 1, 1)));
        assertEquals(ClosingChange.Kind.CLOSED_LATE, ClosingChange.Kind.of("closed late"));
    }

    @Test
    void asJsonAChangeCarriesItsSentence() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper().findAndRegisterModules()
                .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        assertEquals("{\"day\":\"2027-05-10\",\"kind\":\"closing moved\",\"from\":\"2027-05-12\",\"to\":\"2027-05-19\","
                + "\"reason\":\"more time\",\"sentence\":\"Closing moved from 12 May 2027 to 19 May 2027, on 10 May 2027: more time\"}",
                json.writeValueAsString(new ClosingChange(TODAY, ClosingChange.Kind.MOVED, LocalDate.of(2027, 5, 12),
                        LocalDate.of(2027, 5, 19), "more time").json()));
    }
}
