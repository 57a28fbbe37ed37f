-- Whistleblowing statistics released once per channel and completed year (whistleblowing/Statistics,
-- docs/privacy-thresholds.md, "Whistleblowing statistics"): the first time a completed year of a
-- channel is asked for, its figures are computed under the rule and stored here, and from then on only
-- these are shown, so two views at different moments can never differ. A release is never changed or
-- deleted (append_only, V18), not even when retention deletes the cases it counted. Replicas asking at
-- once both insert with "on conflict do nothing" and read back the one stored.
create table wb_statistics_release (
    channel_id   uuid not null references wb_channel (id),
    year         integer not null check (year between 2000 and 9999),
    released_on  date not null,
    -- The k the figures were released under.
    k            integer not null check (k >= 2),
    -- What was shown: {"total": n or null, "outcomes": partition or null, "categories": partition or null}.
    figures      jsonb not null check (jsonb_typeof(figures) = 'object'),
    primary key (channel_id, year),
    check (released_on > make_date(year, 12, 31))
);

create trigger wb_statistics_release_append_only before update or delete on wb_statistics_release
    for each row execute function append_only();
create trigger wb_statistics_release_no_truncate before truncate on wb_statistics_release
    for each statement execute function append_only();

-- The day a channel was created, so that every completed year of a channel since is released, with cases
-- or without: were only years with cases listed, a year shown as "fewer than k" would say 1 to k - 1.
-- Channels made before this take their organisation's day, which says nothing about their cases.
alter table wb_channel add column created_on date;
update wb_channel c set created_on = (select (o.created_at at time zone 'Europe/London')::date
    from organisation o where o.id = c.organisation_id);
alter table wb_channel alter column created_on set not null;
alter table wb_channel alter column created_on set default (now() at time zone 'Europe/London')::date;
