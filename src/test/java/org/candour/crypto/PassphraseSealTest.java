package org.candour.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Argon2id + AES-256-GCM sealing under a passphrase, with small Argon2 parameters. Plain JUnit, no Quarkus. */
class PassphraseSealTest {

    private static final String REFUSED = "the passphrase does not open this, or it was altered";
    private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();
    private static final byte[] AAD = "survey-key/17".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SECRET = "a 32-byte HPKE private key......".getBytes(StandardCharsets.UTF_8);
    private static final int HEADER = 35;

    private final PassphraseSeal seal = new PassphraseSeal(1024, 1, 1);

    @Test
    void roundTripsWithTheDocumentedLayout() {
        byte[] sealed = seal.seal(PASSPHRASE, SECRET, AAD);
        assertEquals(HEADER, PassphraseSeal.HEADER_BYTES);
        assertEquals(HEADER + SECRET.length + 16, sealed.length);
        ByteBuffer header = ByteBuffer.wrap(sealed);
        assertEquals(1, header.get(), "format");
        assertEquals(1024, header.getInt(), "memory KiB");
        assertEquals(1, header.get(), "iterations");
        assertEquals(1, header.get(), "parallelism");
        assertArrayEquals(SECRET, seal.open(PASSPHRASE, sealed, AAD));
        assertArrayEquals(new byte[0], seal.open(PASSPHRASE, seal.seal(PASSPHRASE, new byte[0], new byte[0]), new byte[0]));
        char[] unicode = "Kröte 🐸 — ĳ".toCharArray();
        assertArrayEquals(SECRET, seal.open(unicode, seal.seal(unicode, SECRET, AAD), AAD));
    }

    /** The format is what the class comment says: Argon2id(passphrase, salt) keys AES-256-GCM over header ‖ aad. */
    @Test
    void matchesAnIndependentDecryptionOfTheDocumentedFormat() throws Exception {
        PassphraseSeal p2 = new PassphraseSeal(2048, 2, 2);
        byte[] sealed = p2.seal(PASSPHRASE, SECRET, AAD);
        ByteBuffer in = ByteBuffer.wrap(sealed);
        in.get();
        assertEquals(2048, in.getInt());
        assertEquals(2, in.get());
        assertEquals(2, in.get());
        byte[] salt = new byte[16];
        byte[] nonce = new byte[12];
        in.get(salt).get(nonce);
        byte[] key = Argon2idPasswordHasher.derive(PASSPHRASE, salt, 2048, 2, 2, 32);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        c.updateAAD(Arrays.copyOf(sealed, HEADER));
        c.updateAAD(AAD);
        assertArrayEquals(SECRET, c.doFinal(sealed, HEADER, sealed.length - HEADER));
        // a reader needs only the header, not the sealer's own parameters
        assertArrayEquals(SECRET, seal.open(PASSPHRASE, sealed, AAD));
    }

    @Test
    void twoSealsDifferInSaltAndNonce() {
        byte[] a = seal.seal(PASSPHRASE, SECRET, AAD);
        byte[] b = seal.seal(PASSPHRASE, SECRET, AAD);
        assertFalse(Arrays.equals(Arrays.copyOfRange(a, 7, 23), Arrays.copyOfRange(b, 7, 23)), "salt");
        assertFalse(Arrays.equals(Arrays.copyOfRange(a, 23, 35), Arrays.copyOfRange(b, 23, 35)), "nonce");
    }

    @Test
    void refusesAWrongPassphrase() {
        byte[] sealed = seal.seal(PASSPHRASE, SECRET, AAD);
        assertRefused(() -> seal.open("correct horse battery stapler".toCharArray(), sealed, AAD));
        assertRefused(() -> seal.open(new char[0], sealed, AAD));
    }

    @Test
    void refusesAWrongAad() {
        byte[] sealed = seal.seal(PASSPHRASE, SECRET, AAD);
        assertRefused(() -> seal.open(PASSPHRASE, sealed, "survey-key/18".getBytes(StandardCharsets.UTF_8)));
        assertRefused(() -> seal.open(PASSPHRASE, sealed, new byte[0]));
    }

    @Test
    void refusesAFlippedByteInEveryRegion() {
        byte[] sealed = seal.seal(PASSPHRASE, SECRET, AAD);
        int[] positions = {
            0, // format
            1, 2, 3, 4, // memory KiB
            5, // iterations
            6, // parallelism
            7, 15, 22, // salt
            23, 30, 34, // nonce
            35, 35 + SECRET.length - 1, // ciphertext
            sealed.length - 16, sealed.length - 1, // tag
        };
        for (int pos : positions) {
            for (int bit : new int[] {0, 7}) {
                byte[] damaged = sealed.clone();
                damaged[pos] ^= (byte) (1 << bit);
                assertRefused(() -> seal.open(PASSPHRASE, damaged, AAD));
            }
        }
    }

    @Test
    void refusesAnAuthenticHeaderWithChangedParameters() {
        // memory 1024 -> 2048 and iterations 1 -> 2 are plausible values, but the header is authenticated.
        byte[] sealed = seal.seal(PASSPHRASE, SECRET, AAD);
        byte[] moreMemory = sealed.clone();
        ByteBuffer.wrap(moreMemory).putInt(1, 2048);
        assertRefused(() -> seal.open(PASSPHRASE, moreMemory, AAD));
        byte[] moreIterations = sealed.clone();
        moreIterations[5] = 2;
        assertRefused(() -> seal.open(PASSPHRASE, moreIterations, AAD));
    }

    @Test
    void refusesTruncatedOrExtendedInput() {
        byte[] sealed = seal.seal(PASSPHRASE, "x".getBytes(StandardCharsets.UTF_8), AAD);
        for (int length = 0; length < sealed.length; length++) {
            byte[] truncated = Arrays.copyOf(sealed, length);
            assertRefused(() -> seal.open(PASSPHRASE, truncated, AAD));
        }
        assertRefused(() -> seal.open(PASSPHRASE, Arrays.copyOf(sealed, sealed.length + 1), AAD));
        assertRefused(() -> seal.open(PASSPHRASE, null, AAD));
    }

    @Test
    void refusesAbsurdParametersBeforeDerivingAnything() {
        byte[] sealed = seal.seal(PASSPHRASE, SECRET, AAD);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertRefused(() -> seal.open(PASSPHRASE, withParameters(sealed, 1024 * 1024 + 1, 1, 1), AAD));
            assertRefused(() -> seal.open(PASSPHRASE, withParameters(sealed, Integer.MAX_VALUE, 1, 1), AAD));
            assertRefused(() -> seal.open(PASSPHRASE, withParameters(sealed, -1, 1, 1), AAD));
            assertRefused(() -> seal.open(PASSPHRASE, withParameters(sealed, 1024, 21, 1), AAD));
            assertRefused(() -> seal.open(PASSPHRASE, withParameters(sealed, 1024, 255, 1), AAD));
            assertRefused(() -> seal.open(PASSPHRASE, withParameters(sealed, 1024, 0, 1), AAD));
            assertRefused(() -> seal.open(PASSPHRASE, withParameters(sealed, 1024, 1, 0), AAD));
            assertRefused(() -> seal.open(PASSPHRASE, withParameters(sealed, 1024, 1, 17), AAD));
            assertRefused(() -> seal.open(PASSPHRASE, withParameters(sealed, 1024, 1, 255), AAD));
            assertRefused(() -> seal.open(PASSPHRASE, withParameters(sealed, 7, 1, 1), AAD));
            assertRefused(() -> seal.open(PASSPHRASE, withParameters(sealed, 15, 1, 2), AAD));
        });
    }

    @Test
    void constructorAcceptsOnlyWhatOpenAccepts() {
        assertThrows(IllegalArgumentException.class, () -> new PassphraseSeal(1024 * 1024 + 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new PassphraseSeal(1024, 21, 1));
        assertThrows(IllegalArgumentException.class, () -> new PassphraseSeal(1024, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new PassphraseSeal(1024, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new PassphraseSeal(1024, 1, 17));
        assertThrows(IllegalArgumentException.class, () -> new PassphraseSeal(7, 1, 1));
        new PassphraseSeal(8, 1, 1);
        new PassphraseSeal(1024 * 1024, 20, 16);
        assertThrows(NullPointerException.class, () -> seal.seal(null, SECRET, AAD));
        assertThrows(NullPointerException.class, () -> seal.seal(PASSPHRASE, null, AAD));
        assertThrows(NullPointerException.class, () -> seal.seal(PASSPHRASE, SECRET, null));
    }

    @Test
    void leavesThePassphraseAloneAndShowsNoSecret() {
        char[] passphrase = PASSPHRASE.clone();
        byte[] sealed = seal.seal(passphrase, SECRET, AAD);
        seal.open(passphrase, sealed, AAD);
        assertArrayEquals(PASSPHRASE, passphrase);
        assertEquals("PassphraseSeal[argon2id m=1024,t=1,p=1]", seal.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> seal.open("x".toCharArray(), sealed, AAD));
        assertEquals(null, e.getCause());
        assertTrue(e.getMessage().equals(REFUSED));
    }

    private static byte[] withParameters(byte[] sealed, int memoryKib, int iterations, int parallelism) {
        byte[] out = sealed.clone();
        ByteBuffer.wrap(out).putInt(1, memoryKib).put(5, (byte) iterations).put(6, (byte) parallelism);
        return out;
    }

    private static void assertRefused(Executable open) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, open);
        assertEquals(REFUSED, e.getMessage());
    }
}
