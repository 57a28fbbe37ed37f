package org.candour.account;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.EnumSet;
import java.util.Map;
import org.candour.account.AccountService.AccountInput;
import org.candour.db.EmbeddedPostgresTestResource;
import org.candour.support.Browserless;
import org.candour.support.CountingHasher;
import org.candour.support.Staff;
import org.candour.support.Unique;
import org.junit.jupiter.api.Test;

/**
 * Every refused sign-in runs Argon2id exactly once, whatever the password's shape and whatever the
 * account, so the time taken cannot tell them apart. Counted through {@link CountingHasher}, not timed.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresTestResource.class)
class ConstantCostSignInTest {

    private static final String PASSWORD = "the right passphrase here";

    @Inject
    AccountService accounts;

    @Test
    void everyPasswordShapeCostsOneHashForAKnownAccount() {
        CountingHasher hasher = CountingHasher.install();
        String user = account(true);
        hasher.runs();
        for (String password : new String[] {"", "x".repeat(AccountService.MAX_PASSWORD + 1),
                "y".repeat(1_000_000), "pässwörd ünïcödé 🙂 пароль", "short", "wrong but long enough"}) {
            assertTrue(accounts.authenticate(user, password.toCharArray()).isEmpty());
            assertEquals(1, hasher.runs(), "one Argon2id run for a password of " + password.length() + " characters");
            unlock(user);
        }
        assertTrue(accounts.authenticate(user, PASSWORD.toCharArray()).isPresent());
        assertEquals(1, hasher.runs(), "a correct password");
    }

    @Test
    void unknownDisabledAndLockedAccountsCostOneHashToo() {
        CountingHasher hasher = CountingHasher.install();
        String disabled = account(false);
        String locked = account(true);
        for (int i = 0; i < 5; i++) {
            accounts.authenticate(locked, "wrong but long enough".toCharArray());
        }
        hasher.runs();
        String[][] attempts = {{Unique.name("nobody"), PASSWORD}, {"Not A Valid Name!", PASSWORD}, {null, PASSWORD},
                {disabled, PASSWORD}, {locked, PASSWORD}, {Unique.name("nobody"), ""},
                {disabled, "z".repeat(5000)}, {locked, ""}};
        for (String[] a : attempts) {
            assertTrue(accounts.authenticate(a[0], a[1].toCharArray()).isEmpty());
            assertEquals(1, hasher.runs(), "one Argon2id run for " + a[0] + " with " + a[1].length() + " characters");
        }
    }

    @Test
    void aFormWithoutAPasswordAndBasicWithAnEmptyOneCostOneHash() {
        CountingHasher hasher = CountingHasher.install();
        Browserless b = new Browserless();
        String token = b.token("/login");
        hasher.runs();
        b.post("/login", Map.of("_csrf", token, "username", Staff.ADMIN)).then().statusCode(401);
        assertEquals(1, hasher.runs(), "sign-in form without a password field");
        given().auth().preemptive().basic(Staff.ADMIN, "").get("/api/admin/accounts").then().statusCode(401);
        assertEquals(1, hasher.runs(), "HTTP Basic with an empty password");
        given().auth().preemptive().basic(Staff.ADMIN, "w".repeat(2000)).get("/api/admin/accounts").then().statusCode(401);
        assertEquals(1, hasher.runs(), "HTTP Basic with a very long password");
        unlock(Staff.ADMIN);
    }

    private String account(boolean enabled) {
        String name = Unique.name("cost");
        accounts.create(StaffPrincipal.SYSTEM, new AccountInput(name, "Cost " + name, PASSWORD,
                EnumSet.of(Role.STEWARD), null, enabled));
        return name;
    }

    private void unlock(String username) {
        accounts.unlock(StaffPrincipal.SYSTEM, accounts.list(StaffPrincipal.SYSTEM).stream()
                .filter(a -> a.username.equals(username)).findFirst().orElseThrow().id);
    }
}
