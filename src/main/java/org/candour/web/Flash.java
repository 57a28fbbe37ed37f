package org.candour.web;

/**
 * Notices shown after a redirect. Pages pass a short code in the query string and this turns it
 * into a sentence, so nothing a visitor types is ever echoed back as a notice.
 */
public final class Flash {

    private Flash() {
    }

    public static String message(String code) {
        if (code == null || code.length() > 40) {
            return null;
        }
        if (code.startsWith("imported-")) {
            String[] n = code.substring(9).split("-");
            if (n.length == 3 && code.substring(9).matches("\\d{1,6}-\\d{1,6}-\\d{1,6}")) {
                return "Import done: " + n[0] + " units created, " + n[1] + " updated, " + n[2] + " unchanged.";
            }
            return null;
        }
        return switch (code) {
            case "created" -> "Created.";
            case "saved" -> "Saved.";
            case "unit-added" -> "Unit added.";
            case "unit-updated" -> "Unit saved.";
            case "unit-deleted" -> "Unit deleted.";
            case "opened" -> "The survey is open. Its questions and k threshold are now frozen.";
            case "closed" -> "The survey is closed.";
            case "closing-moved" -> "The closing day is moved. The change and your reason are shown on the survey's pages.";
            case "deleted" -> "Deleted.";
            case "unlocked" -> "The account is unlocked.";
            case "custody-saved" -> "Trustees saved.";
            case "plan-approved" -> "Your approval of the issuing plan is recorded. It counts while the plan stays as you saw it.";
            case "share-presented" -> "Your share is in. The comments unlock when enough trustees have presented theirs.";
            case "comments-unlocked" -> "Unlocked: the comments are decrypted, in memory only.";
            case "published" -> "Published: it is public now, signed, and listed in the publication log.";
            case "sent-for-approval" -> "Sent for approval: another publisher or an admin must approve it before it is public.";
            case "key-rotated" -> "A new publication key is in use, endorsed by the old one and recorded in the publication log.";
            case "reply-sent" -> "Sent to the reporter. They read it when they next open the case with their receipt.";
            case "reply-files-sent" -> "Sent to the reporter with your files. What could identify their author (names,"
                    + " dates, places, comments, hidden parts) was removed from the files before sealing.";
            case "note-added" -> "Note added, for handlers only.";
            case "comments-locked" -> "Locked again: the decrypted comments are gone from memory.";
            default -> null;
        };
    }
}
