-- Candour foundation schema: organisations and their reporting units, staff accounts and
-- sessions, survey definitions. Nothing here is on a respondent's path.

create table organisation (
    id          uuid primary key,
    slug        text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    name        text not null check (length(name) between 1 and 200),
    created_at  timestamptz not null default now()
);

create table reporting_unit (
    id               uuid primary key,
    organisation_id  uuid not null references organisation (id) on delete cascade,
    external_id      text not null check (external_id ~ '^[A-Za-z0-9._-]{1,64}$'),
    name             text not null check (length(name) between 1 and 200),
    parent_id        uuid references reporting_unit (id),
    unique (organisation_id, external_id),
    check (parent_id is null or parent_id <> id)
);
create index reporting_unit_parent on reporting_unit (parent_id);

create table staff_account (
    id               uuid primary key,
    username         text not null check (username ~ '^[a-z0-9][a-z0-9._@-]{2,63}$'),
    display_name     text not null check (length(display_name) between 1 and 200),
    password_hash    text not null,
    organisation_id  uuid references organisation (id) on delete restrict,
    enabled          boolean not null default true,
    failed_logins    integer not null default 0,
    locked_until     timestamptz,
    created_at       timestamptz not null default now(),
    version          integer not null default 0
);
create unique index staff_account_username on staff_account (username);

create table staff_account_role (
    account_id  uuid not null references staff_account (id) on delete cascade,
    role        text not null check (role in ('ADMIN', 'TRUSTEE', 'PUBLISHER', 'RESEARCHER', 'STEWARD', 'HANDLER')),
    primary key (account_id, role)
);

-- Server-side sessions for the staff pages; only a SHA-256 of the cookie is stored.
create table staff_session (
    token_hash  bytea primary key check (length(token_hash) = 32),
    account_id  uuid not null references staff_account (id) on delete cascade,
    expires_at  timestamptz not null
);
create index staff_session_account on staff_session (account_id);

create table survey (
    id               uuid primary key,
    organisation_id  uuid not null references organisation (id) on delete restrict,
    title            text not null check (length(title) between 1 and 200),
    definition       jsonb not null,
    k_threshold      integer not null check (k_threshold between 5 and 1000),
    status           text not null default 'DRAFT' check (status in ('DRAFT', 'OPEN', 'CLOSED')),
    created_at       timestamptz not null default now(),
    opened_at        timestamptz,
    closed_at        timestamptz,
    version          integer not null default 0
);
create index survey_organisation on survey (organisation_id);

-- Anonymity settings must never be loosened after launch: once a survey has left DRAFT its
-- definition and k are frozen, and its status only moves forward. The service refuses first
-- with a clear message; this trigger makes it true for anyone holding a database connection.
create function survey_guard() returns trigger language plpgsql as $$
begin
    if old.status <> 'DRAFT' and (new.definition is distinct from old.definition
            or new.k_threshold is distinct from old.k_threshold
            or new.title is distinct from old.title
            or new.organisation_id is distinct from old.organisation_id) then
        raise exception 'survey % is %: its definition and k threshold are frozen', old.id, old.status
            using errcode = 'check_violation';
    end if;
    if (old.status = 'OPEN' and new.status = 'DRAFT')
            or (old.status = 'CLOSED' and new.status <> 'CLOSED') then
        raise exception 'survey % cannot go from % back to %', old.id, old.status, new.status
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;

create trigger survey_guard before update on survey
    for each row execute function survey_guard();

create function survey_delete_guard() returns trigger language plpgsql as $$
begin
    if old.status <> 'DRAFT' then
        raise exception 'survey % is %: only a draft can be deleted', old.id, old.status
            using errcode = 'check_violation';
    end if;
    return old;
end;
$$;

create trigger survey_delete_guard before delete on survey
    for each row execute function survey_delete_guard();
