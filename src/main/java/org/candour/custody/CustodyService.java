package org.candour.custody;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.candour.account.Role;
import org.candour.account.StaffAccount;
import org.candour.account.StaffPrincipal;
import org.candour.crypto.HpkeBox;
import org.candour.crypto.HpkeKeyPair;
import org.candour.crypto.KeyedHash;
import org.candour.crypto.PassphraseSeal;
import org.candour.crypto.SecretSharing;
import org.candour.survey.Survey;
import org.candour.survey.SurveyDefinition.QuestionType;
import org.candour.survey.SurveyService;
import org.candour.survey.SurveyStatus;
import org.candour.survey.SurveyTransition;
import org.candour.web.Echo;
import org.candour.web.ProblemException;
import org.jboss.logging.Logger;

/**
 * Trustee custody of a survey's results key. Trustees register a custody key (its private half
 * leaves only once, sealed under their passphrase); an admin names a draft's trustees and t; when
 * the survey opens, its results key pair is made, the private key split into n Shamir shares with
 * threshold t, each share HPKE-sealed to one trustee's custody key, and the private key wiped. No
 * single person, the operator included, can then open a comment.
 */
@ApplicationScoped
@Transactional
public class CustodyService {

    private static final Logger LOG = Logger.getLogger(CustodyService.class);
    static final String SHARE_INFO = "candour-share/v1";
    static final int MIN_PASSPHRASE = 12;
    static final int MAX_PASSPHRASE = 1024;

    @Inject
    EntityManager em;

    @Inject
    SurveyService surveys;

    @Inject
    HpkeBox hpke;

    @Inject
    PassphraseSeal passphraseSeal;

    @Inject
    ResultsKeys resultsKeys;

    /** One trustee of a survey, as shown to admins and trustees. */
    public record Trustee(String username, String displayName, String keyId, Integer shareIndex) {
    }

    /** A survey's custody: t of n, the trustees, and the results key once open. */
    public record Custody(String surveyId, int threshold, int shares, List<Trustee> trustees, String resultsKeyId,
            boolean needed) {
    }

    /** Makes a fresh custody key for a trustee and returns its key file; only the public half is kept. */
    public TrusteeKeyFile registerKey(StaffPrincipal actor, char[] passphrase) {
        if (!actor.roles().contains(Role.TRUSTEE)) {
            throw new ProblemException(403, "Only trustees hold custody keys.");
        }
        checkPassphrase(passphrase);
        HpkeKeyPair pair = HpkeBox.generateKeyPair();
        try {
            String keyId = HexFormat.of().formatHex(KeyedHash.sha256(pair.publicKey()));
            byte[] sealed = passphraseSeal.seal(passphrase, pair.privateKey(), TrusteeKeyFile.associatedData(keyId));
            em.createNativeQuery("insert into trustee_key (account_id, key_id, public_key) values (?1, ?2, ?3)"
                    + " on conflict (account_id) do update set key_id = excluded.key_id, public_key = excluded.public_key")
                    .setParameter(1, actor.accountId()).setParameter(2, keyId).setParameter(3, pair.publicKey())
                    .executeUpdate();
            LOG.infof("Trustee %s registered custody key %s", actor.accountId(), keyId);
            return new TrusteeKeyFile(keyId, pair.publicKey().clone(), sealed);
        } finally {
            pair.wipe();
        }
    }

    /** The key id of the trustee's current custody key, or null. */
    @Transactional(TxType.SUPPORTS)
    public String currentKeyId(UUID accountId) {
        List<?> rows = em.createNativeQuery("select key_id from trustee_key where account_id = ?1")
                .setParameter(1, accountId).getResultList();
        return rows.isEmpty() ? null : (String) rows.get(0);
    }

    static void checkPassphrase(char[] passphrase) {
        int length = passphrase == null ? 0 : Character.codePointCount(passphrase, 0, passphrase.length);
        if (length < MIN_PASSPHRASE) {
            throw new ProblemException(422, "passphrase: at least " + MIN_PASSPHRASE + " characters. A few unrelated "
                    + "words are easier to remember than symbols, and much harder to guess.");
        }
        if (length > MAX_PASSPHRASE) {
            throw new ProblemException(422, "passphrase: at most " + MAX_PASSPHRASE + " characters.");
        }
    }

    /** Names a draft's trustees (usernames) and its threshold t; n is the number of trustees. */
    public Custody configure(StaffPrincipal actor, UUID surveyId, Integer threshold, List<String> usernames) {
        Survey s = surveys.get(actor, surveyId);
        em.refresh(s, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (s.status != SurveyStatus.DRAFT) {
            throw new ProblemException(409, "This survey has opened: its trustees and threshold are frozen.");
        }
        List<String> problems = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (String u : usernames == null ? List.<String>of() : usernames) {
            String name = u == null ? "" : u.trim().toLowerCase(Locale.ROOT);
            if (!names.add(name)) {
                problems.add("trustees: " + Echo.quoted(name) + " is named twice; each trustee holds one share.");
            }
        }
        int n = names.size();
        int t = threshold == null ? 2 : threshold;
        if (n < 2 || n > 20) {
            problems.add("trustees: name 2 to 20 trustees (3 is usual), not " + n + ".");
        }
        if (t < 2 || t > Math.max(n, 2)) {
            problems.add("threshold: must be at least 2 (so no single trustee can unlock) and at most the number of "
                    + "trustees (" + n + "), not " + t + ".");
        }
        List<StaffAccount> accounts = new ArrayList<>();
        for (String name : names) {
            StaffAccount a = StaffAccount.findByUsername(name);
            if (a == null || a.organisationId != null && !a.organisationId.equals(s.organisationId)) {
                problems.add("trustees: no account " + Echo.quoted(name) + " in this survey's organisation.");
            } else if (!a.roles.contains(Role.TRUSTEE)) {
                problems.add("trustees: " + Echo.quoted(name) + " does not have the TRUSTEE role.");
            } else if (!a.enabled) {
                problems.add("trustees: " + Echo.quoted(name) + " is disabled.");
            } else {
                accounts.add(a);
            }
        }
        if (!problems.isEmpty()) {
            throw new ProblemException(422, "These trustees cannot be set.", problems);
        }
        em.createNativeQuery("delete from survey_trustee where survey_id = ?1").setParameter(1, s.id).executeUpdate();
        for (StaffAccount a : accounts) {
            em.createNativeQuery("insert into survey_trustee (survey_id, account_id) values (?1, ?2)")
                    .setParameter(1, s.id).setParameter(2, a.id).executeUpdate();
        }
        s.custodyThreshold = t;
        s.custodyShares = n;
        LOG.infof("Survey %s: custody set to %d of %d trustees", s.id, t, n);
        return view(actor, surveyId);
    }

    @Transactional(TxType.SUPPORTS)
    public Custody view(StaffPrincipal actor, UUID surveyId) {
        Survey s = surveys.get(actor, surveyId);
        List<Trustee> trustees = new ArrayList<>();
        for (Object row : em.createNativeQuery("select a.username, a.display_name, k.key_id, st.share_index"
                + " from survey_trustee st join staff_account a on a.id = st.account_id"
                + " left join trustee_key k on k.account_id = a.id where st.survey_id = ?1 order by a.username")
                .setParameter(1, s.id).getResultList()) {
            Object[] r = (Object[]) row;
            trustees.add(new Trustee((String) r[0], (String) r[1], (String) r[2], (Integer) r[3]));
        }
        ResultsKeys.Key key = resultsKeys.find(s.id);
        return new Custody(s.id.toString(), s.custodyThreshold, s.custodyShares, trustees,
                key == null ? null : key.keyId(), hasFreeText(s));
    }

    /** A trustee account an admin may name for a survey. */
    public record Candidate(String username, String displayName, boolean hasKey, boolean chosen) {
    }

    /** Enabled trustees of the survey's organisation and platform-wide ones, marked if already named. */
    @Transactional(TxType.SUPPORTS)
    public List<Candidate> candidates(StaffPrincipal actor, UUID surveyId) {
        Survey s = surveys.get(actor, surveyId);
        List<Candidate> out = new ArrayList<>();
        for (Object row : em.createNativeQuery("select a.username, a.display_name, k.key_id is not null,"
                + " exists (select 1 from survey_trustee st where st.survey_id = ?1 and st.account_id = a.id)"
                + " from staff_account a join staff_account_role r on r.account_id = a.id and r.role = 'TRUSTEE'"
                + " left join trustee_key k on k.account_id = a.id"
                + " where a.enabled and (a.organisation_id is null or a.organisation_id = ?2) order by a.username")
                .setParameter(1, s.id).setParameter(2, s.organisationId).getResultList()) {
            Object[] r = (Object[]) row;
            out.add(new Candidate((String) r[0], (String) r[1], (Boolean) r[2], (Boolean) r[3]));
        }
        return out;
    }

    /** A survey a trustee holds (or will hold) a share of. */
    public record TrusteeSurvey(UUID id, String title, String status, Integer shareIndex) {
    }

    @Transactional(TxType.SUPPORTS)
    public List<TrusteeSurvey> surveysOf(UUID accountId) {
        List<TrusteeSurvey> out = new ArrayList<>();
        for (Object row : em.createNativeQuery("select s.id, s.title, s.status, st.share_index from survey_trustee st"
                + " join survey s on s.id = st.survey_id where st.account_id = ?1 order by s.title")
                .setParameter(1, accountId).getResultList()) {
            Object[] r = (Object[]) row;
            out.add(new TrusteeSurvey((UUID) r[0], (String) r[1], (String) r[2], (Integer) r[3]));
        }
        return out;
    }

    /** Whether the survey asks anything in free text, and so needs trustees to read it. */
    public static boolean hasFreeText(Survey s) {
        return s.parsed().questions().stream().anyMatch(q -> q.type() == QuestionType.TEXT);
    }

    void onTransition(@Observes @jakarta.annotation.Priority(3000) SurveyTransition t) {
        if (t.to() == SurveyStatus.OPEN && hasFreeText(t.survey())) {
            open(t.survey());
        }
    }

    private void open(Survey s) {
        int threshold = s.custodyThreshold;
        int shares = s.custodyShares;
        @SuppressWarnings("unchecked")
        List<Object[]> trustees = em.createNativeQuery("select a.username, k.key_id, k.public_key"
                + " from survey_trustee st join staff_account a on a.id = st.account_id"
                + " left join trustee_key k on k.account_id = a.id where st.survey_id = ?1 order by a.username")
                .setParameter(1, s.id).getResultList();
        List<String> problems = new ArrayList<>();
        if (trustees.size() != shares) {
            problems.add("This survey has free-text questions, so its comments are sealed to trustees: name " + shares
                    + " trustees (threshold " + threshold + ") before opening; " + trustees.size() + " named so far.");
        }
        for (Object[] r : trustees) {
            if (r[1] == null) {
                problems.add("Trustee " + r[0] + " has not registered a custody key yet.");
            }
        }
        if (!problems.isEmpty()) {
            throw new ProblemException(409, "The survey cannot open until its trustees are ready.", problems);
        }
        HpkeKeyPair results = HpkeBox.generateKeyPair();
        List<SecretSharing.Share> split = List.of();
        try {
            String resultsKeyId = HexFormat.of().formatHex(KeyedHash.sha256(results.publicKey()));
            split = SecretSharing.split(results.privateKey(), threshold, shares);
            for (int i = 0; i < trustees.size(); i++) {
                Object[] r = trustees.get(i);
                SecretSharing.Share share = split.get(i);
                String trusteeKeyId = (String) r[1];
                byte[] sealed = hpke.seal((byte[]) r[2], SHARE_INFO.getBytes(StandardCharsets.US_ASCII),
                        shareAad(s.id, share.index(), resultsKeyId, trusteeKeyId), share.value());
                em.createNativeQuery("update survey_trustee st set share_index = ?1, trustee_key_id = ?2,"
                        + " sealed_share = ?3 from staff_account a where a.id = st.account_id and st.survey_id = ?4"
                        + " and a.username = ?5").setParameter(1, share.index()).setParameter(2, trusteeKeyId)
                        .setParameter(3, sealed).setParameter(4, s.id).setParameter(5, r[0]).executeUpdate();
            }
            em.createNativeQuery("insert into results_key (survey_id, key_id, public_key) values (?1, ?2, ?3)")
                    .setParameter(1, s.id).setParameter(2, resultsKeyId).setParameter(3, results.publicKey())
                    .executeUpdate();
            LOG.infof("Survey %s: results key %s split %d of %d among trustees; private key wiped", s.id,
                    resultsKeyId, threshold, shares);
        } finally {
            results.wipe();
            split.forEach(sh -> Arrays.fill(sh.value(), (byte) 0));
        }
    }

    /** Binds a sealed share to its survey, index, results key and trustee key. */
    static byte[] shareAad(UUID surveyId, int index, String resultsKeyId, String trusteeKeyId) {
        return (SHARE_INFO + ":" + surveyId + ":" + index + ":" + resultsKeyId + ":" + trusteeKeyId)
                .getBytes(StandardCharsets.UTF_8);
    }
}
