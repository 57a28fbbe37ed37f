-- Anonymous whistleblowing (whistleblowing/, docs/whistleblowing.md). Nothing here identifies a
-- reporter: no account, no address, no time finer than a day. Every report, message and attachment is
-- sealed (HPKE) to the report's own key, whose private half is wrapped to each handler of its channels
-- (HPKE to their X25519 key) and to the reporter's receipt (AES-GCM under a key derived from it).
-- The receipt itself is never stored: only an Argon2id-derived lookup value.

-- Channels an organisation offers, with their handlers, questionnaire and clocks (in days).
create table wb_channel (
    id                uuid primary key,
    organisation_id   uuid not null references organisation (id),
    name              text not null check (length(name) between 1 and 120),
    description       text not null check (length(description) <= 2000),
    categories        text[] not null check (cardinality(categories) between 1 and 30),
    acknowledge_days  integer not null default 7 check (acknowledge_days between 1 and 90),
    feedback_days     integer not null default 90 check (feedback_days between 7 and 365),
    retention_days    integer not null default 90 check (retention_days between 7 and 3650),
    version           integer not null default 0,
    unique (organisation_id, name)
);

create table wb_channel_handler (
    channel_id  uuid not null references wb_channel (id) on delete cascade,
    account_id  uuid not null references staff_account (id),
    primary key (channel_id, account_id)
);

-- A handler's X25519 key pair: the private half sealed under their passphrase and, separately, under
-- their printable recovery key (Argon2id + AES-GCM). No copy for admins or the operator.
create table wb_handler_key (
    account_id            uuid primary key references staff_account (id),
    public_key            bytea not null check (length(public_key) = 32),
    sealed_by_passphrase  bytea not null,
    sealed_by_recovery    bytea not null,
    created_on            date not null default current_date
);

-- A report: a random case name for handlers, the receipt's lookup value, the report's public key, its
-- private key wrapped for the receipt, the sealed report, and where the case stands. Days only.
create table wb_report (
    id               uuid primary key,
    organisation_id  uuid not null references organisation (id),
    case_name        text not null unique check (length(case_name) between 3 and 60),
    lookup           bytea not null unique check (length(lookup) = 32),
    -- A keyed hash of the form's random submission id, so a resent form files nothing twice.
    submission       bytea not null unique check (length(submission) = 32),
    public_key       bytea not null check (length(public_key) = 32),
    receipt_wrapped  bytea not null,
    body             bytea not null,
    status           text not null default 'new'
        check (status in ('new', 'acknowledged', 'assessing', 'investigating', 'concluded')),
    received_on      date not null default current_date,
    acknowledged_on  date,
    feedback_on      date,
    concluded_on     date,
    keep_until       date,
    assignee         uuid references staff_account (id),
    labels           text[] not null default '{}',
    version          integer not null default 0
);
create index wb_report_organisation on wb_report (organisation_id);

-- The channels a report went to (escalated: added by the reporter later, when a clock ran out).
create table wb_report_channel (
    report_id   uuid not null references wb_report (id) on delete cascade,
    channel_id  uuid not null references wb_channel (id),
    escalated   boolean not null default false,
    primary key (report_id, channel_id)
);

-- The report's private key, wrapped (HPKE) to each handler who may read it.
create table wb_report_key (
    report_id   uuid not null references wb_report (id) on delete cascade,
    account_id  uuid not null references staff_account (id),
    wrapped     bytea not null,
    primary key (report_id, account_id)
);

-- The dialogue, in order per case: the reporter's and handlers' messages and handlers' internal notes
-- (never shown to the reporter), each sealed to the report's key.
create table wb_message (
    report_id  uuid not null references wb_report (id) on delete cascade,
    seq        integer not null check (seq > 0),
    author     text not null check (author in ('reporter', 'handler', 'note')),
    sealed     bytea not null,
    sent_on    date not null default current_date,
    primary key (report_id, seq)
);

-- What retention leaves of deleted cases: a count per channel and year received.
create table wb_deleted (
    channel_id  uuid not null references wb_channel (id),
    year        integer not null,
    count       integer not null check (count > 0),
    primary key (channel_id, year)
);
