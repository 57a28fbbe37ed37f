package org.candour.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {

    private final Redactor redactor = new Redactor(List.of("Leeds North PDU", "Leeds", "Team A", "HR"));

    @Test
    void unitNamesAreReplacedAsWholeWordsLongestFirst() {
        assertEquals("Since the move to [unit] the office in [unit] is worse.",
                redactor.redact("Since the move to Leeds North PDU the office in leeds is worse."));
        assertEquals("Bleedsworth is not a unit; [unit] is.", redactor.redact("Bleedsworth is not a unit; Team A is."));
        assertEquals("HRM stays, as does thr.", redactor.redact("HRM stays, as does thr."), "short names are skipped");
    }

    @Test
    void contactDetailsAndIdentifiersAreReplaced() {
        assertEquals("Write to [email address] or call [phone number].",
                redactor.redact("Write to jo.bloggs@justice.gov.uk or call 0113 496 0000."));
        assertEquals("Mobile [phone number], or [phone number].", redactor.redact("Mobile +44 7700 900123, or 07700-900-123."));
        assertEquals("My NI is [NI number].", redactor.redact("My NI is QQ 12 34 56 C."));
        assertEquals("Office at [postcode], and [postcode].", redactor.redact("Office at LS1 4AP, and sw1a1aa."));
        assertEquals("The [case reference] file, and case [case reference], and [case reference].",
                redactor.redact("The X123456 file, and case ref 44/1234, and PNC 2019/0123456A."));
    }

    @Test
    void ordinaryTextIsLeftAlone() {
        String text = "Caseloads of 45 are too high; 3 of us left in 2024. Supervision is 1 hour a month.";
        assertEquals(text, redactor.redact(text));
    }
}
