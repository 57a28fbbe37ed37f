-- API tokens for the admin JSON API (Authorization: Bearer). The token is 32 random bytes shown once
-- when it is made; only its SHA-256 is stored. Revoking deletes the row; so do a password change and
-- disabling the account (AccountService). Staff data, so a creation time is kept.
create table api_token (
    id          uuid primary key,
    token_hash  bytea not null unique check (length(token_hash) = 32),
    account_id  uuid not null references staff_account (id) on delete cascade,
    name        text not null check (length(name) between 1 and 100),
    created_at  timestamptz not null
);
create index api_token_account on api_token (account_id);
