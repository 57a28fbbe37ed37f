-- Attachments of whistleblowing reports and messages (whistleblowing/Attachments, docs/attachments.md).
-- Each file is cleaned of its metadata in memory, padded (Padmé) so its stored size says little of the
-- original's, and sealed (HPKE) to the report's key; its name, type and what was removed are sealed
-- separately, so a case's list of files opens without opening every file. Days only.
create table wb_attachment (
    report_id    uuid not null references wb_report (id) on delete cascade,
    seq          integer not null check (seq > 0),
    -- the message it came with (wb_message.seq), or null for a file sent with the report itself
    message_seq  integer,
    author       text not null check (author in ('reporter', 'handler')),
    sealed_meta  bytea not null,
    sealed_file  bytea not null,
    sent_on      date not null default current_date,
    primary key (report_id, seq)
);

-- A report or reply whose files were cleaned, waiting for its reporter to look at what was removed
-- and send it. Sealed (AES-256-GCM) under a random key that only the reporter's page holds; sending
-- deletes it in the transaction that files it, and drafts not sent are deleted the next day.
create table wb_draft (
    id          uuid primary key,
    sealed      bytea not null,
    created_on  date not null default current_date
);
