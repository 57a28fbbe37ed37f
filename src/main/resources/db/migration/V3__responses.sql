-- Spent survey passes and the responses they paid for. No timestamps; random ids. At close the
-- survey's rows here and in invitation are rewritten in random order in one transaction
-- (ResponseMix), so neither physical order nor xmin follows the order of arrival.

create table spent_token (
    -- SHA-256 of the pass's prepared message.
    token_hash  bytea primary key check (length(token_hash) = 32),
    survey_id   uuid not null references survey (id) on delete cascade
);
create index spent_token_survey on spent_token (survey_id);

create table response (
    id          uuid primary key,
    survey_id   uuid not null references survey (id) on delete cascade,
    -- The issuing key, so results can be grouped by issuing unit (each at least k invitations).
    key_id      text not null references issuer_key (key_id),
    answers     jsonb not null,
    -- base64url SHA-256 over the spent token and the stored answers; the respondent's proof.
    receipt     text not null unique
);
create index response_survey on response (survey_id);
