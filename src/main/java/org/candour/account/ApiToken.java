package org.candour.account;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An API token for the admin JSON API. The token is 32 random bytes; only their SHA-256 is stored. */
@Entity
@Table(name = "api_token")
public class ApiToken extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "token_hash")
    public byte[] tokenHash;

    @Column(name = "account_id")
    public UUID accountId;

    public String name;

    @Column(name = "created_at")
    public Instant createdAt;

    @Override
    public String toString() {
        return "ApiToken[" + id + ", tokenHash=[REDACTED]]";
    }
}
