package org.candour.survey;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A survey: its definition (canonical JSON), its k threshold and where it is in its lifecycle. */
@Entity
@Table(name = "survey")
public class Survey extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "organisation_id")
    public UUID organisationId;

    public String title;

    @JdbcTypeCode(SqlTypes.JSON)
    public String definition;

    @Column(name = "k_threshold")
    public int k;

    @Enumerated(EnumType.STRING)
    public SurveyStatus status;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "opened_at")
    public Instant openedAt;

    @Column(name = "closed_at")
    public Instant closedAt;

    @Version
    public int version;

    public SurveyDefinition parsed() {
        return SurveyDefinitionParser.parse(definition);
    }

    public static List<Survey> ofOrganisation(UUID organisationId) {
        return list("organisationId = ?1 order by createdAt desc", organisationId);
    }
}
