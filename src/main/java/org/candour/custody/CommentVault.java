package org.candour.custody;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Comments decrypted after trustees unlocked a survey, held in memory only (never written to the
 * database, a file or a log) and in random order, without times. Gone on restart or when
 * {@link #forget(UUID) forgotten}; trustees unlock again to bring them back.
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

    private final Map<UUID, List<Comment>> comments = new ConcurrentHashMap<>();
    private final Map<UUID, Integer> unreadable = new ConcurrentHashMap<>();

    void put(UUID surveyId, List<Comment> shuffled, int unopened) {
        unreadable.put(surveyId, unopened);
        comments.put(surveyId, List.copyOf(shuffled));
    }

    /** Sealed answers that did not open at the last unlock (altered or damaged), or 0. */
    public int unreadable(UUID surveyId) {
        return unreadable.getOrDefault(surveyId, 0);
    }

    /** The survey's comments in random order, or null while it is locked. */
    public List<Comment> comments(UUID surveyId) {
        return comments.get(surveyId);
    }

    public boolean unlocked(UUID surveyId) {
        return comments.containsKey(surveyId);
    }

    public void forget(UUID surveyId) {
        comments.remove(surveyId);
        unreadable.remove(surveyId);
    }
}
