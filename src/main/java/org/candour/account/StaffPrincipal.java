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

    /** Stands for Candour itself when it acts at start-up (bootstrap admin, demo data). */
    public static final StaffPrincipal SYSTEM = new StaffPrincipal(null, "system", "system", null, Set.of(Role.ADMIN));

    public boolean platformWide() {
        return organisationId == null;
    }

    /** True when this account may act for {@code organisation}: its own, or any if platform-wide. */
    public boolean mayActFor(UUID organisation) {
        return platformWide() || (organisation != null && organisation.equals(organisationId));
    }

    public static StaffPrincipal of(StaffAccount a) {
        return new StaffPrincipal(a.id, a.username, a.displayName, a.organisationId, Set.copyOf(a.roles));
    }
}
