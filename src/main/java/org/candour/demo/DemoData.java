package org.candour.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.candour.account.AccountService;
import org.candour.account.Role;
import org.candour.account.StaffAccount;
import org.candour.custody.CustodyService;
import org.candour.custody.PlanApprovalService;
import org.candour.custody.TrusteeKeyFile;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.candour.account.StaffPrincipal;
import org.candour.org.Organisation;
import org.candour.org.OrganisationService;
import org.candour.survey.SurveyService;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * With {@code candour.demo.enabled} (on in dev mode), loads into an empty database a demo
 * organisation, its reporting units and an open survey from the probation template, with twelve
 * invitations per team whose codes are written to {@code candour.demo.invitations-file} (owner-only),
 * never to a log, and three trustees (2 of 3 unlock) whose key files go to
 * {@code candour.demo.trustee-keys-dir}; two of them approve the survey's issuing plan before it opens.
 */
@ApplicationScoped
public class DemoData {

    public static final String SLUG = "demo-probation";
    private static final Logger LOG = Logger.getLogger(DemoData.class);

    @ConfigProperty(name = "candour.demo.enabled")
    boolean enabled;

    @Inject
    OrganisationService organisations;

    @Inject
    SurveyService surveys;

    @Inject
    org.candour.token.InvitationService invitations;

    /** Where the demo's invitation codes are written (never to a log). */
    @ConfigProperty(name = "candour.demo.invitations-file", defaultValue = ".candour/demo-invitations.csv")
    String invitationsFile;

    /** Where the demo trustees' key files are written, one per trustee. */
    @ConfigProperty(name = "candour.demo.trustee-keys-dir", defaultValue = ".candour/demo-trustee-keys")
    String trusteeKeysDir;

    /** The demo trustees' sign-in password and key-file passphrase (demo only; README names them). */
    static final String TRUSTEE_PASSWORD = "candour-demo-trustee";
    static final String TRUSTEE_PASSPHRASE = "candour demo trustee passphrase";

    @Inject
    AccountService accounts;

    @Inject
    CustodyService custody;

    @Inject
    PlanApprovalService plans;

    /** Invitations per team: enough that each team is a group of at least k. */
    static final int PER_TEAM = 12;

    void onStart(@Observes @Priority(20) StartupEvent event) {
        if (enabled) {
            load();
        }
    }

    @Transactional
    void load() {
        if (Organisation.count() > 0) {
            return;
        }
        Organisation o = organisations.create(StaffPrincipal.SYSTEM, SLUG, "Demo Probation Service (union branch)");
        organisations.importCsv(o, resource("/demo/units.csv"));
        var survey = surveys.createFromTemplate(o, "probation-wellbeing");
        StringBuilder csv = new StringBuilder("code,unit_id,unit_name\n");
        for (org.candour.org.ReportingUnit team : org.candour.org.ReportingUnit.<org.candour.org.ReportingUnit>list(
                "organisationId = ?1 and externalId like '%-t_' order by externalId", o.id)) {
            for (String code : invitations.generate(StaffPrincipal.SYSTEM, survey.id, team.externalId, PER_TEAM).codes()) {
                csv.append(code).append(',').append(team.externalId).append(",\"")
                        .append(team.name.replace("\"", "\"\"")).append("\"\n");
            }
        }
        List<String> trustees = new ArrayList<>();
        List<StaffPrincipal> approving = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            String username = "demo-trustee-" + i;
            StaffAccount a = accounts.create(StaffPrincipal.SYSTEM, new AccountService.AccountInput(username,
                    "Demo trustee " + i, TRUSTEE_PASSWORD, Set.of(Role.TRUSTEE), o.id, true));
            TrusteeKeyFile file = custody.registerKey(StaffPrincipal.of(a), TRUSTEE_PASSPHRASE.toCharArray());
            writeOwnerOnly(Path.of(trusteeKeysDir, username + ".json"), file.toJson());
            trustees.add(username);
            approving.add(StaffPrincipal.of(a));
        }
        custody.configure(StaffPrincipal.SYSTEM, survey.id, 2, trustees);
        // Two of the three trustees approve the issuing plan, as they would on their trustee page.
        String digest = plans.view(StaffPrincipal.SYSTEM, survey.id).planDigest();
        for (StaffPrincipal trustee : approving.subList(0, 2)) {
            plans.approve(trustee, survey.id, digest);
        }
        surveys.open(StaffPrincipal.SYSTEM, survey.id, null); // closes 28 days from today
        writeOwnerOnly(Path.of(invitationsFile), csv.toString().getBytes(StandardCharsets.UTF_8));
        LOG.infof("Demo data loaded: organisation '%s', its units, three trustees and an open survey; invitation codes"
                + " in %s, trustee key files in %s", SLUG, Path.of(invitationsFile).toAbsolutePath(),
                Path.of(trusteeKeysDir).toAbsolutePath());
    }

    private static void writeOwnerOnly(Path file, byte[] content) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the demo file " + file, e);
        }
    }

    private static byte[] resource(String path) {
        try (InputStream in = DemoData.class.getResourceAsStream(path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
