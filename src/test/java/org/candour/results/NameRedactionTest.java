package org.candour.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rules for people's names in {@link Redactor}, one tricky case each. */
class NameRedactionTest {

    private final Redactor redactor = new Redactor(List.of("Leeds North PDU"));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Sarah Jones said we must be efficient.           | [name] said we must be efficient.
            I raised it with Mr Patel and Mrs O'Brien-Hale.  | I raised it with Mr [name] and Mrs [name].
            Dr. Okonkwo left and mr smith took over.         | Dr. [name] left and mr [name] took over.
            Bullied by J. Smith, then by S Patel.            | Bullied by [name], then by [name].
            Sarah's caseload went to Siobhan O'Brien.        | [name]'s caseload went to [name].
            The deputy Anthony Fairweather-Lowe ignores us.  | The deputy [name] ignores us.
            Karen Wojciechowska is new.                      | [name] is new.
            my manager karen smith never replies.            | my manager [name] never replies.
            i spoke to dave about it and priya agreed.       | i spoke to [name] about it and [name] agreed.
            the bullying is from t. harrison, everyone knows.| the bullying is from [name], everyone knows.
            """)
    void namesAreBlanked(String text, String expected) {
        assertEquals(expected, redactor.redact(text));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Will said I was too emotional.                  | [name] said I was too emotional.
            On Tuesdays Will and I share a desk.            | On Tuesdays [name] and I share a desk.
            Grace's caseload was split.                     | [name]'s caseload was split.
            May Thompson raised a grievance.                | [name] raised a grievance.
            Rose in admin knows how things work.            | [name] in admin knows how things work.
            My last one with Chance lasted ten minutes.     | My last one with [name] lasted ten minutes.
            I asked Victoria for a transfer.                | I asked [name] for a transfer.
            Mark's caseload is 72. Mark is off sick.        | [name]'s caseload is 72. [name] is off sick.
            mark and jenny say our numbers are red.         | [name] and [name] say our numbers are red.
            Smith said no, so I asked Wood instead.         | [name] said no, so I asked [name] instead.
            """)
    void namesThatAreAlsoWordsAreBlankedInContext(String text, String expected) {
        assertEquals(expected, redactor.redact(text));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Will anyone read this? I will not hold my breath.
            The inspection in May was the only priority.
            Hope is all we have left, and there is no hope of more staff.
            Grace periods for late reports were removed.
            We moved near Victoria station last year.
            Probation staff in Leeds and Bradford are exhausted.
            Letters go out in English only, even at Christmas.
            Mark the form as urgent and bill the court for the interpreter.
            Staff at the Leeds North PDU office are exhausted.
            By chance the rose garden outside is the only quiet place.
            In Leeds the Hill Street office has no Wood floors, just Green carpet.
            """)
    void wordsThatAreAlsoNamesAreLeftAlone(String text) {
        assertEquals(text.replace("Leeds North PDU", "[unit]"), redactor.redact(text));
    }

    @Test
    void otherRedactionsComeFirstAndNamesAreNotFoundInsideThem() {
        assertEquals("Email [email address] or ask [name] in [unit].",
                redactor.redact("Email sarah.jones@justice.gov.uk or ask Sarah Jones in Leeds North PDU."));
    }
}
