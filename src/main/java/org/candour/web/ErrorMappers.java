package org.candour.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.candour.org.UnitImportException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps every failure to a response that says what is wrong (4xx) or that something broke (5xx),
 * as JSON for the API and as a page for browsers. Exception text is never echoed for 5xx, and the
 * log carries a reference, never the request path or its contents.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    @CheckedTemplate(requireTypeSafeExpressions = false)
    static class Templates {
        static native TemplateInstance error(int status, String title, String message, List<String> problems,
                String reference);
    }

    @jakarta.inject.Inject
    RequestLog requestLog;

    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpHeaders headers, UriInfo uri) {
        // Like the request log, only staff paths: on a respondent's path even a refusal has a time.
        if (uri != null && requestLog.isLogged(uri.getPath())) {
            LOG.debugf("%d %s", e.status(), e.getMessage());
        }
        return respond(e.status(), e.getMessage(), e.problems(), null, headers, uri);
    }

    @ServerExceptionMapper
    public Response unitImport(UnitImportException e, HttpHeaders headers, UriInfo uri) {
        List<String> problems = e.problems().stream().map(p -> p.location() + ": " + p.message()).toList();
        return respond(400, e.getMessage(), problems, null, headers, uri);
    }

    @ServerExceptionMapper
    public Response invalidBlindedMessage(org.candour.crypto.InvalidBlindedMessageException e, HttpHeaders headers,
            UriInfo uri) {
        return respond(400, "blindedMessage: " + e.getMessage(), List.of(), null, headers, uri);
    }

    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e, HttpHeaders headers, UriInfo uri) {
        return badJson(e, headers, uri);
    }

    @ServerExceptionMapper
    public Response malformedJson(com.fasterxml.jackson.core.JsonParseException e, HttpHeaders headers, UriInfo uri) {
        return badJson(e, headers, uri);
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e, HttpHeaders headers, UriInfo uri) {
        return respond(400, badJsonMessage(e), List.of(), null, headers, uri);
    }

    /**
     * Jackson's own message can quote the input: report only where the problem is, and for a key
     * given twice or a string holding U+0000, which field (the key as {@link Echo#quoted} shows it).
     */
    static String badJsonMessage(JsonProcessingException e) {
        var loc = e.getLocation();
        String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
        if (e instanceof JsonConfig.NulCharacterException n) {
            return "The request body's field " + pathOf(n) + " contains the character U+0000, which cannot be stored"
                    + where;
        }
        String duplicate = duplicateKey(e);
        if (duplicate != null) {
            return "The request body gives the field " + Echo.quoted(duplicate) + " more than once" + where;
        }
        String what = e instanceof MismatchedInputException m && m.getPath() != null && !m.getPath().isEmpty()
                ? " (field " + pathOf(m) + " has the wrong type)" : "";
        return "The request body is not valid JSON" + where + what;
    }

    /**
     * The JSON error for a failure on an API route served outside Quarkus REST (the issue route),
     * worded as the mappers here word it: a problem's own status and message, a blinded message's
     * reason, where the JSON broke, or a 500 with a reference that is logged without the message.
     */
    public static ErrorBody apiError(Throwable e) {
        if (e instanceof ProblemException p) {
            return new ErrorBody(p.status(), p.getMessage(), p.problems(), null);
        }
        if (e instanceof org.candour.crypto.InvalidBlindedMessageException b) {
            return new ErrorBody(400, "blindedMessage: " + b.getMessage(), List.of(), null);
        }
        if (e instanceof JsonProcessingException j) {
            return new ErrorBody(400, badJsonMessage(j), List.of(), null);
        }
        return serverErrorBody(e);
    }

    @ServerExceptionMapper(priority = 4000)
    public Response webApplication(WebApplicationException e, HttpHeaders headers, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return badJson(json, headers, uri);
        }
        if (status >= 500) {
            return serverError(e, headers, uri);
        }
        if (status == 401 || (status >= 300 && status < 400)) {
            return e.getResponse();
        }
        return respond(status, statusError(status).error(), List.of(), null, headers, uri);
    }

    /**
     * The error for a request refused by its HTTP status alone (404, 405, 406, 413, 415, or another
     * 4xx), worded the same whether Quarkus REST or a bare route (the issue route) refused it.
     */
    public static ErrorBody statusError(int status) {
        String message = switch (status) {
            case 404 -> "There is nothing here.";
            case 405 -> "That method is not allowed here.";
            case 406 -> "That response format is not available here.";
            case 413 -> "The request is too large.";
            case 415 -> "That content type is not accepted here.";
            default -> "The request was not accepted.";
        };
        return new ErrorBody(status, message, List.of(), null);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpHeaders headers, UriInfo uri) {
        return respond(403, "Your account does not have the role this needs.", List.of(), null, headers, uri);
    }

    @ServerExceptionMapper(priority = 4000)
    public Response unauthorized(UnauthorizedException e, HttpHeaders headers, UriInfo uri) {
        return respond(401, "Sign in first.", List.of(), null, headers, uri);
    }

    @ServerExceptionMapper(priority = 4000)
    public Response authFailed(AuthenticationFailedException e, HttpHeaders headers, UriInfo uri) {
        return respond(401, "Sign-in failed.", List.of(), null, headers, uri);
    }

    @ServerExceptionMapper(priority = 5000)
    public Response serverError(Throwable e, HttpHeaders headers, UriInfo uri) {
        if (unreadableForm(e)) {
            return respond(400, "The form could not be read: send it as a browser does (url-encoded or multipart).",
                    List.of(), null, headers, uri);
        }
        ErrorBody body = serverErrorBody(e);
        Response r = respond(body.status(), body.error(), List.of(), body.reference(), headers, uri);
        return body.status() == 503 ? retryLater(r) : r;
    }

    /**
     * Quarkus REST's form readers fail with whatever their decoding hits (a bad percent escape, an
     * unknown charset, a broken multipart boundary): those are the client's malformed body, not our bug.
     */
    private static boolean unreadableForm(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (StackTraceElement frame : t.getStackTrace()) {
                String c = frame.getClassName();
                if (c.startsWith(FORM_READERS) && (c.contains("FormBodyHandler") || c.contains(".multipart."))) {
                    return true;
                }
                if (c.startsWith("org.candour.")) {
                    break;
                }
            }
        }
        return false;
    }

    private static final String FORM_READERS = "org.jboss.resteasy.reactive.server.";

    /** Adds {@code Retry-After} to a 503. */
    private static Response retryLater(Response r) {
        return Response.fromResponse(r).header("Retry-After", DatabaseUnavailable.RETRY_AFTER_SECONDS).build();
    }

    /**
     * A 503 when the database cannot be reached (logged at DEBUG only: on a respondent's path even a
     * refusal has a time; health checks show the outage), else a 500 with a reference.
     */
    private static ErrorBody serverErrorBody(Throwable e) {
        if (DatabaseUnavailable.causedBy(e)) {
            LOG.debug("The database is unreachable; answered 503");
            return new ErrorBody(503, "The service is briefly unavailable. Please try again in a few seconds.",
                    List.of(), null);
        }
        String reference = HexFormat.of().formatHex(randomBytes());
        // Exception messages can quote data (a database error quotes the row it refused), so the
        // log gets the classes and stack frames only.
        LOG.errorf(LogSafe.redact(e), "Unexpected failure, reference %s", reference);
        return new ErrorBody(500, "Something went wrong on our side. Quote reference " + reference
                + " if you report it.", List.of(), reference);
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return b;
    }

    /** The key Jackson's duplicate detection refused ("Duplicate field 'name'"), or null. */
    private static String duplicateKey(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        String prefix = "Duplicate field '";
        if (e instanceof MismatchedInputException || m == null || !m.startsWith(prefix) || !m.endsWith("'")
                || m.length() < prefix.length() + 1) {
            return null;
        }
        return m.substring(prefix.length(), m.length() - 1);
    }

    private static String pathOf(MismatchedInputException m) {
        StringBuilder sb = new StringBuilder();
        for (var ref : m.getPath()) {
            if (ref.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    static Response respond(int status, String message, List<String> problems, String reference,
            HttpHeaders headers, UriInfo uri) {
        if (wantsHtml(headers, uri)) {
            String html = Templates.error(status, title(status), message, problems, reference).render();
            return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(html).build();
        }
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(status, message, problems, reference)).build();
    }

    private static boolean wantsHtml(HttpHeaders headers, UriInfo uri) {
        if (uri != null && uri.getPath().startsWith("/api/")) {
            return false;
        }
        List<MediaType> accept = headers == null ? List.of() : headers.getAcceptableMediaTypes();
        return accept.stream().anyMatch(t -> t.isCompatible(MediaType.TEXT_HTML_TYPE) && !t.isWildcardType());
    }

    private static String title(int status) {
        return switch (status) {
            case 400, 422 -> "Please check what you sent";
            case 401 -> "Sign in first";
            case 403 -> "Not allowed";
            case 404 -> "Not found";
            case 409 -> "That clashes with the current state";
            case 410 -> "No longer available";
            case 413 -> "Too large";
            case 429 -> "Too many requests";
            case 503 -> "Briefly unavailable";
            default -> status >= 500 ? "Something went wrong" : "Request not accepted";
        };
    }
}
