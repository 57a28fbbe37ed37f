package org.candour.org;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.List;
import java.util.UUID;

/** A node of an organisation's tree: region, probation delivery unit, team. */
@Entity
@Table(name = "reporting_unit")
public class ReportingUnit extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "organisation_id")
    public UUID organisationId;

    /** The organisation's own id for the unit, as in its CSV ({@code id} column). */
    @Column(name = "external_id")
    public String externalId;

    public String name;

    @Column(name = "parent_id")
    public UUID parentId;

    public static List<ReportingUnit> ofOrganisation(UUID organisationId) {
        return list("organisationId = ?1 order by name, externalId", organisationId);
    }
}
