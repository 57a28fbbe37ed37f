package org.candour.response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.candour.auth.CsrfProtected;
import org.candour.auth.CsrfTokens;
import org.candour.survey.Survey;
import org.candour.survey.SurveyDefinition;
import org.candour.survey.SurveyDefinition.Question;
import org.candour.survey.SurveyStatus;
import org.candour.web.Base64Url;
import org.candour.web.ProblemException;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/**
 * The answering page: a plain form that works without JavaScript (the pass can be pasted), sent
 * to the same spend as the API. Never logged; nothing about the visitor is read. Its CSRF cookie is
 * its own, made for each visit and sent back only to this survey's form ({@link CsrfProtected.Scope#FORM}).
 * Each visit also gets a fresh submission id in a hidden field; {@code js/answer.js} replaces it with
 * one chosen on the device and kept with the pass until the receipt is shown.
 */
@Path("/s/{id}/answer")
@CsrfProtected(CsrfProtected.Scope.FORM)
@Produces(MediaType.TEXT_HTML)
public class AnswerPages {

    static final String PASS_PREFIX = "candour-pass:v1:";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    SpendService spends;

    @Inject
    CsrfTokens csrf;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance form(Survey survey, SurveyDefinition definition, String csrfToken,
                String submissionId);

        static native TemplateInstance receipt(Survey survey, String receipt);
    }

    @GET
    public TemplateInstance form(@PathParam("id") UUID id) {
        Survey s = open(id);
        byte[] submissionId = new byte[SpendService.SUBMISSION_ID_BYTES];
        RANDOM.nextBytes(submissionId);
        return Templates.form(s, s.parsed(), csrf.formToken("/s/" + s.id + "/answer"), Base64Url.encode(submissionId));
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response answer(@PathParam("id") UUID id, @RestForm("_csrf") String csrf, MultipartFormDataInput form) {
        Survey s = open(id);
        JsonNode pass = readPass(first(form, "pass"));
        if (!s.id.toString().equals(pass.path("surveyId").asText())) {
            throw new ProblemException(403, "This survey pass is for another survey.");
        }
        String keyId = pass.path("keyId").asText();
        if (!keyId.matches("[0-9a-f]{64}")) {
            throw ProblemException.badRequest("That survey pass is damaged: paste all of it again.");
        }
        byte[] message = Base64Url.decode("pass", pass.path("message").asText());
        byte[] signature = Base64Url.decode("pass", pass.path("signature").asText());
        byte[] submissionId = SpendService.submissionId("submissionId", first(form, "submissionId"));
        String receipt = spends.spend(s.id, keyId, message, signature, submissionId, answers(s.parsed(), form));
        return Response.status(201).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.receipt(s, receipt).render()).build();
    }

    private static Survey open(UUID id) {
        Survey s = id == null ? null : Survey.findById(id);
        if (s == null || s.status == SurveyStatus.DRAFT) {
            throw ProblemException.notFound("No open survey has that address.");
        }
        if (s.status == SurveyStatus.CLOSED) {
            throw new ProblemException(410, "This survey has closed.");
        }
        return s;
    }

    /** A pass as the pass page shows it: "candour-pass:v1:" and base64url JSON. */
    static JsonNode readPass(String text) {
        String t = text == null ? "" : text.replaceAll("\\s", "");
        if (!t.startsWith(PASS_PREFIX)) {
            throw ProblemException.badRequest("That is not a Candour survey pass. Paste the whole pass: it starts "
                    + "with \"candour-pass:v1:\".");
        }
        try {
            return JSON.readTree(new String(Base64Url.decode("pass", t.substring(PASS_PREFIX.length())),
                    StandardCharsets.UTF_8));
        } catch (IOException | ProblemException e) {
            throw ProblemException.badRequest("That survey pass is damaged: paste all of it again.");
        }
    }

    /** The form's fields (q.{questionId}) as the API's answers; the validator judges them. */
    static ArrayNode answers(SurveyDefinition d, MultipartFormDataInput form) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (Question q : d.questions()) {
            List<String> values = values(form, "q." + q.id());
            if (values.isEmpty()) {
                continue;
            }
            ObjectNode a = out.addObject().put("questionId", q.id());
            switch (q.type()) {
                case MULTI -> {
                    ArrayNode options = a.putArray("value");
                    values.forEach(options::add);
                }
                case LIKERT5 -> {
                    try {
                        a.put("value", Integer.parseInt(values.get(0)));
                    } catch (NumberFormatException e) {
                        a.put("value", values.get(0));
                    }
                }
                case NUMBER -> {
                    try {
                        a.put("value", new BigDecimal(values.get(0)));
                    } catch (NumberFormatException e) {
                        a.put("value", values.get(0));
                    }
                }
                default -> a.put("value", values.get(0));
            }
        }
        return out;
    }

    private static List<String> values(MultipartFormDataInput form, String name) {
        Collection<FormValue> raw = form.getValues().get(name);
        List<String> out = new ArrayList<>();
        if (raw != null) {
            for (FormValue v : raw) {
                if (!v.isFileItem() && v.getValue() != null && !v.getValue().isBlank()) {
                    out.add(v.getValue().trim());
                }
            }
        }
        return out;
    }

    private static String first(MultipartFormDataInput form, String name) {
        List<String> v = values(form, name);
        return v.isEmpty() ? null : v.get(0);
    }
}
