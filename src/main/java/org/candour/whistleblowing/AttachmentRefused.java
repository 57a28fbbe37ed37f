package org.candour.whistleblowing;

import org.candour.web.ProblemException;

/**
 * An attachment that {@link AttachmentCleaner} will not take, with the HTTP status a page or API should answer
 * with: 413 for too large (the file, the files of one report together, the pixels of a picture, or what an
 * Office file unpacks to), 415 for a type that is not accepted, 400 for a file that could not be read as what
 * its content says it is. The message is written for the person attaching the file and never quotes the file's
 * content or name. Expected failure: no stack trace; {@code web.ErrorMappers} maps it as any other
 * {@link ProblemException}.
 */
public final class AttachmentRefused extends ProblemException {

    private static final long serialVersionUID = 1L;

    AttachmentRefused(int status, String message) {
        super(status, message);
    }

    static AttachmentRefused tooLarge(String message) {
        return new AttachmentRefused(413, message);
    }

    static AttachmentRefused notAccepted(String message) {
        return new AttachmentRefused(415, message);
    }

    static AttachmentRefused unreadable(String message) {
        return new AttachmentRefused(400, message);
    }
}
