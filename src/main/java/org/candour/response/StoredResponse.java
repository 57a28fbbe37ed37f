package org.candour.response;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One response: a random id, its issuing key, the validated answers and the receipt. No time. */
@Entity
@Table(name = "response")
public class StoredResponse extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "survey_id")
    public UUID surveyId;

    @Column(name = "key_id")
    public String keyId;

    @JdbcTypeCode(SqlTypes.JSON)
    public String answers;

    public String receipt;
}
