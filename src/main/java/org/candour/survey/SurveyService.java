package org.candour.survey;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.candour.account.StaffPrincipal;
import org.candour.org.Organisation;
import org.candour.org.ReportingUnit;
import org.candour.web.Echo;
import org.candour.web.ProblemException;
import org.jboss.logging.Logger;

/** Survey definitions and their lifecycle DRAFT → OPEN → CLOSED. */
@ApplicationScoped
@Transactional
public class SurveyService {

    static final String FROZEN = "This survey is %s: its questions and k threshold are frozen, so that its "
            + "anonymity settings can never be loosened after launch. Create a new survey instead.";
    private static final Logger LOG = Logger.getLogger(SurveyService.class);

    @Inject
    EntityManager em;

    @Inject
    jakarta.enterprise.event.Event<SurveyTransition> transitions;

    @Transactional(TxType.SUPPORTS)
    public Survey get(StaffPrincipal actor, UUID id) {
        Survey s = id == null ? null : Survey.findById(id);
        if (s == null || !actor.mayActFor(s.organisationId)) {
            throw ProblemException.notFound("No such survey.");
        }
        return s;
    }

    public Survey create(Organisation organisation, byte[] definitionJson) {
        SurveyDefinition d = SurveyDefinitionParser.parse(definitionJson);
        Survey s = new Survey();
        s.id = UUID.randomUUID();
        s.organisationId = organisation.id;
        s.title = d.title();
        s.definition = SurveyDefinitionParser.toJson(d);
        s.k = d.k();
        s.status = SurveyStatus.DRAFT;
        s.createdAt = Instant.now();
        s.persist();
        LOG.infof("Survey %s created for organisation %s", s.id, organisation.id);
        return s;
    }

    public Survey createFromTemplate(Organisation organisation, String templateId) {
        if (templateId == null || SurveyTemplates.find(templateId).isEmpty()) {
            throw ProblemException.notFound("No survey template '" + Echo.shorten(templateId) + "'. Known: "
                    + SurveyTemplates.ALL.stream().map(SurveyTemplates.Template::id).toList() + ".");
        }
        return create(organisation, SurveyTemplates.load(templateId));
    }

    /** Replaces a draft's definition (and with it title and k); refused once the survey has opened. */
    public Survey updateDefinition(StaffPrincipal actor, UUID id, byte[] definitionJson) {
        Survey s = locked(actor, id);
        if (s.status != SurveyStatus.DRAFT) {
            throw new ProblemException(409, FROZEN.formatted(describe(s.status)));
        }
        SurveyDefinition d = SurveyDefinitionParser.parse(definitionJson);
        s.title = d.title();
        s.definition = SurveyDefinitionParser.toJson(d);
        s.k = d.k();
        return s;
    }

    public Survey open(StaffPrincipal actor, UUID id) {
        Survey s = locked(actor, id);
        if (s.status != SurveyStatus.DRAFT) {
            throw new ProblemException(409, "This survey is " + describe(s.status)
                    + " already; only a draft can be opened.");
        }
        if (ReportingUnit.count("organisationId", s.organisationId) == 0) {
            throw new ProblemException(409, "Import the organisation's reporting units before opening a survey.");
        }
        transitions.fire(new SurveyTransition(s, SurveyStatus.OPEN));
        s.status = SurveyStatus.OPEN;
        s.openedAt = Instant.now();
        LOG.infof("Survey %s opened", s.id);
        return s;
    }

    public Survey close(StaffPrincipal actor, UUID id) {
        Survey s = locked(actor, id);
        if (s.status != SurveyStatus.OPEN) {
            throw new ProblemException(409, "Only an open survey can be closed; this one is "
                    + describe(s.status) + ".");
        }
        // The survey's gate, exclusively (SurveyGate): spends in flight, which hold it shared, finish
        // first and are flushed below; later ones wait for this commit and then see CLOSED.
        em.createNativeQuery(SurveyGate.CLOSE).setParameter(1, s.id).getResultList();
        transitions.fire(new SurveyTransition(s, SurveyStatus.CLOSED));
        s.status = SurveyStatus.CLOSED;
        s.closedAt = Instant.now();
        LOG.infof("Survey %s closed", s.id);
        return s;
    }

    public void delete(StaffPrincipal actor, UUID id) {
        Survey s = locked(actor, id);
        if (s.status != SurveyStatus.DRAFT) {
            throw new ProblemException(409, "Only a draft can be deleted; this survey is "
                    + describe(s.status) + ".");
        }
        s.delete();
    }

    private static String describe(SurveyStatus status) {
        return status.name().toLowerCase(java.util.Locale.ROOT);
    }

    private Survey locked(StaffPrincipal actor, UUID id) {
        Survey s = get(actor, id);
        em.refresh(s, LockModeType.PESSIMISTIC_WRITE);
        return s;
    }

}
