-- Statistics by category of wrongdoing (whistleblowing/Statistics, docs/privacy-thresholds.md,
-- "Whistleblowing statistics"). The reporter's category stays sealed in the report; this is the
-- category a handler confirms or corrects when concluding the case, the only time it is recorded
-- unsealed, and only for counting. Cases concluded before this have none ("other or not recorded").
alter table wb_report add column category text check (category is null or length(category) between 1 and 200);
alter table wb_report add constraint wb_report_category_only_when_concluded
    check (category is null or status = 'concluded');

-- What retention leaves of deleted cases per category: a count per channel, year received and
-- category ('' for none recorded). Per channel and year it adds up to wb_deleted's count; cases deleted
-- before this had no category recorded, so they are counted under ''.
create table wb_deleted_category (
    channel_id  uuid not null references wb_channel (id),
    year        integer not null,
    category    text not null check (length(category) <= 200),
    count       integer not null check (count > 0),
    primary key (channel_id, year, category)
);
insert into wb_deleted_category (channel_id, year, category, count)
    select channel_id, year, '', count from wb_deleted;
