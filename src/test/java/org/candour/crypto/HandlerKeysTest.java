package org.candour.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** A handler's key pair under a passphrase and a recovery key, at test cost (1 MiB, 1 pass). Plain JUnit, no Quarkus. */
class HandlerKeysTest {

    private static final String PASSPHRASE_REFUSED = "the passphrase does not open this, or it was altered";
    private static final String RECOVERY_REFUSED = "the recovery key does not open this, or it was altered";
    private static final String FORMAT = "[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){7}";
    private static final char[] PASSPHRASE = "a long handler passphrase".toCharArray();
    private static final byte[] AAD = "handler/9".getBytes(StandardCharsets.UTF_8);

    private final HandlerKeys keys = new HandlerKeys(new PassphraseSeal(1024, 1, 1));

    @Test
    void createsAKeyPairThatOpensWithThePassphrase() {
        HandlerKeys.Created c = keys.create(PASSPHRASE, AAD);
        assertEquals(32, c.publicKey().length);
        assertTrue(c.recoveryKey().matches(FORMAT), c.recoveryKey());
        byte[] privateKey = keys.open(PASSPHRASE, AAD, c.sealedByPassphrase());
        assertArrayEquals(c.publicKey(), HpkeBox.publicKeyOf(privateKey));
        // The key pair works for the report keys wrapped to it.
        ReportKey report = ReportKey.generate();
        ReportKey unwrapped = ReportKey.unwrapForHandler(privateKey, AAD, report.wrapForHandler(c.publicKey(), AAD));
        assertArrayEquals(report.publicKey(), unwrapped.publicKey());
        assertArrayEquals(privateKey, keys.openWithRecovery(c.recoveryKey(), AAD, c.sealedByRecovery()));
    }

    @Test
    void refusesAPassphraseUnderTwelveCharacters() {
        for (String p : List.of("", "elevenchars", "\uD83D\uDC38".repeat(11))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> keys.create(p.toCharArray(), AAD));
            assertEquals("a handler passphrase must be at least 12 characters long", e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> keys.create(null, AAD));
        keys.create("twelve chars".toCharArray(), AAD);
        keys.create("\uD83D\uDC38".repeat(12).toCharArray(), AAD);
    }

    @Test
    void aWrongPassphraseOrAadIsRefusedWithoutSayingAnythingSecret() {
        HandlerKeys.Created c = keys.create(PASSPHRASE, AAD);
        Executable wrong = () -> keys.open("a long handler passphrasE".toCharArray(), AAD, c.sealedByPassphrase());
        assertEquals(PASSPHRASE_REFUSED, assertThrows(IllegalArgumentException.class, wrong).getMessage());
        assertRefused(PASSPHRASE_REFUSED, () -> keys.open(PASSPHRASE, "handler/10".getBytes(StandardCharsets.UTF_8),
                c.sealedByPassphrase()));
        byte[] tampered = c.sealedByPassphrase().clone();
        tampered[tampered.length - 1] ^= 1;
        assertRefused(PASSPHRASE_REFUSED, () -> keys.open(PASSPHRASE, AAD, tampered));
        assertRefused(PASSPHRASE_REFUSED, () -> keys.open(PASSPHRASE, AAD, c.sealedByRecovery()));
    }

    @Test
    void theRecoveryKeyIsReadAsTypedInAnyCaseWithOrWithoutSeparators() {
        HandlerKeys.Created c = keys.create(PASSPHRASE, AAD);
        byte[] privateKey = keys.open(PASSPHRASE, AAD, c.sealedByPassphrase());
        String r = c.recoveryKey();
        List<String> typed = List.of(r, r.toLowerCase(Locale.ROOT), r.replace("-", ""), r.replace('-', ' '),
                " " + r.replace("-", " - ") + "\n", r.replace("-", "").toLowerCase(Locale.ROOT),
                r.replace('0', 'O').replace('1', 'l'), r.replace('1', 'I').replace('0', 'o'));
        for (String t : typed) {
            assertArrayEquals(privateKey, keys.openWithRecovery(t, AAD, c.sealedByRecovery()), t);
        }
    }

    @Test
    void aWrongOrMalformedRecoveryKeyIsRefused() {
        HandlerKeys.Created c = keys.create(PASSPHRASE, AAD);
        assertRefused(RECOVERY_REFUSED, () -> keys.openWithRecovery(HandlerKeys.newRecoveryKey(), AAD, c.sealedByRecovery()));
        assertRefused(RECOVERY_REFUSED, () -> keys.openWithRecovery(c.recoveryKey(), new byte[0], c.sealedByRecovery()));
        assertRefused(RECOVERY_REFUSED, () -> keys.openWithRecovery(c.recoveryKey(), AAD, c.sealedByPassphrase()));
        byte[] tampered = c.sealedByRecovery().clone();
        tampered[20] ^= 1;
        assertRefused(RECOVERY_REFUSED, () -> keys.openWithRecovery(c.recoveryKey(), AAD, tampered));
        String r = c.recoveryKey();
        for (String bad : List.of(r.substring(0, r.length() - 1), r + "A", r.substring(0, 38) + "U",
                r.replace('-', '_'), "", "correct horse battery staple")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> keys.openWithRecovery(bad, AAD, c.sealedByRecovery()), bad);
            assertEquals("that is not a recovery key: it is 32 letters and digits, in groups of 4", e.getMessage());
            assertFalse(HandlerKeys.isRecoveryKey(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> keys.openWithRecovery(null, AAD, c.sealedByRecovery()));
        assertTrue(HandlerKeys.isRecoveryKey(r.toLowerCase(Locale.ROOT)));
    }

    @Test
    void resealAfterARecoveryGivesANewRecoveryKeyAndRetiresTheOld() {
        HandlerKeys.Created old = keys.create(PASSPHRASE, AAD);
        byte[] privateKey = keys.openWithRecovery(old.recoveryKey(), AAD, old.sealedByRecovery());
        char[] newPassphrase = "another long passphrase".toCharArray();
        HandlerKeys.Created fresh = keys.reseal(privateKey, newPassphrase, AAD);

        assertArrayEquals(old.publicKey(), fresh.publicKey());
        assertNotEquals(old.recoveryKey(), fresh.recoveryKey());
        assertArrayEquals(privateKey, keys.open(newPassphrase, AAD, fresh.sealedByPassphrase()));
        assertArrayEquals(privateKey, keys.openWithRecovery(fresh.recoveryKey(), AAD, fresh.sealedByRecovery()));
        assertRefused(RECOVERY_REFUSED, () -> keys.openWithRecovery(old.recoveryKey(), AAD, fresh.sealedByRecovery()));
        assertRefused(PASSPHRASE_REFUSED, () -> keys.open(PASSPHRASE, AAD, fresh.sealedByPassphrase()));

        assertThrows(IllegalArgumentException.class, () -> keys.reseal(privateKey, "short".toCharArray(), AAD));
        assertThrows(IllegalArgumentException.class, () -> keys.reseal(new byte[31], newPassphrase, AAD));
    }

    /** The recovery seal is the documented format: KeyWrapper under SHA-256(label ‖ 20 bytes), data label ‖ aad. */
    @Test
    void theRecoverySealIsTheDocumentedFormat() throws Exception {
        HandlerKeys.Created c = keys.create(PASSPHRASE, AAD);
        byte[] recovery = crockford(c.recoveryKey().replace("-", ""));
        byte[] label = "candour/wb-handler/recovery/v1".getBytes(StandardCharsets.UTF_8);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(label);
        byte[] key = sha.digest(recovery);
        byte[] data = new byte[label.length + AAD.length];
        System.arraycopy(label, 0, data, 0, label.length);
        System.arraycopy(AAD, 0, data, label.length, AAD.length);
        assertArrayEquals(keys.open(PASSPHRASE, AAD, c.sealedByPassphrase()),
                new KeyWrapper(key).unwrap(c.sealedByRecovery(), data));
    }

    @Test
    void recoveryKeysAre160RandomBitsAndPrintable() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String r = HandlerKeys.newRecoveryKey();
            assertTrue(r.matches(FORMAT), r);
            assertTrue(seen.add(r));
            assertTrue(HandlerKeys.isRecoveryKey(r));
        }
        assertEquals(160, HandlerKeys.RECOVERY_BITS);
        assertEquals(HandlerKeys.RECOVERY_BITS, 5 * HandlerKeys.newRecoveryKey().replace("-", "").length());
        // Round trip of the encoding through an independent decoder.
        String r = HandlerKeys.newRecoveryKey();
        assertEquals(20, crockford(r.replace("-", "")).length);
    }

    @Test
    void toStringHidesTheRecoveryKey() {
        HandlerKeys.Created c = keys.create(PASSPHRASE, AAD);
        String shown = c.toString();
        assertFalse(shown.contains(c.recoveryKey()), shown);
        assertTrue(shown.contains("recoveryKey=[REDACTED]"), shown);
        assertTrue(shown.contains(HexFormat.of().formatHex(c.publicKey())), shown);
        assertEquals("HandlerKeys[PassphraseSeal[argon2id m=1024,t=1,p=1]]", keys.toString());
    }

    private static void assertRefused(String message, Executable e) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, e).getMessage());
    }

    /** Crockford base32 decoding of canonical symbols, written apart from HandlerKeys' own. */
    private static byte[] crockford(String symbols) {
        BigInteger n = BigInteger.ZERO;
        for (char ch : symbols.toCharArray()) {
            n = n.shiftLeft(5).add(BigInteger.valueOf("0123456789ABCDEFGHJKMNPQRSTVWXYZ".indexOf(ch)));
        }
        byte[] raw = n.toByteArray();
        byte[] out = new byte[symbols.length() * 5 / 8];
        int copy = Math.min(raw.length, out.length);
        System.arraycopy(raw, raw.length - copy, out, out.length - copy, copy);
        return out;
    }
}
