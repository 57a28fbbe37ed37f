package org.candour.whistleblowing;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.candour.web.InMemoryMultipart;
import org.candour.web.ProblemException;

/**
 * Cleans the files of one form ({@link AttachmentCleaner}), one file at a time on this replica: the worst
 * accepted file needs about 300 MiB while it is cleaned (docs/attachments.md), so two at once would not
 * fit the service's memory. A form waits up to 30 s for its turn, then gets a 503 and nothing is kept.
 */
@ApplicationScoped
public class AttachmentIntake {

    private final Semaphore cleaning = new Semaphore(1, true);

    /** The form's files cleaned, in order: at most {@link Attachments#MAX_FILES}, 25 MiB together. */
    public List<AttachmentCleaner.Cleaned> clean(List<InMemoryMultipart.FilePart> files) {
        if (files.size() > Attachments.MAX_FILES) {
            throw ProblemException.badRequest("file: at most " + Attachments.MAX_FILES + " files at a time.");
        }
        AttachmentCleaner.checkReportTotal(files.stream().mapToLong(f -> f.bytes().length).sum());
        List<AttachmentCleaner.Cleaned> out = new ArrayList<>();
        for (InMemoryMultipart.FilePart f : files) {
            out.add(cleanOne(f));
        }
        return out;
    }

    private AttachmentCleaner.Cleaned cleanOne(InMemoryMultipart.FilePart f) {
        try {
            if (!cleaning.tryAcquire(30, TimeUnit.SECONDS)) {
                throw new ProblemException(503, "Other files are being cleaned just now. Nothing was sent or kept: go"
                        + " back and send the form again in a minute.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(503, "The service is stopping. Nothing was sent or kept: try again shortly.");
        }
        try {
            return AttachmentCleaner.clean(f.fileName(), f.bytes());
        } finally {
            cleaning.release();
        }
    }
}
