package org.candour.token;

import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.candour.web.Base64Url;
import org.candour.web.ProblemException;
import org.candour.web.RateLimiter;

/**
 * The respondent's side of issuance (see docs/protocol.md). Anonymous: nothing about the caller is
 * read, stored or logged; the rate limit counts requests, not people.
 */
@Path("/api/v1/tokens")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class TokenResource {

    @Inject
    TokenService tokens;

    @Inject
    TokenConfig config;

    private RateLimiter limiter;

    public record LookupRequest(String invitationCode) {
    }

    public record IssueRequest(String invitationCode, String keyId, String blindedMessage) {
    }

    public record IssueResponse(String blindSignature) {
    }

    @PostConstruct
    void init() {
        limiter = RateLimiter.perSecond(config.ratePerSecond());
    }

    @POST
    @Path("lookup")
    public TokenService.Lookup lookup(LookupRequest in) {
        limiter.acquire();
        if (in == null || in.invitationCode() == null || in.invitationCode().isBlank()) {
            throw ProblemException.badRequest("invitationCode: required.");
        }
        return tokens.lookup(in.invitationCode());
    }

    @POST
    @Path("issue")
    public IssueResponse issue(IssueRequest in) {
        limiter.acquire();
        if (in == null) {
            throw ProblemException.badRequest("Send {\"invitationCode\", \"keyId\", \"blindedMessage\"}.");
        }
        if (in.invitationCode() == null || in.invitationCode().isBlank()) {
            throw ProblemException.badRequest("invitationCode: required.");
        }
        if (in.keyId() == null || !in.keyId().matches("[0-9a-f]{64}")) {
            throw ProblemException.badRequest("keyId: required, 64 lowercase hex characters.");
        }
        byte[] blinded = Base64Url.decode("blindedMessage", in.blindedMessage());
        return new IssueResponse(Base64Url.encode(tokens.issue(in.invitationCode(), in.keyId(), blinded)));
    }
}
