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
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** Trustees who must come together to unlock comments (t); frozen once open. */
    @Column(name = "custody_threshold")
    public int custodyThreshold = 2;

    /** Trustees holding a share (n); frozen once open. */
    @Column(name = "custody_shares")
    public int custodyShares = 3;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "opened_at")
    public Instant openedAt;

    @Column(name = "closed_at")
    public Instant closedAt;

    /**
     * The closing day announced when the survey opened, as it stands now: the survey closes at the end of
     * it. Moved only with a recorded change ({@link SurveyService#changes}); null for a draft, and for a
     * survey opened before closing days were announced (V17).
     */
    @Column(name = "closes_on")
    public LocalDate closesOn;

    @Version
    public int version;

    /** Parsed definitions by their canonical JSON, so a changed definition can never be served stale. */
    private static final Map<String, SurveyDefinition> PARSED = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, SurveyDefinition> eldest) {
                    return size() > 256;
                }
            });

    /** The definition, parsed once per distinct content (every spend reads it). */
    public SurveyDefinition parsed() {
        return PARSED.computeIfAbsent(definition, SurveyDefinitionParser::parse);
    }

    public static List<Survey> ofOrganisation(UUID organisationId) {
        return list("organisationId = ?1 order by createdAt desc", organisationId);
    }
}
