package org.candour.demo;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.candour.account.StaffPrincipal;
import org.candour.org.Organisation;
import org.candour.org.OrganisationService;
import org.candour.survey.SurveyService;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * With {@code candour.demo.enabled} (on in dev mode), loads a demo organisation, its reporting
 * units and a draft survey from the probation template into an empty database.
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
        surveys.createFromTemplate(o, "probation-wellbeing");
        LOG.infof("Demo data loaded: organisation '%s' with its units and a draft survey", SLUG);
    }

    private static byte[] resource(String path) {
        try (InputStream in = DemoData.class.getResourceAsStream(path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
