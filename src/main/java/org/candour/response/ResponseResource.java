package org.candour.response;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.candour.token.TokenConfig;
import org.candour.web.Base64Url;
import org.candour.web.ProblemException;
import org.candour.web.SharedRateLimit;

/** Spending a survey pass on answers (docs/protocol.md). Anonymous and never logged. */
@Path("/api/v1/surveys/{surveyId}/responses")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ResponseResource {

    @Inject
    SpendService spends;

    @Inject
    TokenConfig config;

    @Inject
    AgroalDataSource dataSource;

    private SharedRateLimit limiter;

    public record Token(String keyId, String message, String signature) {
    }

    public record SpendRequest(Token token, String submissionId, JsonNode answers) {
    }

    public record SpendResponse(String receipt) {
    }

    @PostConstruct
    void init() {
        limiter = SharedRateLimit.perSecond(dataSource, "spend", config.ratePerSecond());
    }

    @POST
    public Response spend(@PathParam("surveyId") UUID surveyId, SpendRequest in) {
        limiter.acquire();
        if (in == null || in.token() == null) {
            throw ProblemException.badRequest("token: required ({\"keyId\", \"message\", \"signature\"}).");
        }
        if (in.token().keyId() == null || !in.token().keyId().matches("[0-9a-f]{64}")) {
            throw ProblemException.badRequest("token.keyId: required, 64 lowercase hex characters.");
        }
        byte[] message = Base64Url.decode("token.message", in.token().message());
        byte[] signature = Base64Url.decode("token.signature", in.token().signature());
        byte[] submissionId = SpendService.submissionId("submissionId", in.submissionId());
        String receipt = spends.spend(surveyId, in.token().keyId(), message, signature, submissionId, in.answers());
        return Response.status(201).entity(new SpendResponse(receipt)).build();
    }
}
