package org.candour.publication;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.candour.account.Role;
import org.candour.account.StaffPrincipal;
import org.candour.org.Organisation;
import org.candour.response.ReceiptService;
import org.candour.results.LaminarRelease;
import org.candour.results.ReleaseLedger;
import org.candour.results.ReleasedFigures;
import org.candour.results.ResultsService;
import org.candour.survey.ClosingChange;
import org.candour.survey.Survey;
import org.candour.survey.SurveyService;
import org.candour.survey.SurveyStatus;
import org.candour.web.ProblemException;

/**
 * A publisher's workspace and the act of publishing (docs/publication.md): drafts of a closed survey's
 * results, a preview that is exactly the public page, an optional second approval, and publishing:
 * the figures checked against the release ledger, the JSON and CSV signed, the publication numbered
 * and logged in one transaction under the organisation's lock.
 */
@ApplicationScoped
public class PublicationService {

    /** Days are those of the union's calendar. */
    public static final ZoneId ZONE = ZoneId.of("Europe/London");

    /** The release rules in one paragraph, as the methodology box and the signed JSON carry them. */
    public static final String RULES = "No figure is shown for fewer than k respondents, and none from which a group"
            + " of 1 to k−1 respondents could be worked out, by any combination of everything released about the survey"
            + " (recorded, with the day, in its release ledger). An answer is shown on its own where at least k people"
            + " chose it and showing it reveals no smaller group; other answers are shown together. Every figure here"
            + " was in the release ledger before it was published.";

    static final String INVITED = "invited (survey-wide)";
    static final String PASSES_ISSUED = "passes issued (survey-wide)";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Inject
    EntityManager em;

    @Inject
    SurveyService surveys;

    @Inject
    ResultsService results;

    @Inject
    ReleaseLedger ledger;

    @Inject
    ReceiptService receipts;

    @Inject
    PublicationKeys keys;

    @Inject
    PublicationLog log;

    /** An edit of a draft. */
    public record Edit(String title, String summary, String commentary, List<String> questions, UUID supersedes) {
    }

    /** The closed surveys the actor may publish from. */
    @Transactional(TxType.SUPPORTS)
    public List<Survey> closedSurveys(StaffPrincipal actor) {
        List<Survey> all = actor.platformWide() ? Survey.listAll() : Survey.ofOrganisation(actor.organisationId());
        return all.stream().filter(s -> s.status == SurveyStatus.CLOSED).toList();
    }

    /** The actor's organisation's publications: drafts first, then the newest published. */
    @Transactional(TxType.SUPPORTS)
    public List<Publication> list(StaffPrincipal actor) {
        if (actor.platformWide()) {
            return Publication.list("order by number desc nulls first, title");
        }
        return Publication.ofOrganisation(actor.organisationId());
    }

    @Transactional(TxType.SUPPORTS)
    public Publication get(StaffPrincipal actor, UUID id) {
        Publication p = id == null ? null : Publication.findById(id);
        if (p == null || !actor.mayActFor(p.organisationId)) {
            throw ProblemException.notFound("No such publication.");
        }
        return p;
    }

    /** A draft of the survey's results: every publishable question, titled as the survey. */
    @Transactional
    public Publication create(StaffPrincipal actor, UUID surveyId) {
        Survey s = surveys.get(actor, surveyId);
        ResultsService.Results r = releasedResults(actor, s);
        Publication p = new Publication();
        p.id = UUID.randomUUID();
        p.organisationId = s.organisationId;
        p.surveyId = s.id;
        p.status = Publication.DRAFT;
        p.title = s.title.length() > 200 ? s.title.substring(0, 200) : s.title;
        p.summary = "";
        p.commentary = "";
        p.questions = PublicationFigures.publishable(r).stream().map(ResultsService.QuestionResult::questionId)
                .toArray(String[]::new);
        p.preparedBy = actor.accountId();
        p.persist();
        return p;
    }

    /** Saves a draft (or one awaiting approval, which returns to draft). */
    @Transactional
    public Publication update(StaffPrincipal actor, UUID id, Edit e) {
        Publication p = editable(actor, id);
        List<String> problems = new ArrayList<>();
        String title = e.title() == null ? "" : e.title().strip();
        if (title.isEmpty() || title.length() > 200) {
            problems.add("title: give a title of 1 to 200 characters.");
        }
        String summary = e.summary() == null ? "" : e.summary().strip();
        if (summary.length() > 2000) {
            problems.add("summary: at most 2,000 characters (this is " + summary.length() + ").");
        }
        String commentary = e.commentary() == null ? "" : e.commentary().strip();
        Markup.validate(commentary).ifPresent(m -> problems.add("commentary: " + m));
        if (summary.length() <= 2000) {
            Markup.validate(summary).ifPresent(m -> problems.add("summary: " + m));
        }
        Survey s = Survey.findById(p.surveyId);
        Set<String> publishable = Set.copyOf(PublicationFigures.publishable(releasedResults(actor, s)).stream()
                .map(ResultsService.QuestionResult::questionId).toList());
        List<String> chosen = e.questions() == null ? List.of() : e.questions().stream().distinct().toList();
        if (chosen.isEmpty()) {
            problems.add("questions: choose at least one question to publish.");
        }
        chosen.stream().filter(q -> !publishable.contains(q))
                .forEach(q -> problems.add("questions: '" + q + "' is not a question of this survey with released figures."));
        if (e.supersedes() != null) {
            Publication old = Publication.findById(e.supersedes());
            if (old == null || !old.published() || !old.organisationId.equals(p.organisationId)) {
                problems.add("supersedes: choose a published publication of this organisation.");
            } else if (Publication.supersedingOf(old.id) != null) {
                problems.add("supersedes: publication " + old.number + " has already been superseded.");
            }
        }
        if (!problems.isEmpty()) {
            throw new ProblemException(400, "The publication was not saved: " + String.join(" ", problems), problems);
        }
        p.title = title;
        p.summary = summary;
        p.commentary = commentary;
        p.questions = chosen.toArray(String[]::new);
        p.supersedes = e.supersedes();
        p.status = Publication.DRAFT;
        p.approvedBy = null;
        return p;
    }

    /** Deletes a draft or one awaiting approval; a published publication cannot go. */
    @Transactional
    public void discard(StaffPrincipal actor, UUID id) {
        editable(actor, id).delete();
    }

    /** Exactly what the public page will show, without a number, day or signature. */
    @Transactional(TxType.SUPPORTS)
    public PublicationDocument preview(StaffPrincipal actor, UUID id) {
        Publication p = get(actor, id);
        if (p.published()) {
            return PublicationJson.document(p.json);
        }
        Survey s = Survey.findById(p.surveyId);
        ResultsService.Results r = releasedResults(actor, s);
        return document(p, s, r, "", "", "", passesIssued(s.id));
    }

    /**
     * Publishes, or, where the organisation asks for a second approval, sends for approval. A
     * publisher cannot approve their own publication.
     */
    @Transactional
    public Publication submit(StaffPrincipal actor, UUID id) {
        Publication p = editable(actor, id);
        Organisation o = Organisation.findById(p.organisationId);
        if (o.publicationSecondApproval) {
            p.status = Publication.AWAITING_APPROVAL;
            p.preparedBy = actor.accountId();
            return p;
        }
        return publish(actor, p, o);
    }

    /** A second publisher or admin approves a publication awaiting approval: it is published. */
    @Transactional
    public Publication approve(StaffPrincipal actor, UUID id) {
        Publication p = get(actor, id);
        if (!Publication.AWAITING_APPROVAL.equals(p.status)) {
            throw ProblemException.conflict("Only a publication awaiting approval can be approved; this one is " + p.status
                    + ".");
        }
        if (actor.accountId() != null && actor.accountId().equals(p.preparedBy)) {
            throw ProblemException.conflict("A second person must approve: another publisher or an admin of the"
                    + " organisation, not the one who sent it for approval.");
        }
        p.approvedBy = actor.accountId();
        return publish(actor, p, Organisation.findById(p.organisationId));
    }

    /** Whether the organisation's publications need a second approval. */
    @Transactional
    public void setSecondApproval(StaffPrincipal actor, UUID organisationId, boolean required) {
        if (!actor.mayActFor(organisationId) || !actor.roles().contains(Role.ADMIN)) {
            throw ProblemException.notFound("No such organisation.");
        }
        Organisation o = Organisation.findById(organisationId);
        if (o == null) {
            throw ProblemException.notFound("No such organisation.");
        }
        o.publicationSecondApproval = required;
    }

    /** A signed file in the organisation's name, with its current publication key (made if it has none). */
    public record Signed(String signature, String publicKeyFile, String fingerprint) {
    }

    /**
     * Signs {@code file} with the organisation's publication key in minisign's format, for a statement
     * anyone can check against the key the organisation publishes (a reporter's statement of disclosure).
     */
    @Transactional
    public Signed sign(UUID organisationId, byte[] file, String fileName) {
        lock(organisationId);
        PublicationKeys.Signing key = keys.current(organisationId);
        return new Signed(Minisign.sign(key.key(), file, Minisign.trustedComment(LocalDate.now(ZONE), fileName,
                key.publicKey())), Minisign.publicKeyFile(key.publicKey()), Minisign.fingerprint(key.publicKey()));
    }

    /** Retires the organisation's publication key and makes a new one, endorsed by the old and logged. */
    @Transactional
    public PublicationKeys.Signing rotateKey(StaffPrincipal actor, UUID organisationId) {
        if (!actor.mayActFor(organisationId) || !actor.roles().contains(Role.ADMIN)) {
            throw ProblemException.notFound("No such organisation.");
        }
        Organisation o = Organisation.findById(organisationId);
        lock(o.id);
        LocalDate today = LocalDate.now(ZONE);
        PublicationKeys.Signing old = keys.current(o.id);
        PublicationKeys.Signing next = keys.rotate(o.id, today);
        ObjectNode entry = MAPPER.createObjectNode().put("kind", "key rotated").put("old_key_id", old.keyId())
                .put("new_key_id", next.keyId()).put("new_public_key", Minisign.publicKeyFile(next.publicKey()));
        log.append(o.id, entry, today, old, o.slug);
        return next;
    }

    private Publication publish(StaffPrincipal actor, Publication p, Organisation o) {
        lock(o.id);
        em.lock(p, LockModeType.PESSIMISTIC_WRITE);
        Survey s = Survey.findById(p.surveyId);
        ResultsService.Results r = releasedResults(actor, s);
        List<ReleasedFigures> figures = PublicationFigures.chosen(r, p.questionIds());
        PublicationFigures.assertInLedger(figures, ledger.entries(s.id));
        long passes = passesIssued(s.id);
        ResultsService.Participation org = organisation(r);
        ledger.publication(s.id, Map.of(INVITED, Integer.toString(org.invitations()), PASSES_ISSUED,
                Long.toString(passes)));

        LocalDate today = LocalDate.now(ZONE);
        Number max = (Number) em.createNativeQuery("select coalesce(max(number), 0) from publication"
                + " where organisation_id = ?1").setParameter(1, o.id).getSingleResult();
        int number = max.intValue() + 1;
        PublicationKeys.Signing key = keys.current(o.id);
        PublicationLog.Head head = log.head(o.id);
        String address = PublicPages.address(o.slug, number);
        PublicationDocument d = document(p, s, r, today.toString(), address, Minisign.fingerprint(key.publicKey()),
                passes);
        ReceiptService.Receipts list = receipts.list(s.id);
        byte[] json = PublicationJson.json(d, new PublicationJson.Extras(o.slug, number, s.id.toString(), s.title,
                list.count(), PublicationLog.sha256(ReceiptService.text(list).getBytes(StandardCharsets.UTF_8)),
                "/s/" + s.id + "/receipts.txt", key.keyId(), head.seq() + 1, head.hash()));
        byte[] csv = PublicationJson.csv(d);
        String base = PublicPages.fileName(o.slug, number);
        p.json = json;
        p.jsonSignature = Minisign.sign(key.key(), json, Minisign.trustedComment(today, base + ".json", key.publicKey()));
        p.csv = csv;
        p.csvSignature = Minisign.sign(key.key(), csv, Minisign.trustedComment(today, base + ".csv", key.publicKey()));
        p.keyId = key.keyId();
        p.number = number;
        p.publishedOn = today;
        p.status = Publication.PUBLISHED;
        em.flush();
        Publication old = p.supersedes == null ? null : Publication.findById(p.supersedes);
        ObjectNode entry = MAPPER.createObjectNode().put("kind", "publication").put("number", number)
                .put("title", p.title).put("json_sha256", PublicationLog.sha256(json))
                .put("csv_sha256", PublicationLog.sha256(csv)).put("key_id", key.keyId());
        if (old != null) {
            entry.put("supersedes", old.number);
        } else {
            entry.putNull("supersedes");
        }
        log.append(o.id, entry, today, key, o.slug);
        return p;
    }

    private PublicationDocument document(Publication p, Survey s, ResultsService.Results r, String publishedOn,
            String address, String fingerprint, long passes) {
        ResultsService.Participation org = organisation(r);
        Publication old = p.supersedes == null ? null : Publication.findById(p.supersedes);
        List<ClosingChange> changes = surveys.changes(s.id);
        PublicationDocument.Methodology m = new PublicationDocument.Methodology(s.k, RULES, org.invitations(),
                (int) passes, org.respondents(), org.ratePercent() == null ? "" : org.ratePercent() + "%",
                day(s.openedAt), announced(changes, s), day(s.closedAt),
                changes.stream().map(ClosingChange::sentence).toList());
        Organisation o = Organisation.findById(s.organisationId);
        return new PublicationDocument(o.name, p.title, p.summary, p.commentary, publishedOn,
                old == null ? "" : "No. " + old.number + ": " + old.title, address, fingerprint, m,
                PublicationFigures.questions(r, p.questionIds(), PublicationFigures.chosen(r, p.questionIds())));
    }

    private Publication editable(StaffPrincipal actor, UUID id) {
        Publication p = get(actor, id);
        if (p.published()) {
            throw ProblemException.conflict("Publication " + p.number + " is published and cannot change. To correct it,"
                    + " prepare a new publication that supersedes it.");
        }
        return p;
    }

    /** The survey's results, refused unless it is closed and its organisation-wide respondents are shown. */
    private ResultsService.Results releasedResults(StaffPrincipal actor, Survey s) {
        if (s.status != SurveyStatus.CLOSED) {
            throw ProblemException.conflict("Only a closed survey's results can be published.");
        }
        ResultsService.Results r = results.results(actor, s.id);
        if (!organisation(r).released()) {
            throw ProblemException.conflict("Fewer than " + s.k + " people responded to this survey, so nothing of it can"
                    + " be published.");
        }
        return r;
    }

    private static ResultsService.Participation organisation(ResultsService.Results r) {
        return r.participation().stream().filter(x -> x.unitId().equals(LaminarRelease.ORGANISATION)).findFirst()
                .orElseThrow();
    }

    private long passesIssued(UUID surveyId) {
        return ((Number) em.createNativeQuery("select count(*) from invitation where survey_id = ?1 and used")
                .setParameter(1, surveyId).getSingleResult()).longValue();
    }

    /** The organisation's publication lock, held to the end of the transaction (numbers, log, keys). */
    private void lock(UUID organisationId) {
        em.createNativeQuery("select pg_advisory_xact_lock(?1)")
                .setParameter(1, organisationId.getMostSignificantBits() ^ organisationId.getLeastSignificantBits()
                        ^ 0x7075626c69636174L).getSingleResult();
    }

    /** The closing day announced at opening: the first move's "from", else the day still announced. */
    private static String announced(List<ClosingChange> changes, Survey s) {
        return changes.stream().filter(c -> c.kind() == ClosingChange.Kind.MOVED).map(c -> c.from().toString())
                .findFirst().orElse(s.closesOn == null ? "" : s.closesOn.toString());
    }

    private static String day(Instant t) {
        return t == null ? "" : LocalDate.ofInstant(t, ZONE).toString();
    }
}
