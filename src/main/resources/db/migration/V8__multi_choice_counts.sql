-- Multi-choice answers join answer_count: each chosen option id counts who chose it (the same rows
-- MixBatch.COUNTED_VALUES gives for responses mixed from now on). Responses mixed before this
-- migration get theirs here; held responses are counted when mixed.
insert into answer_count (survey_id, key_id, question_id, value, n)
select r.survey_id, r.key_id, a ->> 'questionId', e, count(*)
from response r
cross join lateral jsonb_array_elements(r.answers) a
cross join lateral jsonb_array_elements_text(case jsonb_typeof(a -> 'value')
                                             when 'array' then a -> 'value' else '[]'::jsonb end) e
group by 1, 2, 3, 4;
