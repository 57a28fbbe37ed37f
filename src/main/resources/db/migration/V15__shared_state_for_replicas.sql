-- State that every replica must see the same, kept in PostgreSQL instead of one process's memory.

-- Request rate limits (web/SharedRateLimit): one token bucket per limited path, which every replica
-- leases small chunks from. UNLOGGED: counts of requests, not worth the WAL (which would also record
-- when each lease happened); after a crash PostgreSQL empties it and the buckets start full again.
create unlogged table rate_bucket (
    name        text primary key,
    tokens      double precision not null,
    granted     integer not null default 0,
    updated_at  timestamptz not null
);

-- Trustee shares presented towards an unlock (custody/UnlockService), each sealed under a key derived
-- from the master key (AES-GCM, bound to the survey and share index), never in plaintext. Deleted
-- when the unlock completes, fails or is locked again; a share whose window has passed is ignored.
create table unlock_share (
    survey_id    uuid not null references survey (id),
    share_index  integer not null check (share_index between 1 and 255),
    sealed       bytea not null,
    expires_at   timestamptz not null,
    primary key (survey_id, share_index)
);

-- A survey whose comments are unlocked: its rebuilt results key, wrapped under a key derived from the
-- master key, so that every replica can open the comments while the unlock lasts. Deleted when a
-- trustee locks the survey again or the unlock expires (then vacuumed, and the WAL switched).
-- generation changes with each unlock, so a replica knows when what it decrypted is stale.
create table survey_unlocked (
    survey_id    uuid primary key references survey (id),
    generation   uuid not null,
    key_id       text not null,
    wrapped_key  bytea not null,
    unreadable   integer not null default 0,
    expires_at   timestamptz not null
);
