package org.candour.token;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.candour.crypto.BlindSigner;
import org.candour.survey.ClosingChange;
import org.candour.survey.Survey;
import org.candour.survey.SurveyDefinition;
import org.candour.survey.SurveyService;
import org.candour.survey.SurveyStatus;
import org.candour.web.Base64Url;
import org.candour.web.ProblemException;

/**
 * What any client needs, the same for everyone: a survey's public definition and its key
 * directory. A draft survey is not public.
 */
@Path("/api/v1/surveys")
@Produces(MediaType.APPLICATION_JSON)
public class PublicSurveyResource {

    @Inject
    IssuingPlanService plans;

    @Inject
    SurveyService surveys;

    /**
     * One key: its issuing unit, its public key, how many invitations it signs for, and the units
     * whose invitations issue under it (so a unit of one shows).
     */
    public record DirectoryKey(String keyId, String unitId, String unitName, String spki, int invitations,
            List<IssuingPlan.Unit> units) {
    }

    public record Directory(String surveyId, String algorithm, List<DirectoryKey> keys) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PublicOption(String id, String label) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PublicQuestion(String id, String type, String text, String help, boolean required,
            List<PublicOption> options, Integer maxChoices, BigDecimal min, BigDecimal max, Boolean integer,
            Integer maxLength, List<String> labels, Boolean demographic) {
    }

    /**
     * {@code closesOn}: the announced closing day (absent for a survey opened before days were announced);
     * {@code closingChanges}: every change to it since opening, oldest first, each with its sentence.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PublicSurvey(String surveyId, String title, String description, int k, String status,
            List<PublicQuestion> questions, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> breakdowns,
            LocalDate closesOn, List<ClosingChange.Json> closingChanges) {
    }

    @GET
    @Path("{id}")
    public PublicSurvey survey(@PathParam("id") UUID id) {
        Survey s = published(id);
        SurveyDefinition d = s.parsed();
        List<PublicQuestion> questions = d.questions().stream().map(PublicSurveyResource::question).toList();
        return new PublicSurvey(s.id.toString(), d.title(), d.description(), d.k(), s.status.name(), questions,
                d.breakdowns(), s.closesOn, surveys.changes(s.id).stream().map(ClosingChange::json).toList());
    }

    @GET
    @Path("{id}/issuer-keys")
    public Directory issuerKeys(@PathParam("id") UUID id) {
        Survey s = published(id);
        Map<String, IssuerKey> byId = new HashMap<>();
        IssuerKey.ofSurvey(s.id).forEach(k -> byId.put(k.keyId, k));
        List<DirectoryKey> keys = plans.published(s).keys().stream().map(k -> new DirectoryKey(k.keyId(), k.unitId(),
                k.unitName(), Base64Url.encode(byId.get(k.keyId()).spki), k.invitations(), k.units())).toList();
        return new Directory(s.id.toString(), BlindSigner.ALGORITHM, keys);
    }

    private static Survey published(UUID id) {
        Survey s = id == null ? null : Survey.findById(id);
        if (s == null || s.status == SurveyStatus.DRAFT) {
            throw ProblemException.notFound("No open or closed survey has that id.");
        }
        return s;
    }

    private static PublicQuestion question(SurveyDefinition.Question q) {
        List<PublicOption> options = q.options() == null || q.options().isEmpty() ? null
                : q.options().stream().map(o -> new PublicOption(o.id(), o.label())).toList();
        return switch (q.type()) {
            case LIKERT5 -> new PublicQuestion(q.id(), "likert5", q.text(), q.help(), q.required(), null, null, null,
                    null, null, null, q.labels(), null);
            case SINGLE -> new PublicQuestion(q.id(), "single", q.text(), q.help(), q.required(), options, null, null,
                    null, null, null, null, q.demographic() ? Boolean.TRUE : null);
            case MULTI -> new PublicQuestion(q.id(), "multi", q.text(), q.help(), q.required(), options, q.maxChoices(),
                    null, null, null, null, null, null);
            case NUMBER -> new PublicQuestion(q.id(), "number", q.text(), q.help(), q.required(), null, null, q.min(),
                    q.max(), q.integer(), null, null, null);
            case TEXT -> new PublicQuestion(q.id(), "text", q.text(), q.help(), q.required(), null, null, null, null,
                    null, q.maxLength(), null, null);
        };
    }
}
