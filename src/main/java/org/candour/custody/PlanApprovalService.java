package org.candour.custody;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.candour.account.Role;
import org.candour.account.StaffPrincipal;
import org.candour.crypto.KeyedHash;
import org.candour.survey.Survey;
import org.candour.survey.SurveyService;
import org.candour.survey.SurveyStatus;
import org.candour.survey.SurveyTransition;
import org.candour.token.IssuingPlan;
import org.candour.token.IssuingPlanService;
import org.candour.web.ProblemException;
import org.jboss.logging.Logger;

/**
 * Trustees approve a draft's issuing plan before it opens. An approval is of one plan, named by the
 * SHA-256 of its canonical text ({@link #canonical}): k, the trustees and t, and every issuing unit
 * with the units and invitation counts pooled into it. Invitations added, units renamed or moved, or
 * trustees changed afterwards make another plan, and the old approval no longer counts. A survey with
 * trustees opens only once t of them have approved the plan it opens with.
 */
@ApplicationScoped
@Transactional
public class PlanApprovalService {

    private static final Logger LOG = Logger.getLogger(PlanApprovalService.class);
    static final String FORMAT = "candour-issuing-plan/v1";
    private static final ObjectMapper CANONICAL = new ObjectMapper();

    @Inject
    EntityManager em;

    @Inject
    SurveyService surveys;

    @Inject
    IssuingPlanService plans;

    /**
     * A survey's issuing plan with its digest and who has approved it.
     *
     * @param threshold  t: how many trustees must approve before the survey opens (when it has trustees)
     * @param trustees   the survey's named trustees (usernames); with none, no approval is needed
     * @param canonical  the exact text whose SHA-256 is {@code planDigest}, so anyone can check it
     * @param approvals  trustees (usernames) whose approval is of this very plan
     * @param approved   whether opening may go ahead as far as approvals go
     */
    public record Plan(String surveyId, String status, int k, int threshold, List<String> trustees,
            List<IssuingPlan.Key> keys, int invitations, List<String> problems, String canonical, String planDigest,
            List<String> approvals, boolean approved) {

        /** Whether the given trustee's approval is of this plan. */
        public boolean approvedBy(String username) {
            return approvals.contains(username);
        }
    }

    /** The plan as it stands, for admins of the survey's organisation and its named trustees. */
    @Transactional(TxType.SUPPORTS)
    public Plan view(StaffPrincipal actor, UUID surveyId) {
        Survey s = surveys.get(actor, surveyId);
        List<String> trustees = trustees(s.id);
        if (!actor.roles().contains(Role.ADMIN) && !named(trustees, actor)) {
            throw new ProblemException(403, "Only admins and the survey's named trustees see its issuing plan here.");
        }
        return plan(s, trustees);
    }

    /** Records that a named trustee approves the plan whose digest they name; refused if it has changed. */
    public Plan approve(StaffPrincipal actor, UUID surveyId, String planDigest) {
        Survey s = surveys.get(actor, surveyId);
        em.refresh(s, LockModeType.PESSIMISTIC_WRITE);
        List<String> trustees = trustees(s.id);
        if (!named(trustees, actor)) {
            throw new ProblemException(403, "Only the survey's named trustees approve its issuing plan, and you are "
                    + "not one of them.");
        }
        if (s.status != SurveyStatus.DRAFT) {
            throw new ProblemException(409, "This survey is " + s.status.name().toLowerCase(Locale.ROOT)
                    + ": its issuing plan was fixed when it opened. Only a draft's plan is approved.");
        }
        if (planDigest == null || !planDigest.matches("[0-9a-f]{64}")) {
            throw ProblemException.badRequest("planDigest: the plan's SHA-256 as 64 lower-case hex characters, as "
                    + "GET /api/admin/surveys/{id}/plan gives it.");
        }
        Plan plan = plan(s, trustees);
        if (!plan.problems().isEmpty()) {
            throw new ProblemException(409, "This issuing plan cannot open as it stands, so there is nothing to "
                    + "approve yet.", plan.problems());
        }
        if (!plan.planDigest().equals(planDigest)) {
            throw new ProblemException(409, "planDigest: the issuing plan has changed since you read it (invitations, "
                    + "units or trustees have changed). Read the plan again before approving it.",
                    List.of("The current planDigest is " + plan.planDigest() + "."));
        }
        em.createNativeQuery("insert into issuing_plan_approval (survey_id, account_id, plan_digest) values (?1, ?2, ?3)"
                + " on conflict (survey_id, account_id) do update set plan_digest = excluded.plan_digest")
                .setParameter(1, s.id).setParameter(2, actor.accountId()).setParameter(3, planDigest).executeUpdate();
        LOG.infof("Survey %s: trustee %s approved issuing plan %s", s.id, actor.accountId(), planDigest);
        return plan(s, trustees);
    }

    /** Vetoes opening a survey with trustees until t of them have approved the plan it opens with. */
    void onTransition(@Observes @Priority(3500) SurveyTransition t) {
        if (t.to() != SurveyStatus.OPEN) {
            return;
        }
        Survey s = t.survey();
        List<String> trustees = trustees(s.id);
        if (trustees.isEmpty()) {
            return;
        }
        Plan plan = plan(s, trustees);
        if (!plan.approved()) {
            int have = plan.approvals().size();
            throw new ProblemException(409, "The survey cannot open until its trustees approve its issuing plan.",
                    List.of(s.custodyThreshold + " of " + trustees.size() + " trustees must approve the issuing plan; "
                            + have + (have == 1 ? " has." : " have.")));
        }
    }

    private Plan plan(Survey s, List<String> trustees) {
        IssuingPlan issuing = plans.planned(s);
        String canonical = canonical(s.id, s.custodyThreshold, trustees, issuing);
        String digest = HexFormat.of().formatHex(KeyedHash.sha256(canonical.getBytes(StandardCharsets.UTF_8)));
        List<String> approvals = em.createNativeQuery("select a.username from issuing_plan_approval p join staff_account"
                + " a on a.id = p.account_id where p.survey_id = ?1 and p.plan_digest = ?2 order by a.username",
                String.class).setParameter(1, s.id).setParameter(2, digest).getResultList();
        boolean approved = trustees.isEmpty() || approvals.size() >= s.custodyThreshold;
        return new Plan(s.id.toString(), s.status.name(), s.k, s.custodyThreshold, List.copyOf(trustees), issuing.keys(),
                issuing.invitations(), issuing.problems(), canonical, digest, List.copyOf(approvals), approved);
    }

    /**
     * The plan's canonical text: compact JSON with members in a fixed order, trustees by username and
     * keys and units by unit id, as {@link IssuingPlanService#planned} orders them.
     */
    static String canonical(UUID surveyId, int threshold, List<String> trustees, IssuingPlan plan) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("format", FORMAT);
        out.put("surveyId", surveyId.toString());
        out.put("k", plan.k());
        out.put("threshold", threshold);
        out.put("trustees", trustees);
        out.put("keys", plan.keys().stream().map(key -> {
            Map<String, Object> k = unit(key.unitId(), key.unitName(), key.invitations());
            k.put("units", key.units().stream().map(u -> unit(u.unitId(), u.unitName(), u.invitations())).toList());
            return k;
        }).toList());
        try {
            return CANONICAL.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> unit(String unitId, String unitName, int invitations) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("unitId", unitId);
        m.put("unitName", unitName);
        m.put("invitations", invitations);
        return m;
    }

    /** Usernames are unique and set once, so a trustee is known by theirs. */
    private static boolean named(List<String> trustees, StaffPrincipal actor) {
        return trustees.contains(actor.username());
    }

    /** The survey's named trustees, by username. */
    private List<String> trustees(UUID surveyId) {
        return em.createNativeQuery("select a.username from survey_trustee st join staff_account a"
                + " on a.id = st.account_id where st.survey_id = ?1 order by a.username", String.class)
                .setParameter(1, surveyId).getResultList();
    }
}
