-- Union publications (publication/, docs/publication.md): signed, public results of a closed survey,
-- made only from figures its release ledger already holds, and an append-only, hash-chained,
-- signed log of what each organisation has published. Publishers are staff, not respondents: who
-- prepared and approved a publication is kept. Days only, never a finer time.

-- Whether a publication needs a second publisher or admin to approve it before it goes public.
alter table organisation add column publication_second_approval boolean not null default false;

-- One Ed25519 publication key per organisation at a time; its private half (the 32-byte seed)
-- wrapped under a key derived from the master key (AES-GCM, bound to the organisation and key id).
-- A rotation retires the current key and adds one endorsed by it (a minisign signature by the old
-- key of the new key's public key file).
create table publication_key (
    organisation_id  uuid not null references organisation (id),
    key_id           text not null check (key_id ~ '^[0-9A-F]{16}$'),
    public_key       bytea not null check (length(public_key) = 32),
    wrapped_seed     bytea not null,
    created_on       date not null default current_date,
    retired_on       date,
    endorsement      text check (length(endorsement) < 2000),
    primary key (organisation_id, key_id)
);
create unique index publication_key_current on publication_key (organisation_id) where retired_on is null;

-- A publication: a draft a publisher edits, one awaiting a second approval, or published (number
-- set, its signed JSON and CSV stored). The public page and the PDF are made from the stored JSON,
-- so they show exactly what is signed. A published row can never change or go (trigger below).
create table publication (
    id               uuid primary key,
    organisation_id  uuid not null references organisation (id),
    survey_id        uuid not null references survey (id),
    status           text not null check (status in ('draft', 'awaiting approval', 'published')),
    title            text not null check (length(title) between 1 and 200),
    summary          text not null check (length(summary) <= 2000),
    commentary       text not null check (length(commentary) <= 20000),
    questions        text[] not null,
    supersedes       uuid references publication (id),
    prepared_by      uuid not null references staff_account (id),
    approved_by      uuid references staff_account (id),
    number           integer check (number > 0),
    published_on     date,
    key_id           text,
    json             bytea,
    json_signature   text,
    csv              bytea,
    csv_signature    text,
    version          integer not null default 0,
    unique (organisation_id, number),
    check ((status = 'published') = (number is not null and published_on is not null and json is not null
        and json_signature is not null and csv is not null and csv_signature is not null and key_id is not null))
);
create index publication_survey on publication (survey_id);

create function publication_published_is_final() returns trigger language plpgsql as $$
begin
    if old.status = 'published' then
        raise exception 'publication % is published: it can be superseded, never changed or deleted', old.id
            using errcode = 'insufficient_privilege';
    end if;
    return case when tg_op = 'DELETE' then old else new end;
end;
$$;

create trigger publication_published_is_final before update or delete on publication
    for each row execute function publication_published_is_final();

-- The publication log: per organisation, entries numbered from 1, each holding (inside its canonical
-- JSON) the SHA-256 of the entry before, signed with the organisation's publication key.
create table publication_log (
    organisation_id  uuid not null references organisation (id),
    seq              integer not null check (seq > 0),
    entry            bytea not null,
    hash             text not null check (hash ~ '^[0-9a-f]{64}$'),
    signature        text not null check (length(signature) < 2000),
    primary key (organisation_id, seq)
);

create function append_only() returns trigger language plpgsql as $$
begin
    raise exception '% is append-only: % is refused', tg_table_name, tg_op
        using errcode = 'insufficient_privilege';
end;
$$;

create trigger publication_log_append_only before update or delete on publication_log
    for each row execute function append_only();
create trigger publication_log_no_truncate before truncate on publication_log
    for each statement execute function append_only();
create trigger publication_no_truncate before truncate on publication
    for each statement execute function append_only();

-- The figures a publication adds to the release ledger that are not respondents' counts: invited and
-- passes issued, survey-wide.
alter table release_ledger drop constraint release_ledger_place_check;
alter table release_ledger add constraint release_ledger_place_check
    check (place in ('open view', 'results', 'publication'));
