package org.candour.survey;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/** Ready-made survey definitions shipped with Candour (src/main/resources/survey-templates). */
public final class SurveyTemplates {

    /** A template's id, title and one-line summary. */
    public record Template(String id, String title, String summary) {
    }

    public static final List<Template> ALL = List.of(new Template("probation-wellbeing",
            "Probation staff wellbeing and workload",
            "Workload and caseload, safety, bullying and discrimination, trust in leadership, "
                    + "intention to leave and trauma exposure, with three optional demographics."));

    private SurveyTemplates() {
    }

    public static Optional<Template> find(String id) {
        return ALL.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    /** The template's JSON definition. */
    public static byte[] load(String id) {
        if (find(id).isEmpty()) {
            throw new IllegalArgumentException("no template " + id);
        }
        try (InputStream in = SurveyTemplates.class.getResourceAsStream("/survey-templates/" + id + ".json")) {
            if (in == null) {
                throw new IllegalStateException("template resource missing: " + id);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
