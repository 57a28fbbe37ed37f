package org.candour.account;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import org.candour.crypto.Argon2idPasswordHasher;
import org.candour.crypto.PasswordHasher;

/** Wires the password hasher and creates the bootstrap admin at start. */
@ApplicationScoped
public class AccountStartup {

    /** Application-scoped (a client proxy) so that tests can count its calls with {@code QuarkusMock}. */
    @Produces
    @ApplicationScoped
    PasswordHasher passwordHasher(AccountConfig config) {
        return new Argon2idPasswordHasher(config.password().memoryKib(), config.password().iterations(),
                config.password().parallelism());
    }

    void onStart(@Observes @Priority(10) StartupEvent event, AccountService accounts) {
        accounts.bootstrapAdmin();
    }
}
