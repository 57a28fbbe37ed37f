package org.candour.org;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An organisation (a union branch, an employer) that runs surveys over its reporting units. */
@Entity
@Table(name = "organisation")
public class Organisation extends PanacheEntityBase {

    @Id
    public UUID id;

    public String slug;

    public String name;

    /** Whether a publication needs a second publisher or admin to approve it (V18). */
    @Column(name = "publication_second_approval")
    public boolean publicationSecondApproval;

    @Column(name = "created_at")
    public Instant createdAt;

    public static Organisation findBySlug(String slug) {
        return find("slug", slug).firstResult();
    }
}
