package org.candour.token;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The round a set of waiting claims releases, without Quarkus. */
class RoundSizeTest {

    @Test
    void withEveryClaimAtKARoundIsAllOfThemOnceKWaitAndNoneBefore() {
        assertEquals(0, IssuanceRounds.roundSize(new int[] {}));
        assertEquals(0, IssuanceRounds.roundSize(new int[] {5, 5, 5, 5}));
        assertEquals(5, IssuanceRounds.roundSize(new int[] {5, 5, 5, 5, 5}));
        assertEquals(7, IssuanceRounds.roundSize(new int[] {5, 5, 5, 5, 5, 5, 5}));
    }

    @Test
    void aClaimIsNeverInARoundSmallerThanItsMinimum() {
        assertEquals(1, IssuanceRounds.roundSize(new int[] {1, 5, 5}));
        assertEquals(0, IssuanceRounds.roundSize(new int[] {2, 5, 5}));
        assertEquals(2, IssuanceRounds.roundSize(new int[] {2, 2, 5}));
        assertEquals(3, IssuanceRounds.roundSize(new int[] {2, 3, 3, 5}));
        // Exactly at the boundary: the j-th smallest minimum equal to j is enough.
        assertEquals(4, IssuanceRounds.roundSize(new int[] {4, 4, 4, 4}));
        assertEquals(0, IssuanceRounds.roundSize(new int[] {4, 4, 4}));
        // Those who accept less join a round that reaches what the others wait for.
        assertEquals(6, IssuanceRounds.roundSize(new int[] {1, 2, 5, 5, 5, 6}));
    }
}
