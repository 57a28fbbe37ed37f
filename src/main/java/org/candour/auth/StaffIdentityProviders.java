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
import org.candour.account.Role;
import org.candour.account.SessionService;
import org.candour.account.StaffPrincipal;

/** Turns a password or a session cookie into a {@link SecurityIdentity} with the account's roles. */
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

    @ApplicationScoped
    public static class Session implements IdentityProvider<SessionAuthenticationRequest> {

        @Inject
        SessionService sessions;

        @Override
        public Class<SessionAuthenticationRequest> getRequestType() {
            return SessionAuthenticationRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(SessionAuthenticationRequest request,
                AuthenticationRequestContext context) {
            return blocking(context, () -> sessions.resolve(request.cookie()));
        }
    }
}
