package org.candour.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The two Argon2id derivations from a receipt, at test cost (1 MiB, 1 pass). Plain JUnit, no Quarkus. */
class ReceiptKeysTest {

    private static final String RECEIPT = ReceiptWords.shipped().generate();
    private static final byte[] PEPPER = filled(32, 7);

    private final ReceiptKeys keys = new ReceiptKeys(PEPPER, 1024, 1, 1);

    @Test
    void deterministicThirtyTwoBytes() {
        byte[] lookup = keys.lookup(RECEIPT);
        byte[] unwrap = keys.unwrapKey(RECEIPT);
        assertEquals(32, lookup.length);
        assertEquals(32, unwrap.length);
        assertArrayEquals(lookup, keys.lookup(RECEIPT));
        assertArrayEquals(unwrap, new ReceiptKeys(PEPPER.clone(), 1024, 1, 1).unwrapKey(RECEIPT));
    }

    @Test
    void lookupAndUnwrapKeyDiffer() {
        assertFalse(Arrays.equals(keys.lookup(RECEIPT), keys.unwrapKey(RECEIPT)));
    }

    /** Exactly the documented formula: Argon2id(receipt, SHA-256(pepper ‖ label)). */
    @Test
    void matchesTheDocumentedDerivation() throws Exception {
        for (String label : new String[] {"candour/wb-lookup/v1", "candour/wb-unwrap/v1"}) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(PEPPER);
            byte[] salt = sha.digest(label.getBytes(StandardCharsets.UTF_8));
            byte[] expected = Argon2idPasswordHasher.derive(RECEIPT.toCharArray(), salt, 1024, 1, 1, 32);
            byte[] actual = label.contains("lookup") ? keys.lookup(RECEIPT) : keys.unwrapKey(RECEIPT);
            assertArrayEquals(expected, actual, label);
        }
    }

    @Test
    void anotherPepperReceiptOrCostGivesOtherValues() {
        ReceiptKeys otherPepper = new ReceiptKeys(filled(32, 8), 1024, 1, 1);
        assertFalse(Arrays.equals(keys.lookup(RECEIPT), otherPepper.lookup(RECEIPT)));
        assertFalse(Arrays.equals(keys.unwrapKey(RECEIPT), otherPepper.unwrapKey(RECEIPT)));
        String other = ReceiptWords.shipped().generate();
        assertFalse(Arrays.equals(keys.lookup(RECEIPT), keys.lookup(other)));
        assertFalse(Arrays.equals(keys.unwrapKey(RECEIPT), keys.unwrapKey(other)));
        ReceiptKeys costlier = new ReceiptKeys(PEPPER, 2048, 1, 1);
        assertFalse(Arrays.equals(keys.lookup(RECEIPT), costlier.lookup(RECEIPT)));
    }

    @Test
    void thePepperIsNotKept() {
        byte[] pepper = filled(32, 7);
        ReceiptKeys k = new ReceiptKeys(pepper, 1024, 1, 1);
        Arrays.fill(pepper, (byte) 0);
        assertArrayEquals(keys.lookup(RECEIPT), k.lookup(RECEIPT));
        assertEquals("ReceiptKeys[argon2id m=1024,t=1,p=1, pepper=[REDACTED]]", k.toString());
    }

    @Test
    void refusesWhatIsNotACanonicalReceipt() {
        assertThrows(IllegalArgumentException.class, () -> keys.lookup(RECEIPT.toUpperCase()));
        assertThrows(IllegalArgumentException.class, () -> keys.unwrapKey(RECEIPT.replace(' ', '-')));
        assertThrows(IllegalArgumentException.class, () -> keys.lookup(" " + RECEIPT));
        assertThrows(IllegalArgumentException.class, () -> keys.lookup("correct horse battery staple"));
        assertThrows(IllegalArgumentException.class, () -> keys.unwrapKey(null));
    }

    @Test
    void refusesABadPepperOrParameters() {
        assertThrows(IllegalArgumentException.class, () -> new ReceiptKeys(null, 1024, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ReceiptKeys(new byte[31], 1024, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ReceiptKeys(new byte[33], 1024, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ReceiptKeys(PEPPER, 4, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ReceiptKeys(PEPPER, 1024, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ReceiptKeys(PEPPER, 1024, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new ReceiptKeys(PEPPER, 2 * 1024 * 1024, 1, 1));
    }

    @Test
    void productionDefaultsAreThoseOfPasswords() {
        assertEquals(65536, ReceiptKeys.DEFAULT_MEMORY_KIB);
        assertEquals(3, ReceiptKeys.DEFAULT_ITERATIONS);
        assertEquals(1, ReceiptKeys.DEFAULT_PARALLELISM);
        new ReceiptKeys(PEPPER, ReceiptKeys.DEFAULT_MEMORY_KIB, ReceiptKeys.DEFAULT_ITERATIONS,
                ReceiptKeys.DEFAULT_PARALLELISM);
    }

    private static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }
}
