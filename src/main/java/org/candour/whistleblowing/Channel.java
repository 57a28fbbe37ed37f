package org.candour.whistleblowing;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.util.List;
import java.util.UUID;

/** A reporting channel of an organisation (V19): who reads it, what it asks, its clocks in days. */
@Entity
@Table(name = "wb_channel")
public class Channel extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "organisation_id")
    public UUID organisationId;

    public String name;

    public String description;

    public String[] categories;

    @Column(name = "acknowledge_days")
    public int acknowledgeDays = 7;

    @Column(name = "feedback_days")
    public int feedbackDays = 90;

    @Column(name = "retention_days")
    public int retentionDays = 90;

    @Version
    public int version;

    public List<String> categoryList() {
        return categories == null ? List.of() : List.of(categories);
    }

    public static List<Channel> ofOrganisation(UUID organisationId) {
        return list("organisationId = ?1 order by name", organisationId);
    }
}
