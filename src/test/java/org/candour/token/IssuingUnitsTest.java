package org.candour.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hand-worked cases and a random check of the issuing-unit rule, no Quarkus. */
class IssuingUnitsTest {

    // region → pdu-a → team-1, team-2 ; region → pdu-b → team-3
    private static final Map<String, String> TREE = new HashMap<>();

    static {
        TREE.put("region", null);
        TREE.put("pdu-a", "region");
        TREE.put("pdu-b", "region");
        TREE.put("team-1", "pdu-a");
        TREE.put("team-2", "pdu-a");
        TREE.put("team-3", "pdu-b");
    }

    @Test
    void unitsReachingKIssueUnderTheirOwnKey() {
        IssuingUnits<String> u = IssuingUnits.compute(TREE, Map.of("team-1", 10, "team-2", 12, "team-3", 10), 10);
        assertEquals(Map.of("team-1", 10, "team-2", 12, "team-3", 10), u.groups());
        assertEquals("team-2", u.issuerOf("team-2"));
        assertTrue(u.stranded().isEmpty());
    }

    @Test
    void aSmallTeamPoolsIntoItsNearestAncestorThatReachesK() {
        IssuingUnits<String> u = IssuingUnits.compute(TREE, Map.of("team-1", 4, "team-2", 7, "team-3", 10), 10);
        // team-1 (4) and team-2 (7) are each below k; together at pdu-a they are 11.
        assertEquals(Map.of("pdu-a", 11, "team-3", 10), u.groups());
        assertEquals("pdu-a", u.issuerOf("team-1"));
        assertEquals("pdu-a", u.issuerOf("team-2"));
        assertEquals("team-3", u.issuerOf("team-3"));
    }

    @Test
    void aSmallTeamBesideALargeOnePoolsWithTheParentsOwnInvitations() {
        IssuingUnits<String> u = IssuingUnits.compute(TREE, Map.of("team-1", 3, "team-2", 15, "pdu-a", 7), 10);
        assertEquals(Map.of("team-2", 15, "pdu-a", 10), u.groups());
        assertEquals("pdu-a", u.issuerOf("team-1"));
    }

    @Test
    void poolingClimbsAsFarAsItMust() {
        IssuingUnits<String> u = IssuingUnits.compute(TREE, Map.of("team-1", 3, "team-3", 4, "region", 3), 10);
        assertEquals(Map.of("region", 10), u.groups());
        assertEquals("region", u.issuerOf("team-1"));
        assertEquals("region", u.issuerOf("team-3"));
    }

    @Test
    void invitationsThatReachNoGroupOfKAreStranded() {
        IssuingUnits<String> u = IssuingUnits.compute(TREE, Map.of("team-1", 12, "team-3", 4), 10);
        assertEquals(Map.of("team-1", 12), u.groups());
        assertEquals(List.of(new IssuingUnits.Stranded<>("region", 4)), u.stranded());
        assertNull(u.issuerOf("team-3"));
    }

    @Test
    void separateTreesAreSeparate() {
        Map<String, String> forest = new HashMap<>(TREE);
        forest.put("wales", null);
        forest.put("cardiff", "wales");
        IssuingUnits<String> u = IssuingUnits.compute(forest, Map.of("team-1", 10, "cardiff", 9), 10);
        assertEquals(List.of(new IssuingUnits.Stranded<>("wales", 9)), u.stranded());
    }

    @Test
    void randomForestsNeverLeaveAGroupBelowKAndLoseNoInvitation() {
        Random random = new Random(20261123);
        for (int round = 0; round < 500; round++) {
            int n = 1 + random.nextInt(40);
            int k = 5 + random.nextInt(10);
            Map<Integer, Integer> parents = new HashMap<>();
            Map<Integer, Integer> invitations = new HashMap<>();
            int total = 0;
            for (int i = 0; i < n; i++) {
                parents.put(i, i == 0 || random.nextInt(6) == 0 ? null : random.nextInt(i));
                if (random.nextBoolean()) {
                    int c = random.nextInt(2 * k);
                    invitations.put(i, c);
                    total += c;
                }
            }
            IssuingUnits<Integer> u = IssuingUnits.compute(parents, invitations, k);
            int grouped = 0;
            for (var g : u.groups().entrySet()) {
                assertTrue(g.getValue() >= k, "group below k in round " + round);
                grouped += g.getValue();
            }
            int strandedCount = u.stranded().stream().mapToInt(IssuingUnits.Stranded::invitations).sum();
            assertEquals(total, grouped + strandedCount, "invitations lost in round " + round);
            for (var s : u.stranded()) {
                assertTrue(s.invitations() > 0 && s.invitations() < k);
            }
            // Every unit with invitations is either stranded or issues under itself or an ancestor.
            for (var e : invitations.entrySet()) {
                Integer issuer = u.issuerOf(e.getKey());
                if (issuer != null && e.getValue() > 0) {
                    Integer a = e.getKey();
                    while (a != null && !a.equals(issuer)) {
                        a = parents.get(a);
                    }
                    assertEquals(issuer, a, "issuer is not an ancestor in round " + round);
                }
            }
        }
    }

    @Test
    void aGroupOfExactlyKIssuesAndKMinusOneIsStranded() {
        for (int n : new int[] {9, 10, 11}) {
            IssuingUnits<String> u = IssuingUnits.compute(TREE, Map.of("team-3", n), 10);
            if (n >= 10) {
                assertEquals(Map.of("team-3", n), u.groups(), "team of " + n);
                assertEquals("team-3", u.issuerOf("team-3"));
                assertTrue(u.stranded().isEmpty());
            } else {
                assertEquals(Map.of(), u.groups(), "team of " + n);
                assertNull(u.issuerOf("team-3"));
                assertEquals(List.of(new IssuingUnits.Stranded<>("region", n)), u.stranded());
            }
        }
    }

    @Test
    void kBelowOneIsRefused() {
        for (int k : new int[] {0, -1, Integer.MIN_VALUE}) {
            assertThrows(IllegalArgumentException.class, () -> IssuingUnits.compute(TREE, Map.of("team-1", 3), k),
                    "k = " + k);
        }
        // k = 1, the least allowed: every unit with an invitation issues under its own key.
        assertEquals(Map.of("team-1", 1), IssuingUnits.compute(TREE, Map.of("team-1", 1), 1).groups());
    }

    @Test
    void aUnitWithAnUnknownParentIsRefusedByName() {
        Map<String, String> orphan = new HashMap<>(TREE);
        orphan.put("lost", "gone");
        orphan.put("below-lost", "lost");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IssuingUnits.compute(orphan, Map.of("team-1", 10, "below-lost", 10), 10));
        assertTrue(e.getMessage().contains("lost") && e.getMessage().contains("gone"), e.getMessage());
    }

    @Test
    void unitsWhoseParentsFormACycleAreRefusedByName() {
        // x and y name each other, z hangs below them: none is under a root, so none would get an
        // issuer, and none would be reported as stranded.
        Map<String, String> loop = new HashMap<>(TREE);
        loop.put("x", "y");
        loop.put("y", "x");
        loop.put("z", "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IssuingUnits.compute(loop, Map.of("team-1", 10, "z", 4), 10));
        assertTrue(e.getMessage().contains("cycle") && e.getMessage().matches("unit [xyz] .*"), e.getMessage());
        Map<String, String> self = new HashMap<>(TREE);
        self.put("s", "s");
        assertThrows(IllegalArgumentException.class, () -> IssuingUnits.compute(self, Map.of(), 10));
    }
}
