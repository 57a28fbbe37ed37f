package org.candour.publication;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.candour.crypto.Ed25519Key;
import org.candour.crypto.KeyWrapper;
import org.candour.crypto.MasterKey;

/**
 * The store of {@code publication_key} (V18): each organisation's Ed25519 publication key, its seed
 * wrapped under a key derived from the master key and bound to the organisation and key id. Made on
 * first use; a rotation retires the current key and endorses the new one with it.
 */
@ApplicationScoped
public class PublicationKeys {

    /** A key as the public sees it: id, fingerprint, public key file, the days it was current, its endorsement. */
    public record PublicKey(String keyId, String fingerprint, String publicKeyFile, String pem, LocalDate createdOn,
            LocalDate retiredOn, String endorsement) {
        public boolean current() {
            return retiredOn == null;
        }
    }

    /** The current key, able to sign. */
    public record Signing(String keyId, Ed25519Key key) {
        public byte[] publicKey() {
            return key.publicKey();
        }
    }

    @Inject
    EntityManager em;

    private final KeyWrapper wrapper;

    @Inject
    public PublicationKeys(MasterKey master) {
        this.wrapper = new KeyWrapper(master.derive("publication-key-wrap/v1"));
    }

    /** The organisation's current key, made now if it has none; call under the organisation's publication lock. */
    @Transactional(TxType.MANDATORY)
    public Signing current(UUID organisationId) {
        List<?> rows = em.createNativeQuery("select key_id, wrapped_seed from publication_key"
                + " where organisation_id = ?1 and retired_on is null").setParameter(1, organisationId).getResultList();
        if (!rows.isEmpty()) {
            Object[] row = (Object[]) rows.get(0);
            String keyId = (String) row[0];
            return new Signing(keyId, Ed25519Key.fromSeed(wrapper.unwrap((byte[]) row[1], aad(organisationId, keyId))));
        }
        return insert(organisationId, Ed25519Key.generate(), null);
    }

    /**
     * Retires the current key and makes a new one, endorsed by the old: the old key's minisign
     * signature of the new key's public key file. Returns the new key; call under the publication lock.
     */
    @Transactional(TxType.MANDATORY)
    public Signing rotate(UUID organisationId, LocalDate today) {
        Signing old = current(organisationId);
        Ed25519Key next = Ed25519Key.generate();
        String endorsement = Minisign.sign(old.key(),
                Minisign.publicKeyFile(next.publicKey()).getBytes(StandardCharsets.UTF_8),
                Minisign.trustedComment(today, "publication-key-" + Minisign.keyId(next.publicKey()) + ".pub",
                        old.publicKey()));
        em.createNativeQuery("update publication_key set retired_on = ?1 where organisation_id = ?2 and key_id = ?3")
                .setParameter(1, Date.valueOf(today)).setParameter(2, organisationId).setParameter(3, old.keyId())
                .executeUpdate();
        return insert(organisationId, next, endorsement);
    }

    /** Every key the organisation has had, newest first. */
    @Transactional(TxType.SUPPORTS)
    public List<PublicKey> all(UUID organisationId) {
        List<PublicKey> out = new ArrayList<>();
        for (Object o : em.createNativeQuery("select key_id, public_key, created_on, retired_on, endorsement"
                + " from publication_key where organisation_id = ?1 order by created_on desc, retired_on desc nulls first")
                .setParameter(1, organisationId).getResultList()) {
            Object[] r = (Object[]) o;
            byte[] pk = (byte[]) r[1];
            out.add(new PublicKey((String) r[0], Minisign.fingerprint(pk), Minisign.publicKeyFile(pk),
                    Minisign.publicKeyPem(pk), day(r[2]), day(r[3]), (String) r[4]));
        }
        return out;
    }

    private Signing insert(UUID organisationId, Ed25519Key key, String endorsement) {
        String keyId = Minisign.keyId(key.publicKey());
        em.createNativeQuery("insert into publication_key (organisation_id, key_id, public_key, wrapped_seed, endorsement)"
                + " values (?1, ?2, ?3, ?4, ?5)").setParameter(1, organisationId).setParameter(2, keyId)
                .setParameter(3, key.publicKey()).setParameter(4, wrapper.wrap(key.seed(), aad(organisationId, keyId)))
                .setParameter(5, endorsement).executeUpdate();
        return new Signing(keyId, key);
    }

    private static byte[] aad(UUID organisationId, String keyId) {
        return ("publication-key|" + organisationId + "|" + keyId).getBytes(StandardCharsets.UTF_8);
    }

    private static LocalDate day(Object o) {
        return o == null ? null : o instanceof Date d ? d.toLocalDate() : (LocalDate) o;
    }
}
