-- Content-free notices to handlers (whistleblowing/Notices): where to send them, whether once a day,
-- and whether one is due. A notice says only that a case needs attention: no case, channel or time.
create table wb_handler_contact (
    account_id  uuid primary key references staff_account (id),
    email       text not null check (email ~ '^[^@\s]{1,64}@[^@\s]{1,190}$'),
    daily       boolean not null default true,
    pending     boolean not null default false
);
