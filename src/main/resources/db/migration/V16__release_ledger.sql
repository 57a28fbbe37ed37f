-- Every figure anyone has been shown about a survey, where and on which day (results/ReleaseLedger):
-- the open view's survey-wide band, and every figure of the release after close (the pages, the JSON
-- and the CSV show these and sums of them). Append-only: a trigger refuses any change or deletion,
-- so the ledger is the record of what has been released. A figure is recorded once per place and
-- value; a replica that computes the same release again adds nothing.
create table release_ledger (
    survey_id    uuid not null references survey (id),
    place        text not null check (place in ('open view', 'results')),
    figure       text not null check (length(figure) between 1 and 2000),
    value        text not null check (length(value) between 1 and 100),
    released_on  date not null default current_date,
    unique (survey_id, place, figure, value)
);

create function release_ledger_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'the release ledger is append-only: % is refused', tg_op
        using errcode = 'insufficient_privilege';
end;
$$;

create trigger release_ledger_append_only before update or delete on release_ledger
    for each row execute function release_ledger_append_only();
create trigger release_ledger_no_truncate before truncate on release_ledger
    for each statement execute function release_ledger_append_only();
