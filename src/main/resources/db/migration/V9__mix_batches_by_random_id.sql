-- A mix batch of limited size takes the held rows with the smallest ids: ids are random (a random
-- UUID, a SHA-256 of a random message, a keyed hash of a random code), so that is a random choice
-- that says nothing of arrival order, and with these indexes it reads only the rows it moves instead
-- of scanning the whole holding table for every batch.
create index response_holding_survey_id on response_holding (survey_id, id);
drop index response_holding_survey;
create index spent_token_held_hash on spent_token (survey_id, token_hash) where held;
drop index spent_token_held;
create index invitation_unmixed_hash on invitation (survey_id, code_hash) where used and not mixed;
drop index invitation_unmixed;
