-- Issuance rounds (issue 18): a claimed invitation's blinded message is signed only once its key's
-- round releases at least k claims at once, so the order and time of claims no longer lines up with
-- the order and time of responses. round_size is null while a claim waits, and the size of the round
-- that released it afterwards (the same for every claim of that round). min_round is the smallest
-- round the respondent accepts: null means the survey's k; a respondent told that fewer are waiting
-- may lower it. No time is stored.
alter table invitation add column round_size integer check (round_size >= 0);
alter table invitation add column min_round integer check (min_round between 1 and 1000);
-- Invitations used before rounds existed were signed at once: round 0 says "released, size unknown".
update invitation set round_size = 0 where used;
alter table invitation add constraint invitation_round_needs_use check (round_size is null or used);
-- The claims a key's next round would release.
create index invitation_waiting on invitation (key_id) where used and round_size is null;
