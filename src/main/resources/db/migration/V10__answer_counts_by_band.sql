-- A survey may name a breakdown demographic (docs/privacy-thresholds.md, "Breakdown by one
-- demographic"). answer_count then keeps each count per band: the respondent's answer to that
-- question, or '' when they gave none or the survey names no breakdown. Still only what the response
-- table already says, summed, with no time. No survey could name one before this migration, so every
-- existing count stays in band ''.
alter table answer_count add column band text not null default '';
alter table answer_count drop constraint answer_count_pkey;
alter table answer_count add primary key (survey_id, key_id, band, question_id, value);
