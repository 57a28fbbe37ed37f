package org.candour.token;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/**
 * A one-time invitation, known only by a keyed hash of its code. It records that it was used and
 * a keyed hash of the blinded message it paid for (so a retry can be recognised), nothing more.
 */
@Entity
@Table(name = "invitation")
public class Invitation extends PanacheEntityBase {

    @Id
    @Column(name = "code_hash")
    public byte[] codeHash;

    @Column(name = "survey_id")
    public UUID surveyId;

    @Column(name = "unit_id")
    public UUID unitId;

    @Column(name = "key_id")
    public String keyId;

    public boolean used;

    @Column(name = "blinded_hash")
    public byte[] blindedHash;
}
