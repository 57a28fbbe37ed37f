package org.candour.auth;

import io.quarkus.runtime.BlockingOperationNotAllowedException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.candour.account.Role;
import org.candour.account.StaffPrincipal;
import org.candour.web.ProblemException;

/** The signed-in staff member of this request; templates read it as {@code {inject:staff}}. */
@RequestScoped
@Named("staff")
public class CurrentStaff {

    @Inject
    SecurityIdentity identity;

    /** The principal, or 401 when nobody is signed in. */
    public StaffPrincipal get() {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof StaffPrincipal p)) {
            throw new ProblemException(401, "Sign in first.");
        }
        return p;
    }

    public boolean isSignedIn() {
        try {
            return !identity.isAnonymous() && identity.getPrincipal() instanceof StaffPrincipal;
        } catch (AuthenticationFailedException e) {
            // A stale cookie on a public page: simply not signed in.
            return false;
        } catch (BlockingOperationNotAllowedException e) {
            // An error page made on the I/O thread (no resource ran, so nobody was authenticated):
            // resolving a session there would block the event loop, so the page shows no staff menu.
            return false;
        }
    }

    public boolean isPlatformWide() {
        return isSignedIn() && get().platformWide();
    }

    public String getName() {
        return isSignedIn() ? get().displayName() : "";
    }

    public boolean has(String role) {
        return isSignedIn() && get().roles().contains(Role.valueOf(role));
    }
}
