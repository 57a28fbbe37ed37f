-- Answer counts per issuing key, question and stored value, kept up to date by each mix batch in
-- the batch's own transaction, so the results of a closed survey are computed from a few thousand
-- rows instead of every response. Only what the response table already says, summed; no time.
-- question_id '' with value '' counts responses.
create table answer_count (
    survey_id    uuid not null references survey (id) on delete cascade,
    key_id       text not null references issuer_key (key_id),
    question_id  text not null,
    value        text not null,
    n            integer not null check (n > 0),
    primary key (survey_id, key_id, question_id, value)
);

-- Responses mixed before this table existed.
insert into answer_count (survey_id, key_id, question_id, value, n)
select r.survey_id, r.key_id, a ->> 'questionId', a ->> 'value', count(*)
from response r cross join lateral jsonb_array_elements(r.answers) a
where jsonb_typeof(a -> 'value') in ('number', 'string')
group by 1, 2, 3, 4;
insert into answer_count (survey_id, key_id, question_id, value, n)
select survey_id, key_id, '', '', count(*) from response group by 1, 2;
