package org.candour.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InvitationCodesTest {

    @Test
    void codesCarryAtLeast128BitsInTypeableGroups() {
        String code = InvitationCodes.generate();
        assertTrue(code.matches("([0-9A-HJKMNP-TV-Z]{4}-){6}[0-9A-HJKMNP-TV-Z]{4}"), code);
        assertTrue(InvitationCodes.LENGTH * 5 >= 128);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(seen.add(InvitationCodes.generate()));
        }
    }

    @Test
    void readingForgivesCaseSeparatorsAndLookalikes() {
        String code = InvitationCodes.generate();
        String canonical = code.replace("-", "");
        assertEquals(canonical, InvitationCodes.normalise(code));
        assertEquals(canonical, InvitationCodes.normalise(code.toLowerCase().replace("-", " ")));
        assertEquals("0000111100001111000011110000", InvitationCodes.normalise("OOOO-IIII-oooo-llll-0000-1111-0000"));
    }

    @Test
    void refusesWhatCannotBeACode() {
        assertNull(InvitationCodes.normalise(null));
        assertNull(InvitationCodes.normalise(""));
        assertNull(InvitationCodes.normalise("ABCD"));
        assertNull(InvitationCodes.normalise(InvitationCodes.generate() + "A"));
        assertNull(InvitationCodes.normalise("UUUU-UUUU-UUUU-UUUU-UUUU-UUUU-UUUU"));
        assertNull(InvitationCodes.normalise("x".repeat(1000)));
        assertNotEquals(InvitationCodes.generate(), InvitationCodes.generate());
    }
}
