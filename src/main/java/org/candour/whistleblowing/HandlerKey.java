package org.candour.whistleblowing;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDate;
import java.util.UUID;

/** A handler's key pair (V19): the public half, and the private half sealed twice. */
@Entity
@Table(name = "wb_handler_key")
public class HandlerKey extends PanacheEntityBase {

    @Id
    @Column(name = "account_id")
    public UUID accountId;

    @Column(name = "public_key")
    public byte[] publicKey;

    @Column(name = "sealed_by_passphrase")
    public byte[] sealedByPassphrase;

    @Column(name = "sealed_by_recovery")
    public byte[] sealedByRecovery;

    @Column(name = "created_on")
    public LocalDate createdOn;
}
