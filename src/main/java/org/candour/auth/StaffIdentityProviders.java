package org.candour.auth;

import io.quarkus.arc.Arc;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.function.Supplier;
import org.candour.account.AccountService;
import org.candour.account.ApiTokenService;
import org.candour.account.Role;
import org.candour.account.SessionService;
import org.candour.account.StaffPrincipal;

/** Turns a password, a session cookie or an API token into a {@link SecurityIdentity} with the account's roles. */
public final class StaffIdentityProviders {

    private StaffIdentityProviders() {
    }

    static SecurityIdentity identity(StaffPrincipal p) {
        QuarkusSecurityIdentity.Builder b = QuarkusSecurityIdentity.builder().setPrincipal(p);
        for (Role r : p.roles()) {
            b.addRole(r.name());
        }
        return b.build();
    }

    static Uni<SecurityIdentity> blocking(AuthenticationRequestContext context, Supplier<Optional<StaffPrincipal>> check) {
        return context.runBlocking(() -> {
            var requestContext = Arc.container().requestContext();
            boolean activated = !requestContext.isActive();
            if (activated) {
                requestContext.activate();
            }
            try {
                return check.get().map(StaffIdentityProviders::identity)
                        .orElseThrow(AuthenticationFailedException::new);
            } finally {
                if (activated) {
                    requestContext.terminate();
                }
            }
        });
    }

    @ApplicationScoped
    public static class Password implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

        @Inject
        AccountService accounts;

        @Override
        public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
            return UsernamePasswordAuthenticationRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
                AuthenticationRequestContext context) {
            return blocking(context, () -> accounts.authenticate(request.getUsername(),
                    request.getPassword().getPassword()));
        }
    }

    /** Session cookies and API tokens: a lookup by the secret's SHA-256, no Argon2id. */
    @ApplicationScoped
    public static class Secret implements IdentityProvider<SecretAuthenticationRequest> {

        @Inject
        SessionService sessions;

        @Inject
        ApiTokenService apiTokens;

        @Override
        public Class<SecretAuthenticationRequest> getRequestType() {
            return SecretAuthenticationRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(SecretAuthenticationRequest request,
                AuthenticationRequestContext context) {
            return blocking(context, () -> request.kind() == SecretAuthenticationRequest.Kind.API_TOKEN
                    ? apiTokens.resolve(request.secret())
                    : sessions.resolve(request.secret()));
        }
    }
}
