package org.candour.token;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.List;
import java.util.UUID;

/** A survey's RSA key for one issuing unit. The private half is stored wrapped, and destroyed at close. */
@Entity
@Table(name = "issuer_key")
public class IssuerKey extends PanacheEntityBase {

    /** Lowercase hex SHA-256 of {@link #spki}. */
    @Id
    @Column(name = "key_id")
    public String keyId;

    @Column(name = "survey_id")
    public UUID surveyId;

    @Column(name = "unit_id")
    public UUID unitId;

    public byte[] spki;

    @Column(name = "wrapped_private")
    public byte[] wrappedPrivate;

    public static List<IssuerKey> ofSurvey(UUID surveyId) {
        return list("surveyId = ?1 order by keyId", surveyId);
    }

    @Override
    public String toString() {
        return "IssuerKey[" + keyId + ", private=[REDACTED]]";
    }
}
