-- The closing day announced when a survey opens, and every change to it afterwards (survey/SurveyService,
-- survey/ClosingChange). Staff distrust a survey that is "extended a week to massage the figures": the day
-- is announced at open, shown to respondents, and moving it, closing before it or closing after it is
-- recorded with the admin's reason in an append-only table that the survey's pages show.
--
-- Days only, never a finer time. A survey that was open or closed before this migration has no announced
-- day (null): nothing was announced, and none is made up for it.
alter table survey add column closes_on date;

create table survey_closing_change (
    survey_id      uuid not null references survey (id),
    -- The change's place among the survey's changes (1, 2, ...): several may fall on one day.
    number         integer not null check (number >= 1),
    changed_on     date not null default current_date,
    kind           text not null check (kind in ('closing moved', 'closed early', 'closed late')),
    -- The announced day before the change (null only for a survey opened before V17) and after it; for a
    -- close, after is the day it closed.
    closes_before  date,
    closes_after   date not null,
    reason         text not null check (length(reason) between 10 and 500 and reason = btrim(reason)
                       and reason !~ '[\x01-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]'),
    primary key (survey_id, number),
    check (kind = 'closing moved' or closes_before is not null),
    check (kind <> 'closed early' or closes_after < closes_before),
    check (kind <> 'closed late' or closes_after > closes_before)
);

create function survey_closing_change_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'the changes to a survey''s closing day are append-only: % is refused', tg_op
        using errcode = 'insufficient_privilege';
end;
$$;

create trigger survey_closing_change_append_only before update or delete on survey_closing_change
    for each row execute function survey_closing_change_append_only();
create trigger survey_closing_change_no_truncate before truncate on survey_closing_change
    for each statement execute function survey_closing_change_append_only();

-- A survey opens with a closing day, not in the past; once open, the day moves only with a 'closing moved'
-- row of that very move, never once closed; closing before the announced day needs a 'closed early' row,
-- and closing later than the day after it (the automatic close runs just after the day ends) a 'closed
-- late' row. Checked at commit, so the service may write the row and the survey in either order. The
-- service refuses first with a clear message; this makes it true for anyone holding a connection.
create function survey_closing_guard() returns trigger language plpgsql as $$
begin
    if old.status = 'DRAFT' and new.status <> 'DRAFT'
            and (new.closes_on is null or new.closes_on < current_date) then
        raise exception 'survey % opens without a closing day from today on', new.id
            using errcode = 'check_violation';
    end if;
    if old.status <> 'DRAFT' and new.closes_on is distinct from old.closes_on then
        if old.status = 'CLOSED' or new.closes_on is null or not exists (select 1 from survey_closing_change c
                where c.survey_id = new.id and c.kind = 'closing moved' and c.changed_on = current_date
                and c.closes_before is not distinct from old.closes_on and c.closes_after = new.closes_on) then
            raise exception 'survey %: its closing day moves only with a recorded change, and only while open', new.id
                using errcode = 'check_violation';
        end if;
    end if;
    if old.status = 'OPEN' and new.status = 'CLOSED' and new.closes_on is not null
            and (current_date < new.closes_on or current_date > new.closes_on + 1)
            and not exists (select 1 from survey_closing_change c where c.survey_id = new.id
                and c.kind in ('closed early', 'closed late') and c.closes_before = new.closes_on
                and c.closes_after = current_date) then
        raise exception 'survey %: closing on another day than the announced one needs a recorded change', new.id
            using errcode = 'check_violation';
    end if;
    return null;
end;
$$;

create constraint trigger survey_closing_guard after update on survey
    deferrable initially deferred
    for each row execute function survey_closing_guard();
