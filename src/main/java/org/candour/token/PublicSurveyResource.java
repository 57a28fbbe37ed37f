package org.candour.token;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.candour.crypto.BlindSigner;
import org.candour.org.ReportingUnit;
import org.candour.survey.Survey;
import org.candour.survey.SurveyDefinition;
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

    public record DirectoryKey(String keyId, String unitId, String unitName, String spki) {
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

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PublicSurvey(String surveyId, String title, String description, int k, String status,
            List<PublicQuestion> questions, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> breakdowns) {
    }

    @GET
    @Path("{id}")
    public PublicSurvey survey(@PathParam("id") UUID id) {
        Survey s = published(id);
        SurveyDefinition d = s.parsed();
        List<PublicQuestion> questions = d.questions().stream().map(PublicSurveyResource::question).toList();
        return new PublicSurvey(s.id.toString(), d.title(), d.description(), d.k(), s.status.name(), questions,
                d.breakdowns());
    }

    @GET
    @Path("{id}/issuer-keys")
    public Directory issuerKeys(@PathParam("id") UUID id) {
        Survey s = published(id);
        List<DirectoryKey> keys = IssuerKey.ofSurvey(s.id).stream().map(k -> {
            ReportingUnit u = ReportingUnit.findById(k.unitId);
            return new DirectoryKey(k.keyId, u.externalId, u.name, Base64Url.encode(k.spki));
        }).toList();
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
