package org.candour.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** A report's X25519 key: sealing, and wrapping for a handler and for the receipt. Plain JUnit, no Quarkus. */
class ReportKeyTest {

    private static final byte[] AAD = "report/42/message/1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] KEY_AAD = "report/42/key".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TEXT = "The invoices from the supplier were altered.".getBytes(StandardCharsets.UTF_8);

    private final ReportKey key = ReportKey.generate();

    @Test
    void sealsToThePublicKeyAndOpens() {
        byte[] sealed = ReportKey.sealTo(key.publicKey(), AAD, TEXT);
        assertEquals(TEXT.length + HpkeBox.OVERHEAD, sealed.length);
        assertArrayEquals(TEXT, key.open(AAD, sealed));
        assertFalse(Arrays.equals(sealed, ReportKey.sealTo(key.publicKey(), AAD, TEXT)), "randomised");
        assertArrayEquals(new byte[0], key.open(new byte[0], ReportKey.sealTo(key.publicKey(), new byte[0], new byte[0])));
        assertEquals(32, key.publicKey().length);
    }

    @Test
    void openRefusesAnotherKeyOtherAadAndTampering() {
        byte[] sealed = ReportKey.sealTo(key.publicKey(), AAD, TEXT);
        assertRefused(() -> ReportKey.generate().open(AAD, sealed));
        assertRefused(() -> key.open("report/42/message/2".getBytes(StandardCharsets.UTF_8), sealed));
        for (int i : new int[] {0, 31, 32, 40, sealed.length - 1}) {
            byte[] t = sealed.clone();
            t[i] ^= 1;
            assertRefused(() -> key.open(AAD, t));
        }
        assertRefused(() -> key.open(AAD, Arrays.copyOf(sealed, sealed.length - 1)));
        assertRefused(() -> key.open(AAD, new byte[0]));
        // Sealed to the same key for another purpose (other HPKE info): refused.
        byte[] otherInfo = new HpkeBox().seal(key.publicKey(), "candour/other".getBytes(StandardCharsets.UTF_8), AAD, TEXT);
        assertRefused(() -> key.open(AAD, otherInfo));
    }

    @Test
    void wrapsForAHandler() {
        HpkeKeyPair handler = HpkeBox.generateKeyPair();
        byte[] sealed = ReportKey.sealTo(key.publicKey(), AAD, TEXT);
        byte[] wrapped = key.wrapForHandler(handler.publicKey(), KEY_AAD);
        assertEquals(32 + HpkeBox.OVERHEAD, wrapped.length);
        ReportKey unwrapped = ReportKey.unwrapForHandler(handler.privateKey(), KEY_AAD, wrapped);
        assertArrayEquals(key.publicKey(), unwrapped.publicKey());
        assertArrayEquals(TEXT, unwrapped.open(AAD, sealed));
        byte[] reply = ReportKey.sealTo(unwrapped.publicKey(), AAD, "Thank you.".getBytes(StandardCharsets.UTF_8));
        assertEquals("Thank you.", new String(key.open(AAD, reply), StandardCharsets.UTF_8));
    }

    @Test
    void aHandlerWrapRefusesAnotherHandlerOtherAadAndTampering() {
        HpkeKeyPair handler = HpkeBox.generateKeyPair();
        byte[] wrapped = key.wrapForHandler(handler.publicKey(), KEY_AAD);
        assertRefused(() -> ReportKey.unwrapForHandler(HpkeBox.generateKeyPair().privateKey(), KEY_AAD, wrapped));
        assertRefused(() -> ReportKey.unwrapForHandler(handler.privateKey(), AAD, wrapped));
        for (int i = 0; i < wrapped.length; i += 9) {
            byte[] t = wrapped.clone();
            t[i] ^= (byte) 0x80;
            assertRefused(() -> ReportKey.unwrapForHandler(handler.privateKey(), KEY_AAD, t));
        }
        // A report message sealed to the handler's key is not a wrapped report key (other HPKE info).
        byte[] message = ReportKey.sealTo(handler.publicKey(), KEY_AAD, new byte[32]);
        assertRefused(() -> ReportKey.unwrapForHandler(handler.privateKey(), KEY_AAD, message));
        assertThrows(IllegalArgumentException.class, () -> key.wrapForHandler(new byte[31], KEY_AAD));
    }

    @Test
    void wrapsForTheReceipt() {
        byte[] unwrapKey = new ReceiptKeys(new byte[32], 1024, 1, 1).unwrapKey(ReceiptWords.shipped().generate());
        byte[] sealed = ReportKey.sealTo(key.publicKey(), AAD, TEXT);
        byte[] wrapped = key.wrapForReceipt(unwrapKey, KEY_AAD);
        assertEquals(1 + 12 + 32 + 16, wrapped.length);
        ReportKey unwrapped = ReportKey.unwrapForReceipt(unwrapKey, KEY_AAD, wrapped);
        assertArrayEquals(key.publicKey(), unwrapped.publicKey());
        assertArrayEquals(TEXT, unwrapped.open(AAD, sealed));
    }

    @Test
    void aReceiptWrapRefusesAnotherKeyOtherAadAndTampering() {
        byte[] unwrapKey = filled(32, 3);
        byte[] wrapped = key.wrapForReceipt(unwrapKey, KEY_AAD);
        assertRefused(() -> ReportKey.unwrapForReceipt(filled(32, 4), KEY_AAD, wrapped));
        assertRefused(() -> ReportKey.unwrapForReceipt(unwrapKey, AAD, wrapped));
        for (int i = 0; i < wrapped.length; i++) {
            byte[] t = wrapped.clone();
            t[i] ^= 1;
            assertRefused(() -> ReportKey.unwrapForReceipt(unwrapKey, KEY_AAD, t));
        }
        // The private key wrapped under the same key without the receipt label does not pass.
        byte[] plain = new KeyWrapper(unwrapKey).wrap(new byte[32], KEY_AAD);
        assertRefused(() -> ReportKey.unwrapForReceipt(unwrapKey, KEY_AAD, plain));
        assertThrows(IllegalArgumentException.class, () -> key.wrapForReceipt(new byte[16], KEY_AAD));
    }

    /** The documented formats: HPKE info "candour/wb-report-key/v1"; KeyWrapper data label ‖ aad. */
    @Test
    void theWrapsAreTheDocumentedFormatsAndToStringHidesThePrivateKey() {
        HpkeKeyPair handler = HpkeBox.generateKeyPair();
        byte[] privateKey = new HpkeBox().open(handler.privateKey(),
                "candour/wb-report-key/v1".getBytes(StandardCharsets.UTF_8), KEY_AAD,
                key.wrapForHandler(handler.publicKey(), KEY_AAD));
        assertArrayEquals(key.publicKey(), HpkeBox.publicKeyOf(privateKey));
        byte[] unwrapKey = filled(32, 5);
        byte[] label = "candour/wb-report-key/receipt/v1".getBytes(StandardCharsets.UTF_8);
        byte[] data = Arrays.copyOf(label, label.length + KEY_AAD.length);
        System.arraycopy(KEY_AAD, 0, data, label.length, KEY_AAD.length);
        assertArrayEquals(privateKey, new KeyWrapper(unwrapKey).unwrap(key.wrapForReceipt(unwrapKey, KEY_AAD), data));
        // A report sealed by hand with HpkeBox and info "candour/wb-report/v1" opens.
        byte[] byHand = new HpkeBox().seal(key.publicKey(), "candour/wb-report/v1".getBytes(StandardCharsets.UTF_8), AAD, TEXT);
        assertArrayEquals(TEXT, key.open(AAD, byHand));

        String shown = key.toString();
        assertFalse(shown.contains(HexFormat.of().formatHex(privateKey)), shown);
        assertEquals("ReportKey[publicKey=" + HexFormat.of().formatHex(key.publicKey()) + ", privateKey=[REDACTED]]", shown);
    }

    @Test
    void wipeZeroesThePrivateHalf() {
        ReportKey k = ReportKey.generate();
        byte[] sealed = ReportKey.sealTo(k.publicKey(), AAD, TEXT);
        k.wipe();
        assertThrows(IllegalStateException.class, () -> k.open(AAD, sealed));
        assertThrows(IllegalStateException.class, () -> k.wrapForHandler(HpkeBox.generateKeyPair().publicKey(), KEY_AAD));
        assertThrows(IllegalStateException.class, () -> k.wrapForReceipt(filled(32, 1), KEY_AAD));
        assertEquals(TEXT.length + HpkeBox.OVERHEAD, ReportKey.sealTo(k.publicKey(), AAD, TEXT).length);
    }

    private static void assertRefused(Executable e) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().contains("does not open") || x.getMessage().contains("damaged"), x.getMessage());
    }

    private static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }
}
