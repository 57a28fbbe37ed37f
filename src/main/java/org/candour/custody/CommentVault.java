package org.candour.custody;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Comments decrypted on this replica after trustees unlocked a survey, held in memory only (never
 * written to the database, a file or a log) and in random order, without times; each set is tagged
 * with the unlock it came from (its generation), so {@link UnlockService} can tell when it is stale.
 * Gone on restart, when the survey is locked again or its unlock expires.
 */
@ApplicationScoped
public class CommentVault {

    /**
     * One decrypted comment. {@code responseId} lets the results pages count the response's group
     * (unit, demographic band) before showing it; it is never shown.
     */
    public record Comment(UUID responseId, String keyId, String questionId, String text) {
        @Override
        public String toString() {
            return "Comment[" + questionId + ", text=[REDACTED]]";
        }
    }

    private record Held(UUID generation, List<Comment> comments, int unreadable) {
    }

    private final Map<UUID, Held> held = new ConcurrentHashMap<>();

    void put(UUID surveyId, UUID generation, List<Comment> shuffled, int unopened) {
        held.put(surveyId, new Held(generation, List.copyOf(shuffled), unopened));
    }

    /** Sealed answers that did not open at this replica's decryption (altered or damaged), or 0. */
    int unreadable(UUID surveyId) {
        Held h = held.get(surveyId);
        return h == null ? 0 : h.unreadable();
    }

    /** The comments decrypted from this unlock generation, or null when this replica holds none of it. */
    List<Comment> comments(UUID surveyId, UUID generation) {
        Held h = held.get(surveyId);
        return h != null && h.generation().equals(generation) ? h.comments() : null;
    }

    void forget(UUID surveyId) {
        held.remove(surveyId);
    }
}
