-- Every spend inserts a spent token and a held response, and every mix batch moves responses, all
-- naming one survey. A foreign key to survey makes PostgreSQL take FOR KEY SHARE on that survey's row
-- for each inserted row; with many spends at once those locks become multixacts, written and read for
-- every insert, which cost about a tenth of the intake rate (docs/performance.md). The reference
-- still holds, kept by the application instead: a spend inserts only after reading the survey OPEN
-- under FOR KEY SHARE in the same transaction, the mix moves only what is held, and only a draft (which
-- never has responses or spent tokens) can be deleted.
alter table spent_token drop constraint spent_token_survey_id_fkey;
alter table response_holding drop constraint response_holding_survey_id_fkey;
alter table response drop constraint response_survey_id_fkey;
