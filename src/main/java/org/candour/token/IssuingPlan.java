package org.candour.token;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A survey's issuing plan: each issuing unit (one key each) with the number of invitations it signs
 * for, and the reporting units whose invitations are pooled into it. Published with the key directory
 * so that anyone can see how many invitations stand behind each key, a unit of one included; approved
 * by the survey's trustees before it opens.
 *
 * @param k        the survey's threshold: every key signs for at least k invitations
 * @param keys     the issuing units, in order of unit id (of key id once the survey has opened)
 * @param problems what would stop the survey opening (stranded invitations, none at all); empty once open
 */
public record IssuingPlan(int k, List<Key> keys, List<String> problems) {

    /** A reporting unit whose invitations issue under a key. */
    public record Unit(String unitId, String unitName, int invitations) {
    }

    /**
     * An issuing unit and its key.
     *
     * @param keyId       the key's id, SHA-256 of its public key, once the survey has opened (null before)
     * @param invitations all the invitations the key signs for, its own unit's and those pooled into it
     * @param units       every unit with invitations under this key, in order of unit id
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Key(String keyId, String unitId, String unitName, int invitations, List<Unit> units) {

        /** The key id as people compare it, in groups of four; null before the survey opens. */
        public String fingerprint() {
            return keyId == null ? null : keyId.replaceAll("(.{4})(?!$)", "$1 ");
        }
    }

    /** All the invitations of the plan. */
    public int invitations() {
        return keys.stream().mapToInt(Key::invitations).sum();
    }
}
