package org.candour.token;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.candour.crypto.BlindSigner;
import org.candour.crypto.BouncyCastleBlindSigner;
import org.candour.crypto.KeyWrapper;
import org.candour.crypto.KeyedHash;
import org.candour.crypto.MasterKey;

/** The crypto the token feature uses, each keyed for its one purpose. */
@ApplicationScoped
public class TokenCrypto {

    /** Keyed hash of invitation codes. */
    public record CodeHash(KeyedHash hash) {
    }

    /** Keyed hash of (invitation, blinded message), to recognise a retry. */
    public record BlindedHash(KeyedHash hash) {
    }

    @Produces
    @Singleton
    BlindSigner blindSigner() {
        return new BouncyCastleBlindSigner();
    }

    @Produces
    @Singleton
    KeyWrapper issuerKeyWrapper(MasterKey master) {
        return new KeyWrapper(master.derive("issuer-key-wrap/v1"));
    }

    @Produces
    @Singleton
    CodeHash codeHash(MasterKey master) {
        return new CodeHash(master.purpose("invitation-code/v1"));
    }

    @Produces
    @Singleton
    BlindedHash blindedHash(MasterKey master) {
        return new BlindedHash(master.purpose("blinded-message/v1"));
    }
}
