package org.candour.token;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.candour.account.StaffPrincipal;
import org.candour.org.ReportingUnit;
import org.candour.survey.Survey;
import org.candour.survey.SurveyService;
import org.candour.survey.SurveyStatus;
import org.candour.web.Echo;
import org.candour.web.ProblemException;
import org.jboss.logging.Logger;

/** Generates invitations for a draft survey, per reporting unit, and previews how they will issue. */
@ApplicationScoped
@Transactional
public class InvitationService {

    private static final Logger LOG = Logger.getLogger(InvitationService.class);

    @Inject
    SurveyService surveys;

    @Inject
    TokenCrypto.CodeHash codeHash;

    @Inject
    TokenConfig config;

    @Inject
    EntityManager em;

    /** Codes for one unit, returned once and stored only as keyed hashes. */
    public record Generated(String unitId, String unitName, List<String> codes) {
    }

    /** A unit's invitations and the unit whose key will issue for them (null: stranded below k). */
    public record UnitRow(String unitId, String unitName, int invitations, String issuingUnitId) {
    }

    /** Every unit of the survey's organisation with its invitations, and what would block opening. */
    public record Preview(List<UnitRow> units, int total, List<String> problems) {
    }

    public Generated generate(StaffPrincipal actor, UUID surveyId, String unitExternalId, int count) {
        Survey s = surveys.get(actor, surveyId);
        if (s.status != SurveyStatus.DRAFT) {
            throw new ProblemException(409, "Invitations can only be added while the survey is a draft: the groups "
                    + "that keep respondents anonymous are fixed when it opens.");
        }
        if (count < 1 || count > config.maxInvitationsPerRequest()) {
            throw ProblemException.badRequest("count: between 1 and " + config.maxInvitationsPerRequest() + ".");
        }
        ReportingUnit unit = unitExternalId == null ? null
                : ReportingUnit.find("organisationId = ?1 and externalId = ?2", s.organisationId, unitExternalId.trim())
                        .firstResult();
        if (unit == null) {
            throw ProblemException.badRequest("unitId: no unit '" + Echo.shorten(unitExternalId) + "' in this organisation.");
        }
        List<String> codes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String code = InvitationCodes.generate();
            Invitation inv = new Invitation();
            inv.codeHash = hash(InvitationCodes.normalise(code));
            inv.surveyId = s.id;
            inv.unitId = unit.id;
            inv.persist();
            codes.add(code);
        }
        LOG.infof("Generated %d invitations for survey %s", count, s.id);
        return new Generated(unit.externalId, unit.name, codes);
    }

    @Transactional(TxType.SUPPORTS)
    public Preview preview(StaffPrincipal actor, UUID surveyId) {
        Survey s = surveys.get(actor, surveyId);
        Grouping g = grouping(s);
        List<UnitRow> rows = new ArrayList<>();
        int total = 0;
        for (ReportingUnit u : g.units()) {
            int n = g.counts().getOrDefault(u.id, 0);
            total += n;
            UUID issuer = g.issuing().issuerOf(u.id);
            rows.add(new UnitRow(u.externalId, u.name, n, issuer == null ? null : g.byId().get(issuer).externalId));
        }
        return new Preview(rows, total, problems(g));
    }

    /** The survey's units, invitation counts and issuing units as they stand. */
    record Grouping(List<ReportingUnit> units, Map<UUID, ReportingUnit> byId, Map<UUID, Integer> counts,
            IssuingUnits<UUID> issuing) {
    }

    Grouping grouping(Survey s) {
        List<ReportingUnit> units = ReportingUnit.ofOrganisation(s.organisationId);
        Map<UUID, UUID> parents = new HashMap<>();
        Map<UUID, ReportingUnit> byId = new HashMap<>();
        for (ReportingUnit u : units) {
            parents.put(u.id, u.parentId);
            byId.put(u.id, u);
        }
        Map<UUID, Integer> counts = new HashMap<>();
        List<Object[]> rows = em.createQuery(
                "select i.unitId, count(i) from Invitation i where i.surveyId = ?1 group by i.unitId", Object[].class)
                .setParameter(1, s.id).getResultList();
        for (Object[] r : rows) {
            counts.put((UUID) r[0], ((Number) r[1]).intValue());
        }
        return new Grouping(units, byId, counts, IssuingUnits.compute(parents, counts, s.k));
    }

    static List<String> problems(Grouping g) {
        List<String> problems = new ArrayList<>();
        if (g.counts().isEmpty()) {
            problems.add("The survey has no invitations yet. Generate them for its units first.");
        }
        for (IssuingUnits.Stranded<UUID> st : g.issuing().stranded()) {
            problems.add(st.invitations() + " invitation(s) under '" + g.byId().get(st.root()).name
                    + "' would be in a group smaller than k. Add invitations so the group reaches k.");
        }
        return problems;
    }

    byte[] hash(String canonicalCode) {
        return codeHash.hash().hash(canonicalCode);
    }
}
