package org.candour.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class NumberBinsTest {

    private static List<String> labels(NumberBins b) {
        return b.bins().stream().map(NumberBins.Bin::label).toList();
    }

    private static BigDecimal d(String v) {
        return new BigDecimal(v);
    }

    @Test
    void wholeNumbersGetRoundRangesAndALoneMaxJoinsTheLastRange() {
        NumberBins caseload = NumberBins.of(d("0"), d("200"), true);
        assertEquals(List.of("0 to 49", "50 to 99", "100 to 149", "150 to 200"), labels(caseload));
        assertEquals("r0", caseload.binOf(d("0")));
        assertEquals("r0", caseload.binOf(d("49")));
        assertEquals("r1", caseload.binOf(d("50")));
        assertEquals("r3", caseload.binOf(d("200")));
        assertNull(caseload.binOf(d("201")));
        assertNull(caseload.binOf(d("-1")));

        assertEquals(List.of("0 to 9", "10 to 19", "20 to 29", "30 to 40"), labels(NumberBins.of(d("0"), d("40"), true)));
        assertEquals(List.of("1", "2", "3"), labels(NumberBins.of(d("1"), d("3"), true)), "one value per range");
        assertEquals(List.of("1", "2", "3", "4", "5 to 6"), labels(NumberBins.of(d("1"), d("6"), true)), "never more than five");
        assertEquals(List.of("-10 to -6", "-5 to -1", "0 to 4", "5 to 10"), labels(NumberBins.of(d("-10"), d("10"), true)));
    }

    @Test
    void decimalsGetHalfOpenRangesClosedAtMax() {
        NumberBins b = NumberBins.of(d("0"), d("2"), false);
        assertEquals(List.of("0 to under 0.5", "0.5 to under 1", "1 to under 1.5", "1.5 to 2"), labels(b));
        assertEquals("r0", b.binOf(d("0.49")));
        assertEquals("r1", b.binOf(d("0.5")));
        assertEquals("r3", b.binOf(d("2")));
        assertEquals("r3", b.binOf(d("1.5")));
        assertEquals(5, NumberBins.of(d("0"), d("1"), false).bins().size(), "width 0.2 splits 0..1 in five");
    }

    @Test
    void theRangesDependOnTheBoundsAloneAndNeedBoth() {
        assertEquals(labels(NumberBins.of(d("0"), d("40"), true)), labels(NumberBins.of(d("0.0"), d("4E+1"), true)));
        assertThrows(IllegalArgumentException.class, () -> NumberBins.of(null, d("10"), true));
        assertThrows(IllegalArgumentException.class, () -> NumberBins.of(d("0"), null, true));
        assertThrows(IllegalArgumentException.class, () -> NumberBins.of(d("5"), d("5"), true));
        assertEquals(4, NumberBins.of(d("-1000000000"), d("1000000000"), true).bins().size());
    }
}
