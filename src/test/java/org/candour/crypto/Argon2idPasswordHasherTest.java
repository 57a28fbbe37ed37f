package org.candour.crypto;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Argon2id against hashes made by the reference implementation (Debian's argon2 CLI), no Quarkus. */
class Argon2idPasswordHasherTest {

    private final Argon2idPasswordHasher hasher = new Argon2idPasswordHasher(1024, 1, 1);

    @Test
    void acceptsTheReferenceImplementationsReadmeVector() {
        // echo -n password | argon2 somesalt -id -t 2 -m 16 -p 1 -l 32 -e
        assertTrue(hasher.verify("password".toCharArray(),
                "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"));
    }

    @Test
    void acceptsAReferenceVectorWithThreeIterations() {
        // echo -n "correct horse battery staple" | argon2 "candour-salt-16b" -id -t 3 -m 10 -p 1 -l 32 -e
        String ref = "$argon2id$v=19$m=1024,t=3,p=1$Y2FuZG91ci1zYWx0LTE2Yg$NWYFwU8r9FKbs13tWocX6+lyllLN1PNkk3xTsYCyacw";
        assertTrue(hasher.verify("correct horse battery staple".toCharArray(), ref));
        assertFalse(hasher.verify("correct horse battery stapl".toCharArray(), ref));
        assertFalse(hasher.verify("correct horse battery staple".toCharArray(), ref.replace("t=3", "t=2")));
    }

    @Test
    void hashesRoundTripWithFreshSalts() {
        String a = hasher.hash("a long passphrase".toCharArray());
        String b = hasher.hash("a long passphrase".toCharArray());
        assertTrue(a.startsWith("$argon2id$v=19$m=1024,t=1,p=1$"));
        assertNotEquals(a, b);
        assertTrue(hasher.verify("a long passphrase".toCharArray(), a));
        assertFalse(hasher.verify("a long passphrasf".toCharArray(), a));
    }

    @Test
    void malformedHashesNeverVerify() {
        for (String bad : new String[] {null, "", "plain", "$argon2i$v=19$m=1024,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                "$argon2id$v=16$m=1024,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                "$argon2id$v=19$m=1,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                "$argon2id$v=19$m=9999999,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"}) {
            assertFalse(hasher.verify("password".toCharArray(), bad), String.valueOf(bad));
        }
    }

    @Test
    void weakerStoredParametersNeedARehash() {
        Argon2idPasswordHasher strong = new Argon2idPasswordHasher(2048, 2, 1);
        assertTrue(strong.needsRehash(hasher.hash("x".toCharArray())));
        assertFalse(strong.needsRehash(strong.hash("x".toCharArray())));
        assertTrue(strong.needsRehash("garbage"));
    }

    @Test
    void refusesParametersBelowTheAlgorithmsMinimum() {
        assertThrows(IllegalArgumentException.class, () -> new Argon2idPasswordHasher(4, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Argon2idPasswordHasher(1024, 0, 1));
    }

    @Test
    void purposeKeysAreIndependent() {
        byte[] master = new byte[32];
        KeyedHash a = KeyedHash.derive(master, "csrf/v1");
        KeyedHash b = KeyedHash.derive(master, "other/v1");
        assertFalse(KeyedHash.equal(a.hash("x"), b.hash("x")));
        assertTrue(KeyedHash.equal(a.hash("x"), KeyedHash.derive(master, "csrf/v1").hash("x")));
        assertThrows(IllegalArgumentException.class, () -> KeyedHash.derive(new byte[16], "csrf/v1"));
    }
}
