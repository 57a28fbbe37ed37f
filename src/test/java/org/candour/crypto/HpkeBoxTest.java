package org.candour.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContext;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * HPKE base mode, DHKEM(X25519, HKDF-SHA256) / HKDF-SHA256 / AES-128-GCM. The known-answer values are
 * RFC 9180 Appendix A.1.1 (mode 0, kem_id 32, kdf_id 1, aead_id 1). Plain JUnit, no Quarkus.
 */
class HpkeBoxTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String REFUSED = "sealed data does not open with this key and context";

    // RFC 9180, A.1.1. Base Setup Information
    private static final byte[] INFO = hex("4f6465206f6e2061204772656369616e2055726e");
    private static final byte[] IKM_E = hex("7268600d403fce431561aef583ee1613527cff655c1343f29812e66706df3234");
    private static final byte[] PK_EM = hex("37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431");
    private static final byte[] SK_EM = hex("52c4a758a802cd8b936eceea314432798d5baf2d7e9235dc084ab1b9cfa2f736");
    private static final byte[] IKM_R = hex("6db9df30aa07dd42ee5e8181afdb977e538f5e1fec8a06223f33f7013e525037");
    private static final byte[] PK_RM = hex("3948cfe0ad1ddb695d780e59077195da6c56506b027329794ab02bca80815c4d");
    private static final byte[] SK_RM = hex("4612c550263fc8ad58375df3f557aac531d26850903e55a9f23f21d8534e8ac8");
    private static final byte[] ENC = hex("37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431");
    private static final byte[] KEY = hex("4531685d41d65f03dc48f6b8302c05b0");
    private static final byte[] BASE_NONCE = hex("56d890e5accaaf011cff4b7d");
    // A.1.1.1. Encryptions: one plaintext, sequence numbers 0, 1 and 2
    private static final byte[] PT = hex("4265617574792069732074727574682c20747275746820626561757479");
    private static final byte[] AAD_0 = hex("436f756e742d30");
    private static final byte[] AAD_1 = hex("436f756e742d31");
    private static final byte[] AAD_2 = hex("436f756e742d32");
    private static final byte[] NONCE_1 = hex("56d890e5accaaf011cff4b7c");
    private static final byte[] NONCE_2 = hex("56d890e5accaaf011cff4b7f");
    private static final byte[] CT_0 = hex("f938558b5d72f1a23810b4be2ab4f84331acc02fc97babc53a52ae8218a355a9"
            + "6d8770ac83d07bea87e13c512a");
    private static final byte[] CT_1 = hex("af2d7e9ac9ae7e270f46ba1f975be53c09f8d875bdc8535458c2494e8a6eab25"
            + "1c03d0c22a56b8ca42c2063b84");
    private static final byte[] CT_2 = hex("498dfcabd92e8acedc281e85af1cb4e3e31c7dc394a1ca20e173cb7251649158"
            + "8d96a19ad4a683518973dcc180");
    // A.1.1.2. Exported Values (L = 32): they depend on exporter_secret, so on the whole key schedule
    private static final byte[] EXPORT_CONTEXT_2 = hex("54657374436f6e74657874");
    private static final byte[] EXPORTED_0 = hex("3853fe2b4035195a573ffc53856e77058e15d9ea064de3e59f4961d0095250ee");
    private static final byte[] EXPORTED_1 = hex("2e8f0b54673c7029649d4eb9d5e33bf1872cf76d623ff164ac185da9e88c21a5");
    private static final byte[] EXPORTED_2 = hex("e9e43065102c3836401bed8c3c3c75ae46be1639869391d62c61f1ec7af54931");

    private static final byte[] APP_INFO = "candour/comment/v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] APP_AAD = "survey=42;question=7".getBytes(StandardCharsets.UTF_8);
    private static final byte[] MESSAGE = "The canteen queue is far too long.".getBytes(StandardCharsets.UTF_8);

    private final HpkeBox box = new HpkeBox();

    // ---- RFC 9180 A.1.1 known answers -------------------------------------------------------------

    /**
     * The vector lists skEm / skRm as DeriveKeyPair's raw output; BC's SerializePrivateKey clamps it,
     * as RFC 9180 section 7.1.2 requires for X25519 (RFC 7748 decodeScalar25519), which does not change
     * the key's public key or any shared secret.
     */
    @Test
    void derivesTheVectorsKeyPairs() {
        HPKE hpke = suite();
        AsymmetricCipherKeyPair e = hpke.deriveKeyPair(IKM_E);
        assertArrayEquals(clamp(SK_EM), hpke.serializePrivateKey(e.getPrivate()));
        assertArrayEquals(PK_EM, hpke.serializePublicKey(e.getPublic()));
        AsymmetricCipherKeyPair r = hpke.deriveKeyPair(IKM_R);
        assertArrayEquals(clamp(SK_RM), hpke.serializePrivateKey(r.getPrivate()));
        assertArrayEquals(PK_RM, hpke.serializePublicKey(r.getPublic()));
        assertFalse(Arrays.equals(SK_RM, clamp(SK_RM)), "the vector's keys are unclamped");

        assertArrayEquals(PK_RM, HpkeBox.publicKeyOf(SK_RM));
        assertArrayEquals(PK_RM, HpkeBox.publicKeyOf(clamp(SK_RM)));
        assertArrayEquals(PK_EM, HpkeBox.publicKeyOf(SK_EM));
        assertArrayEquals(PK_EM, HpkeBox.publicKeyOf(clamp(SK_EM)));
    }

    @Test
    void senderContextGivesTheVectorsEncCiphertextsAndExports() throws Exception {
        HPKE hpke = suite();
        HPKEContextWithEncapsulation ctx = hpke.setupBaseS(hpke.deserializePublicKey(PK_RM), INFO, hpke.deriveKeyPair(IKM_E));
        assertArrayEquals(ENC, ctx.getEncapsulation());
        assertArrayEquals(CT_0, ctx.seal(AAD_0, PT), "sequence 0");
        assertArrayEquals(CT_1, ctx.seal(AAD_1, PT), "sequence 1");
        assertArrayEquals(CT_2, ctx.seal(AAD_2, PT), "sequence 2");
        assertArrayEquals(EXPORTED_0, ctx.export(new byte[0], 32));
        assertArrayEquals(EXPORTED_1, ctx.export(new byte[] {0}, 32));
        assertArrayEquals(EXPORTED_2, ctx.export(EXPORT_CONTEXT_2, 32));
    }

    @Test
    void recipientContextOpensTheVectorsCiphertextsInSequence() throws Exception {
        HPKE hpke = suite();
        HPKEContext ctx = hpke.setupBaseR(ENC, hpke.deserializePrivateKey(SK_RM, null), INFO);
        assertArrayEquals(PT, ctx.open(AAD_0, CT_0));
        assertArrayEquals(PT, ctx.open(AAD_1, CT_1));
        assertArrayEquals(PT, ctx.open(AAD_2, CT_2));
        assertArrayEquals(EXPORTED_2, ctx.export(EXPORT_CONTEXT_2, 32));
    }

    /**
     * BC keeps the key schedule's key and base_nonce private; the vector's values, used with the JDK's
     * own AES-128-GCM and the RFC's nonces (base_nonce XOR sequence), give the same ciphertexts.
     */
    @Test
    void vectorsKeyAndBaseNonceGiveTheCiphertextsWithTheJdksAesGcm() throws Exception {
        assertArrayEquals(CT_0, jdkAesGcm(BASE_NONCE, AAD_0));
        assertArrayEquals(NONCE_1, xorSequence(BASE_NONCE, 1));
        assertArrayEquals(NONCE_2, xorSequence(BASE_NONCE, 2));
        assertArrayEquals(CT_1, jdkAesGcm(NONCE_1, AAD_1));
        assertArrayEquals(CT_2, jdkAesGcm(NONCE_2, AAD_2));
    }

    @Test
    void deterministicSealGivesTheVectorsFirstMessageAsEncThenCiphertext() {
        byte[] sealed = box.sealDeterministic(PK_RM, INFO, AAD_0, PT, IKM_E);
        assertArrayEquals(concat(ENC, CT_0), sealed);
    }

    @Test
    void sealingSeveralInOneContextGivesTheVectorsSequence() {
        byte[][] sealed = box.sealAllDeterministic(PK_RM, INFO, new byte[][] {AAD_0, AAD_1, AAD_2},
                new byte[][] {PT, PT, PT}, IKM_E);
        assertArrayEquals(concat(ENC, CT_0), sealed[0], "sequence 0");
        assertArrayEquals(concat(ENC, CT_1), sealed[1], "sequence 1");
        assertArrayEquals(concat(ENC, CT_2), sealed[2], "sequence 2");
        byte[][] opened = box.opener(SK_RM).openAll(INFO, new byte[][] {AAD_0, AAD_1, AAD_2}, sealed, new int[] {0, 1, 2});
        for (byte[] o : opened) {
            assertArrayEquals(PT, o);
        }
    }

    @Test
    void openingSeveralSkipsWhatDoesNotOpenAndKeepsTheRest() {
        byte[][] sealed = {concat(ENC, CT_0), concat(ENC, CT_1), concat(ENC, CT_2)};
        byte[][] aads = {AAD_0, AAD_1, AAD_2};
        HpkeBox.Opener opener = box.opener(SK_RM);
        // Only the last two, by their own sequence numbers.
        byte[][] tail = opener.openAll(INFO, new byte[][] {AAD_1, AAD_2}, new byte[][] {sealed[1], sealed[2]},
                new int[] {1, 2});
        assertArrayEquals(PT, tail[0]);
        assertArrayEquals(PT, tail[1]);
        // A damaged middle message is null; the messages after it still open.
        byte[] damaged = sealed[1].clone();
        damaged[40] ^= 1;
        byte[][] some = opener.openAll(INFO, aads, new byte[][] {sealed[0], damaged, sealed[2]}, new int[] {0, 1, 2});
        assertArrayEquals(PT, some[0]);
        assertNull(some[1]);
        assertArrayEquals(PT, some[2]);
        // A damaged enc spoils only its own message, also when it is the first.
        byte[] badEnc = sealed[0].clone();
        badEnc[3] ^= 1;
        byte[][] firstBad = opener.openAll(INFO, aads, new byte[][] {badEnc, sealed[1], sealed[2]}, new int[] {0, 1, 2});
        assertNull(firstBad[0]);
        assertArrayEquals(PT, firstBad[1]);
        assertArrayEquals(PT, firstBad[2]);
        // Moved to another position, under another aad, or under another enc: null.
        byte[][] moved = opener.openAll(INFO, aads, new byte[][] {sealed[0], sealed[2], sealed[1]}, new int[] {0, 1, 2});
        assertArrayEquals(PT, moved[0]);
        assertNull(moved[1]);
        assertNull(moved[2]);
        assertNull(opener.openAll(INFO, new byte[][] {AAD_0, AAD_0}, new byte[][] {sealed[0], sealed[1]},
                new int[] {0, 1})[1]);
        byte[] otherEnc = box.sealDeterministic(PK_RM, INFO, AAD_1, PT, new byte[32]);
        assertNull(opener.openAll(INFO, new byte[][] {AAD_0, AAD_1}, new byte[][] {sealed[0], otherEnc},
                new int[] {0, 1})[1]);
        // Nothing opens under the wrong info, and empty or short input is refused item by item.
        assertNull(opener.openAll("other".getBytes(StandardCharsets.UTF_8), aads, sealed, new int[] {0, 1, 2})[0]);
        assertEquals(0, opener.openAll(INFO, new byte[0][], new byte[0][], new int[0]).length);
        assertNull(opener.openAll(INFO, new byte[][] {AAD_0}, new byte[][] {new byte[10]}, new int[] {0})[0]);
    }

    @Test
    void openingSeveralFromSeparateContextsInOneCallOpensEveryOne() {
        // Three batches sealed to one key in three contexts (three enc), six messages each, every
        // message and aad distinct. One openAll over messages from all three, sequence numbers rising,
        // must set a context up again at each change of enc and count from 0 in it.
        HpkeKeyPair keys = HpkeBox.generateKeyPair();
        byte[][][] aads = new byte[3][6][];
        byte[][][] plaintexts = new byte[3][6][];
        byte[][][] sealed = new byte[3][][];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 6; i++) {
                aads[c][i] = ("survey=42;context=" + c + ";question=" + i).getBytes(StandardCharsets.UTF_8);
                plaintexts[c][i] = ("comment " + i + " of batch " + c).getBytes(StandardCharsets.UTF_8);
            }
            byte[] ikm = new byte[32];
            Arrays.fill(ikm, (byte) (c + 1));
            sealed[c] = box.sealAllDeterministic(keys.publicKey(), APP_INFO, aads[c], plaintexts[c], ikm);
        }
        assertFalse(Arrays.equals(sealed[0][0], 0, HpkeBox.KEY_BYTES, sealed[1][0], 0, HpkeBox.KEY_BYTES));
        HpkeBox.Opener opener = box.opener(keys.privateKey());
        // Runs of one context, then back to the first; and every message from a different context than the one before.
        int[][] batchOf = {{0, 0, 1, 1, 2, 0}, {0, 1, 0, 2, 1, 2}};
        for (int[] batch : batchOf) {
            byte[][] a = new byte[6][];
            byte[][] in = new byte[6][];
            int[] seq = new int[6];
            for (int i = 0; i < 6; i++) {
                a[i] = aads[batch[i]][i];
                in[i] = sealed[batch[i]][i];
                seq[i] = i;
            }
            byte[][] opened = opener.openAll(APP_INFO, a, in, seq);
            for (int i = 0; i < 6; i++) {
                assertArrayEquals(plaintexts[batch[i]][i], opened[i], "message " + i + " of " + Arrays.toString(batch));
            }
        }
    }

    @Test
    void boxOpensTheVectorsFirstMessage() {
        assertArrayEquals(PT, box.open(SK_RM, INFO, AAD_0, concat(ENC, CT_0)));
        assertArrayEquals(PT, box.opener(SK_RM).open(INFO, AAD_0, concat(ENC, CT_0)));
        assertArrayEquals(PT, box.open(clamp(SK_RM), INFO, AAD_0, concat(ENC, CT_0)));
        // The box is single-shot (sequence 0): a later message of the same context is refused.
        assertRefused(() -> box.open(SK_RM, INFO, AAD_1, concat(ENC, CT_1)));
    }

    // ---- Behaviour ---------------------------------------------------------------------------------

    @Test
    void roundTripsWithTheDocumentedLayout() {
        HpkeKeyPair keys = HpkeBox.generateKeyPair();
        assertEquals(32, keys.publicKey().length);
        assertEquals(32, keys.privateKey().length);
        assertArrayEquals(keys.publicKey(), HpkeBox.publicKeyOf(keys.privateKey()));
        assertArrayEquals(clamp(keys.privateKey()), keys.privateKey(), "serialized private keys are clamped");

        byte[] sealed = box.seal(keys.publicKey(), APP_INFO, APP_AAD, MESSAGE);
        assertEquals(MESSAGE.length + HpkeBox.OVERHEAD, sealed.length);
        assertArrayEquals(MESSAGE, box.open(keys.privateKey(), APP_INFO, APP_AAD, sealed));
        assertArrayEquals(MESSAGE, box.opener(keys.privateKey()).open(APP_INFO, APP_AAD, sealed));

        byte[] empty = box.seal(keys.publicKey(), new byte[0], new byte[0], new byte[0]);
        assertEquals(HpkeBox.OVERHEAD, empty.length);
        assertArrayEquals(new byte[0], box.open(keys.privateKey(), new byte[0], new byte[0], empty));

        byte[] padded = CommentPadding.pad(new byte[2048]);
        byte[] big = box.seal(keys.publicKey(), APP_INFO, APP_AAD, padded);
        assertArrayEquals(padded, box.open(keys.privateKey(), APP_INFO, APP_AAD, big));
    }

    @Test
    void twoSealsOfOnePlaintextDiffer() {
        HpkeKeyPair keys = HpkeBox.generateKeyPair();
        byte[] a = box.seal(keys.publicKey(), APP_INFO, APP_AAD, MESSAGE);
        byte[] b = box.seal(keys.publicKey(), APP_INFO, APP_AAD, MESSAGE);
        assertFalse(Arrays.equals(a, b));
        assertFalse(Arrays.equals(Arrays.copyOf(a, 32), Arrays.copyOf(b, 32)), "fresh ephemeral keys");
        assertFalse(Arrays.equals(HpkeBox.generateKeyPair().privateKey(), keys.privateKey()));
    }

    @Test
    void deterministicSealsRepeatOnlyForTheSameInputs() {
        HpkeKeyPair keys = HpkeBox.generateKeyPair();
        byte[] ikm = HEX.parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
        byte[] a = box.sealDeterministic(keys.publicKey(), APP_INFO, APP_AAD, MESSAGE, ikm);
        assertArrayEquals(a, box.sealDeterministic(keys.publicKey(), APP_INFO, APP_AAD, MESSAGE, ikm.clone()));
        assertArrayEquals(MESSAGE, box.open(keys.privateKey(), APP_INFO, APP_AAD, a));
        byte[] otherIkm = ikm.clone();
        otherIkm[31] ^= 1;
        assertFalse(Arrays.equals(a, box.sealDeterministic(keys.publicKey(), APP_INFO, APP_AAD, MESSAGE, otherIkm)));
        byte[] otherKey = box.sealDeterministic(HpkeBox.generateKeyPair().publicKey(), APP_INFO, APP_AAD, MESSAGE, ikm);
        assertArrayEquals(Arrays.copyOf(a, 32), Arrays.copyOf(otherKey, 32), "enc depends on the ikm alone");
        assertFalse(Arrays.equals(a, otherKey));
        assertArrayEquals(MESSAGE, box.open(keys.privateKey(), APP_INFO, APP_AAD,
                box.sealDeterministic(keys.publicKey(), APP_INFO, APP_AAD, MESSAGE, new byte[64])));
        assertThrows(IllegalArgumentException.class,
                () -> box.sealDeterministic(keys.publicKey(), APP_INFO, APP_AAD, MESSAGE, new byte[31]));
        assertThrows(IllegalArgumentException.class,
                () -> box.sealDeterministic(keys.publicKey(), APP_INFO, APP_AAD, MESSAGE, null));
    }

    @Test
    void refusesAnotherKey() {
        HpkeKeyPair keys = HpkeBox.generateKeyPair();
        byte[] sealed = box.seal(keys.publicKey(), APP_INFO, APP_AAD, MESSAGE);
        HpkeKeyPair other = HpkeBox.generateKeyPair();
        assertRefused(() -> box.open(other.privateKey(), APP_INFO, APP_AAD, sealed));
        assertRefused(() -> box.opener(other.privateKey()).open(APP_INFO, APP_AAD, sealed));
    }

    @Test
    void refusesAnotherAadOrInfo() {
        HpkeKeyPair keys = HpkeBox.generateKeyPair();
        byte[] sealed = box.seal(keys.publicKey(), APP_INFO, APP_AAD, MESSAGE);
        assertRefused(() -> box.open(keys.privateKey(), APP_INFO, "survey=42;question=8".getBytes(StandardCharsets.UTF_8), sealed));
        assertRefused(() -> box.open(keys.privateKey(), APP_INFO, new byte[0], sealed));
        assertRefused(() -> box.open(keys.privateKey(), "candour/comment/v2".getBytes(StandardCharsets.UTF_8), APP_AAD, sealed));
        assertRefused(() -> box.open(keys.privateKey(), new byte[0], APP_AAD, sealed));
        // info and aad are not interchangeable
        byte[] swapped = box.seal(keys.publicKey(), APP_AAD, APP_INFO, MESSAGE);
        assertRefused(() -> box.open(keys.privateKey(), APP_INFO, APP_AAD, swapped));
    }

    @Test
    void refusesEveryFlippedBit() {
        HpkeKeyPair keys = HpkeBox.generateKeyPair();
        HpkeBox.Opener opener = box.opener(keys.privateKey());
        byte[] sealed = box.seal(keys.publicKey(), APP_INFO, APP_AAD, MESSAGE);
        for (int bit = 0; bit < 8 * sealed.length; bit++) {
            byte[] damaged = sealed.clone();
            damaged[bit / 8] ^= (byte) (1 << (bit % 8));
            // X25519 ignores the top bit of the last byte of a u-coordinate (RFC 7748), but the enc
            // bytes also enter the KEM context, so even that flip must not open.
            assertRefused(() -> opener.open(APP_INFO, APP_AAD, damaged));
        }
    }

    @Test
    void refusesTruncatedOrExtendedInput() {
        HpkeKeyPair keys = HpkeBox.generateKeyPair();
        HpkeBox.Opener opener = box.opener(keys.privateKey());
        byte[] sealed = box.seal(keys.publicKey(), APP_INFO, APP_AAD, MESSAGE);
        for (int length = 0; length < sealed.length; length++) {
            byte[] truncated = Arrays.copyOf(sealed, length);
            assertRefused(() -> opener.open(APP_INFO, APP_AAD, truncated));
        }
        assertRefused(() -> opener.open(APP_INFO, APP_AAD, Arrays.copyOf(sealed, sealed.length + 1)));
        assertRefused(() -> opener.open(APP_INFO, APP_AAD, null));
        assertRefused(() -> box.open(keys.privateKey(), APP_INFO, APP_AAD, new byte[HpkeBox.OVERHEAD - 1]));
    }

    @Test
    void refusesALowOrderEncapsulation() {
        HpkeKeyPair keys = HpkeBox.generateKeyPair();
        // enc = 0 (a point of small order): the X25519 shared secret would be all zeros.
        assertRefused(() -> box.open(keys.privateKey(), APP_INFO, APP_AAD, new byte[HpkeBox.OVERHEAD + 5]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> box.seal(new byte[32], APP_INFO, APP_AAD, MESSAGE));
        assertEquals("the recipient public key is not a usable X25519 key", e.getMessage());
    }

    @Test
    void refusesKeysOfTheWrongLength() {
        for (byte[] bad : List.of(new byte[0], new byte[31], new byte[33])) {
            assertThrows(IllegalArgumentException.class, () -> box.seal(bad, APP_INFO, APP_AAD, MESSAGE));
            assertThrows(IllegalArgumentException.class, () -> box.open(bad, APP_INFO, APP_AAD, new byte[64]));
            assertThrows(IllegalArgumentException.class, () -> box.opener(bad));
            assertThrows(IllegalArgumentException.class, () -> HpkeBox.publicKeyOf(bad));
        }
        assertThrows(IllegalArgumentException.class, () -> box.seal(null, APP_INFO, APP_AAD, MESSAGE));
        assertThrows(IllegalArgumentException.class, () -> box.opener(null));
        assertThrows(NullPointerException.class, () -> box.seal(PK_RM, null, APP_AAD, MESSAGE));
        assertThrows(NullPointerException.class, () -> box.seal(PK_RM, APP_INFO, null, MESSAGE));
        assertThrows(NullPointerException.class, () -> box.seal(PK_RM, APP_INFO, APP_AAD, null));
    }

    @Test
    void oneBoxAndOneOpenerServeManyThreads() throws Exception {
        HpkeKeyPair keys = HpkeBox.generateKeyPair();
        HpkeBox.Opener opener = box.opener(keys.privateKey());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new java.util.ArrayList<>();
            for (int task = 0; task < 8; task++) {
                byte[] message = ("message " + task).getBytes(StandardCharsets.UTF_8);
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        byte[] sealed = box.seal(keys.publicKey(), APP_INFO, APP_AAD, message);
                        if (!Arrays.equals(message, opener.open(APP_INFO, APP_AAD, sealed))
                                || !Arrays.equals(message, box.open(keys.privateKey(), APP_INFO, APP_AAD, sealed))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertTrue(r.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void keyPairWipesAndRedactsThePrivateKey() {
        HpkeKeyPair keys = new HpkeKeyPair(PK_RM.clone(), SK_RM.clone());
        String shown = keys.toString();
        assertTrue(shown.contains(HEX.formatHex(PK_RM)), shown);
        assertFalse(shown.contains(HEX.formatHex(SK_RM)), shown);
        assertFalse(shown.contains(HEX.formatHex(SK_RM, 0, 4)), shown);
        assertTrue(shown.contains("REDACTED"));
        keys.wipe();
        assertArrayEquals(new byte[32], keys.privateKey());
        assertArrayEquals(PK_RM, keys.publicKey());
        assertThrows(IllegalArgumentException.class, () -> new HpkeKeyPair(new byte[32], new byte[31]));
        assertThrows(NullPointerException.class, () -> new HpkeKeyPair(null, new byte[32]));
        assertFalse(box.opener(SK_RM).toString().contains(HEX.formatHex(SK_RM, 0, 4)));
    }

    @Test
    void refusalsCarryNoSecret() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> box.open(SK_RM, INFO, AAD_1, concat(ENC, CT_0)));
        assertEquals(REFUSED, e.getMessage());
        assertEquals(null, e.getCause());
    }

    private static HPKE suite() {
        return new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM128);
    }

    /** RFC 7748 decodeScalar25519's bit operations. */
    private static byte[] clamp(byte[] sk) {
        byte[] k = sk.clone();
        k[0] &= (byte) 0xf8;
        k[31] &= (byte) 0x7f;
        k[31] |= (byte) 0x40;
        return k;
    }

    private static byte[] jdkAesGcm(byte[] nonce, byte[] aad) throws Exception {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "AES"), new GCMParameterSpec(128, nonce));
        c.updateAAD(aad);
        return c.doFinal(PT);
    }

    private static byte[] xorSequence(byte[] baseNonce, long seq) {
        byte[] nonce = baseNonce.clone();
        for (int i = 0; i < 8; i++) {
            nonce[nonce.length - 1 - i] ^= (byte) (seq >>> (8 * i));
        }
        return nonce;
    }

    private static void assertRefused(Executable open) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, open);
        assertEquals(REFUSED, e.getMessage());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] hex(String s) {
        return HEX.parseHex(s);
    }
}
