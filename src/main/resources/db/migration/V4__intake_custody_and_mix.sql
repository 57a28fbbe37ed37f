-- Response intake (issue 4): trustee key custody for free-text answers, a holding table that the
-- mix empties in random-order batches, and a receipt list frozen at close. Still no timestamps on
-- anything a respondent touches.

-- A trustee's custody key: an X25519 public key. Its private half exists only in the trustee's
-- passphrase-protected key file (Argon2id + AES-GCM), handed over once and never stored.
create table trustee_key (
    account_id  uuid primary key references staff_account (id) on delete cascade,
    key_id      text not null unique check (key_id ~ '^[0-9a-f]{64}$'),
    public_key  bytea not null check (length(public_key) = 32)
);

-- Custody settings, chosen while the survey is a draft: t of n trustees unlock its comments.
alter table survey add column custody_threshold integer not null default 2 check (custody_threshold >= 2);
alter table survey add column custody_shares integer not null default 3
    check (custody_shares between 2 and 20 and custody_shares >= custody_threshold);

-- The survey's results key (HPKE, X25519): public half only. The private half is split at open
-- into the shares below and wiped; it is rebuilt in memory only when t trustees unlock.
create table results_key (
    survey_id   uuid primary key references survey (id) on delete cascade,
    key_id      text not null unique check (key_id ~ '^[0-9a-f]{64}$'),
    public_key  bytea not null check (length(public_key) = 32)
);

-- Which trustees hold a share of which survey. share_index and sealed_share are set at open:
-- the share is HPKE-sealed to the trustee's custody key (trustee_key_id at that moment), with the
-- survey, the index and the results key bound in as associated data.
create table survey_trustee (
    survey_id       uuid not null references survey (id) on delete cascade,
    account_id      uuid not null references staff_account (id) on delete restrict,
    share_index     integer check (share_index between 1 and 255),
    trustee_key_id  text check (trustee_key_id ~ '^[0-9a-f]{64}$'),
    sealed_share    bytea,
    primary key (survey_id, account_id),
    unique (survey_id, share_index),
    check ((share_index is null) = (sealed_share is null) and (sealed_share is null) = (trustee_key_id is null))
);

-- Accepted responses wait here, committed before the 201, until the mix moves them to response
-- in a random-order batch. Same columns as response; random ids; no time.
create table response_holding (
    id          uuid primary key,
    survey_id   uuid not null references survey (id) on delete cascade,
    key_id      text not null references issuer_key (key_id),
    answers     jsonb not null,
    receipt     text not null unique
);
create index response_holding_survey on response_holding (survey_id);

-- Spent tokens and used invitations that the mix has not yet rewritten. The flag says only "since
-- the last batch", which is what the holding table says anyway.
alter table spent_token add column held boolean not null default true;
alter table invitation add column mixed boolean not null default false;
create index spent_token_held on spent_token (survey_id) where held;
create index invitation_unmixed on invitation (survey_id) where used and not mixed;

-- Once a survey has closed its responses and receipts are final: nobody holding a database
-- connection can add, change or drop one without this refusing.
create function response_frozen_guard() returns trigger language plpgsql as $$
declare
    s uuid := coalesce(new.survey_id, old.survey_id);
begin
    if (select status from survey where id = s) = 'CLOSED' then
        raise exception 'survey % is closed: its responses and receipts are frozen', s
            using errcode = 'check_violation';
    end if;
    return coalesce(new, old);
end;
$$;

create trigger response_frozen before insert or update or delete on response
    for each row execute function response_frozen_guard();
create trigger response_holding_frozen before insert or update or delete on response_holding
    for each row execute function response_frozen_guard();
create trigger spent_token_frozen before insert or update or delete on spent_token
    for each row execute function response_frozen_guard();

-- Custody settings freeze with the rest of the survey once it leaves DRAFT.
create function survey_custody_guard() returns trigger language plpgsql as $$
begin
    if old.status <> 'DRAFT' and (new.custody_threshold is distinct from old.custody_threshold
            or new.custody_shares is distinct from old.custody_shares) then
        raise exception 'survey % is %: its custody settings are frozen', old.id, old.status
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;

create trigger survey_custody_guard before update on survey
    for each row execute function survey_custody_guard();
