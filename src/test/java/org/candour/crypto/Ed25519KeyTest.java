package org.candour.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Ed25519 against RFC 8032's published vectors, and its refusals. Plain JUnit, no Quarkus. */
class Ed25519KeyTest {

    private static final HexFormat HEX = HexFormat.of();

    // RFC 8032 section 7.1, TEST 1: the empty message.
    private static final byte[] TEST1_SEED = HEX.parseHex(
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    private static final byte[] TEST1_PUBLIC = HEX.parseHex(
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    private static final byte[] TEST1_SIGNATURE = HEX.parseHex(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");

    @Test
    void matchesRfc8032Test1() {
        Ed25519Key key = Ed25519Key.fromSeed(TEST1_SEED);
        assertArrayEquals(TEST1_PUBLIC, key.publicKey());
        assertArrayEquals(TEST1_SIGNATURE, key.sign(new byte[0]));
        assertTrue(Ed25519Key.verify(TEST1_PUBLIC, new byte[0], TEST1_SIGNATURE));
    }

    @Test
    void theSeedRoundTripsAndIsACopy() {
        Ed25519Key key = Ed25519Key.generate();
        byte[] seed = key.seed();
        assertEquals(Ed25519Key.KEY_BYTES, seed.length);
        Ed25519Key again = Ed25519Key.fromSeed(seed);
        assertArrayEquals(key.publicKey(), again.publicKey());
        seed[0] ^= 1;
        assertArrayEquals(again.seed(), key.seed(), "wiping the caller's copy changes nothing");
        key.publicKey()[0] ^= 1;
        assertArrayEquals(again.publicKey(), key.publicKey());
    }

    @Test
    void signaturesAreDeterministicAndVerify() {
        Ed25519Key key = Ed25519Key.generate();
        byte[] msg = "results.json".getBytes(StandardCharsets.UTF_8);
        byte[] sig = key.sign(msg);
        assertEquals(Ed25519Key.SIGNATURE_BYTES, sig.length);
        assertArrayEquals(sig, key.sign(msg));
        assertTrue(Ed25519Key.verify(key.publicKey(), msg, sig));
    }

    @Test
    void refusesChangesAndAnotherKeyWithFalse() {
        Ed25519Key key = Ed25519Key.generate();
        byte[] msg = "day:2026-12-06".getBytes(StandardCharsets.UTF_8);
        byte[] sig = key.sign(msg);
        byte[] otherMsg = msg.clone();
        otherMsg[0] ^= 1;
        assertFalse(Ed25519Key.verify(key.publicKey(), otherMsg, sig));
        for (int i = 0; i < sig.length; i++) {
            byte[] bad = sig.clone();
            bad[i] ^= 1;
            assertFalse(Ed25519Key.verify(key.publicKey(), msg, bad), "byte " + i);
        }
        assertFalse(Ed25519Key.verify(Ed25519Key.generate().publicKey(), msg, sig));
        assertFalse(Ed25519Key.verify(null, msg, sig));
        assertFalse(Ed25519Key.verify(key.publicKey(), null, sig));
        assertFalse(Ed25519Key.verify(key.publicKey(), msg, null));
        assertFalse(Ed25519Key.verify(new byte[31], msg, sig));
        assertFalse(Ed25519Key.verify(key.publicKey(), msg, new byte[63]));
    }

    @Test
    void refusesBadSeedsAndHidesTheKeyFromLogs() {
        assertThrows(IllegalArgumentException.class, () -> Ed25519Key.fromSeed(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> Ed25519Key.fromSeed(null));
        assertEquals("Ed25519Key[REDACTED]", Ed25519Key.fromSeed(TEST1_SEED).toString());
    }
}
