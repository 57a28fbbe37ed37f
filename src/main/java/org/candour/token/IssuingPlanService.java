package org.candour.token;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.candour.org.ReportingUnit;
import org.candour.survey.Survey;

/**
 * A survey's issuing plan ({@link IssuingPlan}): as it would open, for trustees to approve, and as it
 * opened, for everyone to read beside the key directory.
 */
@ApplicationScoped
@Transactional(TxType.SUPPORTS)
public class IssuingPlanService {

    @Inject
    InvitationService invitations;

    @Inject
    EntityManager em;

    /** The plan as opening would make it now: the groups {@link IssuerKeyService} computes at open. */
    public IssuingPlan planned(Survey s) {
        InvitationService.Grouping g = invitations.grouping(s);
        Map<UUID, Map<UUID, Integer>> members = new HashMap<>();
        for (Map.Entry<UUID, Integer> c : g.counts().entrySet()) {
            UUID issuer = g.issuing().issuerOf(c.getKey());
            if (issuer != null) {
                members.computeIfAbsent(issuer, x -> new HashMap<>()).put(c.getKey(), c.getValue());
            }
        }
        List<IssuingPlan.Key> keys = new ArrayList<>();
        for (UUID issuer : g.issuing().groups().keySet()) {
            keys.add(key(null, g.byId(), issuer, members.getOrDefault(issuer, Map.of())));
        }
        keys.sort(Comparator.comparing(IssuingPlan.Key::unitId));
        return new IssuingPlan(s.k, keys, InvitationService.problems(g));
    }

    /** The keys an opened survey has, each with the invitations that issue under it, in key id order. */
    public IssuingPlan published(Survey s) {
        Map<String, Map<UUID, Integer>> byKey = new HashMap<>();
        for (Object[] r : em.createQuery("select i.keyId, i.unitId, count(i) from Invitation i"
                + " where i.surveyId = ?1 and i.keyId is not null group by i.keyId, i.unitId", Object[].class)
                .setParameter(1, s.id).getResultList()) {
            byKey.computeIfAbsent((String) r[0], x -> new HashMap<>()).put((UUID) r[1], ((Number) r[2]).intValue());
        }
        Map<UUID, ReportingUnit> units = new HashMap<>();
        for (ReportingUnit u : ReportingUnit.ofOrganisation(s.organisationId)) {
            units.put(u.id, u);
        }
        List<IssuingPlan.Key> keys = new ArrayList<>();
        for (IssuerKey k : IssuerKey.ofSurvey(s.id)) {
            keys.add(key(k.keyId, units, k.unitId, byKey.getOrDefault(k.keyId, Map.of())));
        }
        return new IssuingPlan(s.k, keys, List.of());
    }

    private static IssuingPlan.Key key(String keyId, Map<UUID, ReportingUnit> units, UUID issuer,
            Map<UUID, Integer> members) {
        Map<String, IssuingPlan.Unit> sorted = new TreeMap<>();
        int total = 0;
        for (Map.Entry<UUID, Integer> m : members.entrySet()) {
            ReportingUnit u = units.get(m.getKey());
            sorted.put(u.externalId, new IssuingPlan.Unit(u.externalId, u.name, m.getValue()));
            total += m.getValue();
        }
        ReportingUnit unit = units.get(issuer);
        return new IssuingPlan.Key(keyId, unit.externalId, unit.name, total, List.copyOf(sorted.values()));
    }
}
