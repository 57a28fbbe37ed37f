-- Survey passes (RFC 9474 blind RSA signatures). Nothing here records when or by whom a code was
-- used: no timestamps, no blinded message (a keyed hash at most, for idempotent retries), and
-- invitation codes only as keyed hashes.

create table issuer_key (
    key_id           text primary key check (key_id ~ '^[0-9a-f]{64}$'),
    survey_id        uuid not null references survey (id) on delete cascade,
    unit_id          uuid not null references reporting_unit (id),
    spki             bytea not null,
    -- AES-GCM under a key derived from CANDOUR_MASTER_KEY; set to null when the survey closes.
    wrapped_private  bytea,
    unique (survey_id, unit_id)
);

create table invitation (
    code_hash     bytea primary key check (length(code_hash) = 32),
    survey_id     uuid not null references survey (id) on delete cascade,
    unit_id       uuid not null references reporting_unit (id),
    -- The issuing unit's key, fixed when the survey opens.
    key_id        text references issuer_key (key_id),
    used          boolean not null default false,
    blinded_hash  bytea check (blinded_hash is null or length(blinded_hash) = 32),
    check (used = (blinded_hash is not null))
);
create index invitation_survey_unit on invitation (survey_id, unit_id);
