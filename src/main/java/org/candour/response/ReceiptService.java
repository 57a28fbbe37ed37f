package org.candour.response;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.util.List;
import java.util.UUID;
import org.candour.survey.Survey;
import org.candour.survey.SurveyStatus;
import org.candour.web.ProblemException;

/**
 * The public receipt list of a closed survey: every stored response's receipt, sorted (so the list
 * says nothing about arrival), frozen by the database once the survey has closed. A respondent
 * finds their receipt in it to confirm their response was counted; anyone can count it.
 */
@ApplicationScoped
public class ReceiptService {

    @Inject
    EntityManager em;

    /** A survey's published receipts. */
    public record Receipts(String surveyId, String title, int count, List<String> receipts) {
    }

    /** The list as text: one receipt per line, each ending in a newline. */
    public static String text(Receipts r) {
        StringBuilder out = new StringBuilder(r.receipts().size() * 40);
        r.receipts().forEach(x -> out.append(x).append('\n'));
        return out.toString();
    }

    @Transactional(TxType.SUPPORTS)
    @SuppressWarnings("unchecked")
    public Receipts list(UUID surveyId) {
        Survey s = surveyId == null ? null : Survey.findById(surveyId);
        if (s == null || s.status == SurveyStatus.DRAFT) {
            throw ProblemException.notFound("No open or closed survey has that id.");
        }
        if (s.status != SurveyStatus.CLOSED) {
            throw ProblemException.conflict("The receipt list is published when the survey closes, all at once, so "
                    + "that it cannot show who answered when.");
        }
        List<String> receipts = em.createNativeQuery("select receipt from response where survey_id = ?1"
                + " order by receipt collate \"C\"").setParameter(1, s.id).getResultList();
        return new Receipts(s.id.toString(), s.title, receipts.size(), receipts);
    }
}
