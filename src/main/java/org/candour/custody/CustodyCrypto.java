package org.candour.custody;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.candour.crypto.HpkeBox;
import org.candour.crypto.PassphraseSeal;

/** The crypto of key custody and comment sealing. */
@ApplicationScoped
public class CustodyCrypto {

    @Produces
    @Singleton
    HpkeBox hpke() {
        return new HpkeBox();
    }

    @Produces
    @Singleton
    PassphraseSeal passphraseSeal(CustodyConfig config) {
        return new PassphraseSeal(config.argon2MemoryKib(), config.argon2Iterations(), 1);
    }
}
