package org.candour.account;

import java.security.Principal;
import java.util.Set;
import java.util.UUID;

/** Who is signed in. {@code organisationId} is null for a platform account. */
public record StaffPrincipal(UUID accountId, String username, String displayName, UUID organisationId,
        Set<Role> roles) implements Principal {

    @Override
    public String getName() {
        return username;
    }

    public boolean platformWide() {
        return organisationId == null;
    }

    public static StaffPrincipal of(StaffAccount a) {
        return new StaffPrincipal(a.id, a.username, a.displayName, a.organisationId, Set.copyOf(a.roles));
    }
}
