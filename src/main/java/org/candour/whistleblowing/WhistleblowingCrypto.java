package org.candour.whistleblowing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.candour.crypto.HandlerKeys;
import org.candour.crypto.KeyedHash;
import org.candour.crypto.MasterKey;
import org.candour.crypto.PassphraseSeal;
import org.candour.crypto.ReceiptKeys;
import org.candour.crypto.ReceiptWords;

/** The whistleblowing keys, each for one purpose: receipts, handler key seals, submission ids. */
@ApplicationScoped
public class WhistleblowingCrypto {

    private final ReceiptKeys receipts;
    private final HandlerKeys handlerKeys;
    private final KeyedHash submissions;

    @Inject
    public WhistleblowingCrypto(MasterKey master, WhistleblowingConfig config) {
        this.receipts = new ReceiptKeys(master.derive("wb-receipt-pepper/v1"), config.argon2MemoryKib(),
                config.argon2Iterations(), 1);
        this.handlerKeys = new HandlerKeys(new PassphraseSeal(config.argon2MemoryKib(), config.argon2Iterations(), 1));
        this.submissions = master.purpose("wb-submission/v1");
    }

    public ReceiptWords words() {
        return ReceiptWords.shipped();
    }

    public ReceiptKeys receipts() {
        return receipts;
    }

    public HandlerKeys handlerKeys() {
        return handlerKeys;
    }

    /** The stored form of a form's submission id. */
    public byte[] submission(byte[] id) {
        return submissions.hash(id);
    }
}
