package org.candour.token;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.candour.web.ProblemException;

/**
 * The respondent's lookup (see docs/protocol.md); the issue endpoint beside it is {@link IssueRoute}.
 * Anonymous: nothing about the caller is read, stored or logged; the rate limit counts requests,
 * not people.
 */
@Path("/api/v1/tokens")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class TokenResource {

    @Inject
    TokenService tokens;

    @Inject
    TokenRateLimit limit;

    public record LookupRequest(String invitationCode) {
    }

    @POST
    @Path("lookup")
    public TokenService.Lookup lookup(LookupRequest in) {
        limit.acquire();
        if (in == null || in.invitationCode() == null || in.invitationCode().isBlank()) {
            throw ProblemException.badRequest("invitationCode: required.");
        }
        return tokens.lookup(in.invitationCode());
    }
}
