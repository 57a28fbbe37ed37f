package org.candour.publication;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A publication (V18): a draft, one awaiting a second approval, or published with its signed JSON and
 * CSV. A published row never changes (a trigger refuses it); a correction is a new publication that
 * names it in {@link #supersedes}.
 */
@Entity
@Table(name = "publication")
public class Publication extends PanacheEntityBase {

    public static final String DRAFT = "draft";
    public static final String AWAITING_APPROVAL = "awaiting approval";
    public static final String PUBLISHED = "published";

    @Id
    public UUID id;

    @Column(name = "organisation_id")
    public UUID organisationId;

    @Column(name = "survey_id")
    public UUID surveyId;

    public String status;

    public String title;

    public String summary;

    public String commentary;

    public String[] questions;

    public UUID supersedes;

    @Column(name = "prepared_by")
    public UUID preparedBy;

    @Column(name = "approved_by")
    public UUID approvedBy;

    public Integer number;

    @Column(name = "published_on")
    public LocalDate publishedOn;

    @Column(name = "key_id")
    public String keyId;

    public byte[] json;

    @Column(name = "json_signature")
    public String jsonSignature;

    public byte[] csv;

    @Column(name = "csv_signature")
    public String csvSignature;

    @Version
    public int version;

    public boolean published() {
        return PUBLISHED.equals(status);
    }

    public List<String> questionIds() {
        return questions == null ? List.of() : List.of(questions);
    }

    public static List<Publication> ofOrganisation(UUID organisationId) {
        return list("organisationId = ?1 order by number desc nulls first, title", organisationId);
    }

    public static List<Publication> publishedOf(UUID organisationId) {
        return list("organisationId = ?1 and status = ?2 order by number desc", organisationId, PUBLISHED);
    }

    public static Publication byNumber(UUID organisationId, int number) {
        return find("organisationId = ?1 and number = ?2 and status = ?3", organisationId, number, PUBLISHED)
                .firstResult();
    }

    /** The publication that names this one as superseded, if any. */
    public static Publication supersedingOf(UUID id) {
        return find("supersedes = ?1 and status = ?2", id, PUBLISHED).firstResult();
    }
}
