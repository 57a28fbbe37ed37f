package org.candour.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** AES-256-GCM key wrapping and the master key's purpose keys. Plain JUnit, no Quarkus. */
class KeyWrapperTest {

    private static final String DAMAGED = "wrapped key is damaged or belongs elsewhere";
    private static final byte[] AAD = "issuer-key/3f2a".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SECRET = "-----a private key in PKCS#8-----".getBytes(StandardCharsets.UTF_8);

    private final KeyWrapper wrapper = new KeyWrapper(bytes(32, 1));

    @Test
    void roundTripsWithTheDocumentedLayout() {
        byte[] wrapped = wrapper.wrap(SECRET, AAD);
        assertEquals(1 + 12 + SECRET.length + 16, wrapped.length);
        assertEquals(1, wrapped[0]);
        assertArrayEquals(SECRET, wrapper.unwrap(wrapped, AAD));
        assertArrayEquals(new byte[0], wrapper.unwrap(wrapper.wrap(new byte[0], new byte[0]), new byte[0]));
    }

    @Test
    void twoWrapsOfOnePlaintextDiffer() {
        byte[] a = wrapper.wrap(SECRET, AAD);
        byte[] b = wrapper.wrap(SECRET, AAD);
        assertFalse(Arrays.equals(a, b));
        assertFalse(Arrays.equals(Arrays.copyOfRange(a, 1, 13), Arrays.copyOfRange(b, 1, 13)), "fresh nonces");
    }

    @Test
    void refusesWrongAssociatedData() {
        byte[] wrapped = wrapper.wrap(SECRET, AAD);
        assertDamaged(() -> wrapper.unwrap(wrapped, "issuer-key/3f2b".getBytes(StandardCharsets.UTF_8)));
        assertDamaged(() -> wrapper.unwrap(wrapped, new byte[0]));
    }

    @Test
    void refusesEveryFlippedBit() {
        byte[] wrapped = wrapper.wrap(SECRET, AAD);
        for (int bit = 0; bit < 8 * wrapped.length; bit++) {
            byte[] damaged = wrapped.clone();
            damaged[bit / 8] ^= (byte) (1 << (bit % 8));
            assertDamaged(() -> wrapper.unwrap(damaged, AAD));
        }
    }

    @Test
    void refusesAnotherKey() {
        byte[] wrapped = wrapper.wrap(SECRET, AAD);
        assertDamaged(() -> new KeyWrapper(bytes(32, 2)).unwrap(wrapped, AAD));
    }

    @Test
    void refusesTruncatedOrBadlyVersionedInput() {
        byte[] wrapped = wrapper.wrap(SECRET, AAD);
        for (int length = 0; length < wrapped.length; length++) {
            byte[] truncated = Arrays.copyOf(wrapped, length);
            assertDamaged(() -> wrapper.unwrap(truncated, AAD));
        }
        byte[] version2 = wrapped.clone();
        version2[0] = 2;
        assertDamaged(() -> wrapper.unwrap(version2, AAD));
        assertDamaged(() -> wrapper.unwrap(null, AAD));
    }

    @Test
    void needsA32ByteKey() {
        assertThrows(IllegalArgumentException.class, () -> new KeyWrapper(new byte[16]));
        assertThrows(IllegalArgumentException.class, () -> new KeyWrapper(new byte[33]));
        assertThrows(IllegalArgumentException.class, () -> new KeyWrapper(null));
        assertFalse(wrapper.toString().contains("0101"));
    }

    @Test
    void masterKeyDerivesIndependentPurposeKeys() throws Exception {
        byte[] master = bytes(32, 9);
        MasterKey masterKey = new MasterKey(Optional.of(Base64.getEncoder().encodeToString(master)));
        byte[] wrapping = masterKey.derive("key-wrap/v1");
        assertEquals(32, wrapping.length);

        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(master, "HmacSHA256"));
        assertArrayEquals(mac.doFinal("candour/key-wrap/v1".getBytes(StandardCharsets.UTF_8)), wrapping);
        assertArrayEquals(wrapping, masterKey.derive("key-wrap/v1"));
        assertFalse(Arrays.equals(wrapping, masterKey.derive("csrf/v1")));
        // The same derivation as KeyedHash.derive: its key, used as an HMAC key, gives the same hashes.
        Mac purpose = Mac.getInstance("HmacSHA256");
        purpose.init(new SecretKeySpec(masterKey.derive("csrf/v1"), "HmacSHA256"));
        assertArrayEquals(purpose.doFinal(AAD), masterKey.purpose("csrf/v1").hash(AAD));

        KeyWrapper derived = new KeyWrapper(wrapping);
        assertArrayEquals(SECRET, derived.unwrap(derived.wrap(SECRET, AAD), AAD));
        assertTrue(masterKey.toString().contains("REDACTED"));
    }

    private static void assertDamaged(Executable unwrap) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, unwrap);
        assertEquals(DAMAGED, e.getMessage());
    }

    private static byte[] bytes(int length, int value) {
        byte[] out = new byte[length];
        Arrays.fill(out, (byte) value);
        return out;
    }
}
