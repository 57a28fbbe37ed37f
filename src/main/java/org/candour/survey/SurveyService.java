package org.candour.survey;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import java.time.LocalDate;
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
    /** The reason recorded when the automatic close runs later than the day after the announced day. */
    static final String LATE_AUTOMATIC = "Closed automatically: the automatic close could not run when the announced "
            + "day ended, and ran at its first chance.";
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

    /**
     * Opens a draft, announcing that it closes at the end of {@code closesOn} (today or later, at most a
     * year ahead); with null, {@link ClosingDay#DEFAULT_DAYS} days from today (the admin API's default).
     */
    public Survey open(StaffPrincipal actor, UUID id, LocalDate closesOn) {
        Survey s = locked(actor, id);
        if (s.status != SurveyStatus.DRAFT) {
            throw new ProblemException(409, "This survey is " + describe(s.status)
                    + " already; only a draft can be opened.");
        }
        LocalDate today = today();
        LocalDate day = ClosingDay.check(closesOn == null ? today.plusDays(ClosingDay.DEFAULT_DAYS) : closesOn, today);
        if (ReportingUnit.count("organisationId", s.organisationId) == 0) {
            throw new ProblemException(409, "Import the organisation's reporting units before opening a survey.");
        }
        transitions.fire(new SurveyTransition(s, SurveyStatus.OPEN));
        s.status = SurveyStatus.OPEN;
        s.openedAt = Instant.now();
        s.closesOn = day;
        LOG.infof("Survey %s opened, closing at the end of %s", s.id, day);
        return s;
    }

    /**
     * Closes an open survey now. Closing before or after the announced day needs a reason, recorded as a
     * change in the same transaction; on the announced day none is needed, and one given is not recorded.
     */
    public Survey close(StaffPrincipal actor, UUID id, String reason) {
        Survey s = locked(actor, id);
        if (s.status != SurveyStatus.OPEN) {
            throw new ProblemException(409, "Only an open survey can be closed; this one is "
                    + describe(s.status) + ".");
        }
        LocalDate today = today();
        if (s.closesOn != null && !today.equals(s.closesOn)) {
            boolean early = today.isBefore(s.closesOn);
            String why = ClosingDay.reason(reason);
            record(s, today, early ? ClosingChange.Kind.CLOSED_EARLY : ClosingChange.Kind.CLOSED_LATE, today, why);
        }
        return closeNow(s);
    }

    /**
     * Moves an open survey's closing day to {@code closesOn} (today or later, at most a year ahead),
     * recording the change and the reason in the same transaction.
     */
    public Survey moveClosingDay(StaffPrincipal actor, UUID id, LocalDate closesOn, String reason) {
        Survey s = locked(actor, id);
        if (s.status != SurveyStatus.OPEN) {
            throw new ProblemException(409, "Only an open survey's closing day can be moved; this one is "
                    + describe(s.status) + (s.status == SurveyStatus.DRAFT ? ", and chooses its day when it opens." : "."));
        }
        LocalDate today = today();
        LocalDate day = ClosingDay.check(closesOn, today);
        if (day.equals(s.closesOn)) {
            throw ProblemException.badRequest("closesOn: the survey already closes on " + ClosingChange.day(day) + ".");
        }
        record(s, today, ClosingChange.Kind.MOVED, day, ClosingDay.reason(reason));
        s.closesOn = day;
        LOG.infof("Survey %s: closing day moved to %s", s.id, day);
        return s;
    }

    /**
     * The automatic close ({@link ClosingScheduler}): closes the survey if it is still open and its
     * announced day ended before {@code today} (null: the database's today), the same close as an admin's. Closing later than the day
     * after the announced one (the scheduler could not run sooner) is recorded as closing late. Returns
     * whether it closed the survey; false when another replica or an admin already did.
     */
    public boolean closeAsAnnounced(UUID id, LocalDate day) {
        Survey s = Survey.findById(id);
        if (s == null) {
            return false;
        }
        em.refresh(s, LockModeType.PESSIMISTIC_WRITE);
        LocalDate today = day != null ? day : today();
        if (s.status != SurveyStatus.OPEN || s.closesOn == null || !s.closesOn.isBefore(today)) {
            return false;
        }
        if (today.isAfter(s.closesOn.plusDays(1))) {
            record(s, today, ClosingChange.Kind.CLOSED_LATE, today, LATE_AUTOMATIC);
        }
        closeNow(s);
        return true;
    }

    private Survey closeNow(Survey s) {
        // The survey's gate, exclusively (SurveyGate): spends in flight, which hold it shared, finish
        // first and are flushed below; later ones wait for this commit and then see CLOSED.
        em.createNativeQuery(SurveyGate.CLOSE).setParameter(1, s.id).getResultList();
        transitions.fire(new SurveyTransition(s, SurveyStatus.CLOSED));
        s.status = SurveyStatus.CLOSED;
        s.closedAt = Instant.now();
        LOG.infof("Survey %s closed", s.id);
        return s;
    }

    /**
     * Every change to the survey's closing day since it opened, oldest first: for its pages, and for
     * anything that publishes the survey (each change's {@link ClosingChange#sentence()}).
     */
    @Transactional(TxType.SUPPORTS)
    public List<ClosingChange> changes(UUID surveyId) {
        List<?> rows = em.createNativeQuery("select changed_on, kind, closes_before, closes_after, reason"
                + " from survey_closing_change where survey_id = ?1 order by number").setParameter(1, surveyId)
                .getResultList();
        return rows.stream().map(r -> (Object[]) r).map(r -> new ClosingChange(date(r[0]),
                ClosingChange.Kind.of((String) r[1]), date(r[2]), date(r[3]), (String) r[4])).toList();
    }

    /** What a survey's pages show about its closing day, as of today. */
    @Transactional(TxType.SUPPORTS)
    public Closing closing(Survey s) {
        return new Closing(s.closesOn, changes(s.id), today());
    }

    /**
     * A survey's announced closing day and its changes, with today for the forms: whether closing now
     * is early or late, and the range of days a move may choose.
     */
    public record Closing(LocalDate closesOn, List<ClosingChange> changes, LocalDate today) {

        /** The announced closing day as the pages write it, or null when none was announced. */
        public String announced() {
            return ClosingChange.day(closesOn);
        }

        public boolean closingEarly() {
            return closesOn != null && today.isBefore(closesOn);
        }

        public boolean closingLate() {
            return closesOn != null && today.isAfter(closesOn);
        }

        /** Today, YYYY-MM-DD, the earliest day a form may choose. */
        public String earliest() {
            return today.toString();
        }

        /** YYYY-MM-DD, the latest day a form may choose. */
        public String latest() {
            return ClosingDay.latest(today).toString();
        }

        /** The day a form suggests when opening: {@link ClosingDay#DEFAULT_DAYS} from today. */
        public String suggested() {
            return today.plusDays(ClosingDay.DEFAULT_DAYS).toString();
        }
    }

    /** Appends one change to the survey's closing day; the survey row is locked, so numbers do not collide. */
    private void record(Survey s, LocalDate today, ClosingChange.Kind kind, LocalDate to, String reason) {
        em.createNativeQuery("insert into survey_closing_change (survey_id, number, changed_on, kind, closes_before,"
                + " closes_after, reason) select ?1, coalesce(max(number), 0) + 1, cast(?2 as date), ?3,"
                + " cast(?4 as date), cast(?5 as date), ?6"
                + " from survey_closing_change where survey_id = ?1")
                .setParameter(1, s.id).setParameter(2, today).setParameter(3, kind.label())
                .setParameter(4, s.closesOn).setParameter(5, to).setParameter(6, reason).executeUpdate();
        LOG.infof("Survey %s: %s recorded", s.id, kind.label());
    }

    /** Today as the database has it (the start of this transaction), the day its changes are recorded on. */
    private LocalDate today() {
        return date(em.createNativeQuery("select current_date").getSingleResult());
    }

    private static LocalDate date(Object value) {
        return value == null ? null
                : value instanceof LocalDate d ? d : ((java.sql.Date) value).toLocalDate();
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
