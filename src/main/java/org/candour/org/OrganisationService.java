package org.candour.org;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.candour.account.StaffPrincipal;
import org.candour.web.Echo;
import org.candour.web.ProblemException;
import org.jboss.logging.Logger;

/** Organisations and their reporting-unit trees. Imports are all-or-nothing. */
@ApplicationScoped
@Transactional
public class OrganisationService {

    private static final Pattern SLUG = Pattern.compile("^[a-z0-9][a-z0-9-]{1,62}$");
    private static final Logger LOG = Logger.getLogger(OrganisationService.class);

    @Inject
    EntityManager em;

    /** The result of an import: how many units were created and how many renamed or moved. */
    public record ImportResult(int created, int updated, int unchanged) {
    }

    @Transactional(TxType.SUPPORTS)
    public List<Organisation> list(StaffPrincipal actor) {
        return actor.platformWide() ? Organisation.list("order by name")
                : Organisation.list("id = ?1", actor.organisationId());
    }

    /** The organisation if the actor may act for it; 404 otherwise (so its existence is not revealed). */
    @Transactional(TxType.SUPPORTS)
    public Organisation get(StaffPrincipal actor, String slug) {
        Organisation o = slug == null ? null : Organisation.findBySlug(slug);
        if (o == null || !actor.mayActFor(o.id)) {
            throw ProblemException.notFound("No organisation '" + Echo.shorten(slug) + "'.");
        }
        return o;
    }

    @Transactional(TxType.SUPPORTS)
    public Organisation getById(StaffPrincipal actor, UUID id) {
        Organisation o = id == null ? null : Organisation.findById(id);
        if (o == null || !actor.mayActFor(o.id)) {
            throw ProblemException.notFound("No such organisation.");
        }
        return o;
    }

    public Organisation create(StaffPrincipal actor, String slug, String name) {
        if (!actor.platformWide()) {
            throw new ProblemException(403, "Only a platform admin can create organisations.");
        }
        List<String> problems = new ArrayList<>();
        String s = slug == null ? "" : slug.trim();
        if (!SLUG.matcher(s).matches()) {
            problems.add("slug: 2 to 63 characters: lower-case letters, digits and '-', starting with a letter or digit");
        } else if (Organisation.findBySlug(s) != null) {
            problems.add("slug: an organisation with that slug exists");
        }
        if (name == null || name.isBlank() || name.trim().length() > 200) {
            problems.add("name: 1 to 200 characters");
        }
        if (!problems.isEmpty()) {
            throw new ProblemException(400, "The organisation was not created.", problems);
        }
        Organisation o = new Organisation();
        o.id = UUID.randomUUID();
        o.slug = s;
        o.name = name.trim();
        o.createdAt = Instant.now();
        o.persist();
        return o;
    }

    /** The unit tree, roots first, children by name. */
    @Transactional(TxType.SUPPORTS)
    public List<UnitView> tree(Organisation o) {
        List<ReportingUnit> units = ReportingUnit.ofOrganisation(o.id);
        Map<UUID, ReportingUnit> byId = new HashMap<>();
        units.forEach(u -> byId.put(u.id, u));
        Map<UUID, List<ReportingUnit>> children = new LinkedHashMap<>();
        List<ReportingUnit> roots = new ArrayList<>();
        for (ReportingUnit u : units) {
            if (u.parentId == null) {
                roots.add(u);
            } else {
                children.computeIfAbsent(u.parentId, k -> new ArrayList<>()).add(u);
            }
        }
        List<UnitView> out = new ArrayList<>();
        for (ReportingUnit r : roots) {
            out.add(view(r, null, 0, byId, children));
        }
        return out;
    }

    /** The tree flattened depth-first, for tables and CSV. */
    public static List<UnitView> flatten(List<UnitView> tree) {
        List<UnitView> out = new ArrayList<>();
        for (UnitView v : tree) {
            out.add(v);
            out.addAll(flatten(v.children()));
        }
        return out;
    }

    private static UnitView view(ReportingUnit u, String parentExternal, int depth, Map<UUID, ReportingUnit> byId,
            Map<UUID, List<ReportingUnit>> children) {
        List<UnitView> kids = new ArrayList<>();
        for (ReportingUnit c : children.getOrDefault(u.id, List.of())) {
            kids.add(view(c, u.externalId, depth + 1, byId, children));
        }
        kids.sort(Comparator.comparing(UnitView::name, String.CASE_INSENSITIVE_ORDER));
        return new UnitView(u.externalId, u.name, parentExternal, depth, List.copyOf(kids));
    }

    public ImportResult importCsv(Organisation o, byte[] csv) {
        return importRows(o, UnitTreeParser.parseCsv(csv));
    }

    public ImportResult importJson(Organisation o, byte[] json) {
        return importRows(o, UnitTreeParser.parseJson(json));
    }

    /** Adds one unit (the admin page's form), with the same checks as an import. */
    public ImportResult addUnit(Organisation o, String id, String name, String parentId) {
        if (id != null && !id.isBlank() && ReportingUnit.count("organisationId = ?1 and externalId = ?2", o.id,
                id.trim()) > 0) {
            throw new ProblemException(409, "A unit with id '" + Echo.shorten(id.trim()) + "' exists already.");
        }
        requireUnitFields(trimToNull(id), trimToNull(name));
        return importRows(o, List.of(new UnitRow("form", trimToNull(id), trimToNull(name), trimToNull(parentId))));
    }

    /** A unit from a form or the API needs an id and a name; the import's own checks judge them next. */
    private static void requireUnitFields(String id, String name) {
        List<String> problems = new ArrayList<>();
        if (id == null) {
            problems.add("id: required, 1 to " + UnitTreeParser.MAX_ID_LENGTH + " characters");
        }
        if (name == null) {
            problems.add("name: required, 1 to " + UnitTreeParser.MAX_NAME_LENGTH + " characters");
        }
        if (!problems.isEmpty()) {
            throw new ProblemException(400, "The unit was not saved.", problems);
        }
    }

    /** Renames or moves one unit, with the same checks as an import. */
    public ImportResult updateUnit(Organisation o, String id, String name, String parentId) {
        unit(o, id);
        requireUnitFields(id, trimToNull(name));
        return importRows(o, List.of(new UnitRow("form", id, trimToNull(name), trimToNull(parentId))));
    }

    /** Deletes a unit that has no children. */
    public void deleteUnit(Organisation o, String id) {
        ReportingUnit u = unit(o, id);
        if (ReportingUnit.count("parentId", u.id) > 0) {
            throw new ProblemException(409, "Unit '" + Echo.shorten(id) + "' has units under it: move or delete those first.");
        }
        Number invited = (Number) em.createNativeQuery("select count(*) from invitation where unit_id = ?1")
                .setParameter(1, u.id).getSingleResult();
        if (invited.longValue() > 0) {
            throw new ProblemException(409, "Unit '" + Echo.shorten(id) + "' has survey invitations and cannot be deleted.");
        }
        u.delete();
    }

    private ReportingUnit unit(Organisation o, String externalId) {
        ReportingUnit u = externalId == null ? null
                : ReportingUnit.find("organisationId = ?1 and externalId = ?2", o.id, externalId).firstResult();
        if (u == null) {
            throw ProblemException.notFound("No unit '" + Echo.shorten(externalId) + "' in this organisation.");
        }
        return u;
    }

    /**
     * Merges rows into the tree: new ids are created, known ids renamed or moved, nothing deleted.
     * The whole merged tree is validated first; any problem and nothing is written.
     */
    private ImportResult importRows(Organisation o, List<UnitRow> rows) {
        // One import at a time per organisation, so two cannot each pass validation and build a cycle.
        em.find(Organisation.class, o.id, LockModeType.PESSIMISTIC_WRITE);
        List<ReportingUnit> existing = ReportingUnit.ofOrganisation(o.id);
        Map<String, ReportingUnit> byExternal = new HashMap<>();
        Map<UUID, String> externalById = new HashMap<>();
        for (ReportingUnit u : existing) {
            byExternal.put(u.externalId, u);
            externalById.put(u.id, u.externalId);
        }
        Map<String, String> existingParents = new HashMap<>();
        for (ReportingUnit u : existing) {
            existingParents.put(u.externalId, u.parentId == null ? null : externalById.get(u.parentId));
        }
        UnitTreeParser.validate(rows, existingParents);

        int created = 0;
        int updated = 0;
        int unchanged = 0;
        for (UnitRow r : rows) {
            ReportingUnit u = byExternal.get(r.id());
            if (u == null) {
                u = new ReportingUnit();
                u.id = UUID.randomUUID();
                u.organisationId = o.id;
                u.externalId = r.id();
                u.name = r.name();
                byExternal.put(r.id(), u);
                u.persist();
                created++;
            } else if (!u.name.equals(r.name()) || !java.util.Objects.equals(existingParents.get(r.id()), r.parentId())) {
                u.name = r.name();
                updated++;
            } else {
                unchanged++;
            }
        }
        em.flush();
        for (UnitRow r : rows) {
            ReportingUnit u = byExternal.get(r.id());
            u.parentId = r.parentId() == null ? null : byExternal.get(r.parentId()).id;
        }
        LOG.infof("Unit import for organisation %s: %d created, %d updated, %d unchanged", o.id, created, updated,
                unchanged);
        return new ImportResult(created, updated, unchanged);
    }

    private static String trimToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

}
