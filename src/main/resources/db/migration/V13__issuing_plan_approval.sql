-- A trustee's approval of a draft survey's issuing plan (docs/key-custody.md, "Approving the issuing
-- plan"): the SHA-256 of the plan's canonical text as the trustee saw it. One row per trustee and
-- survey; approving again replaces the digest. An approval counts only while its digest is the
-- current plan's, so invitations added or trustees changed afterwards leave it behind. Only a named
-- trustee can approve (the foreign key), and renaming the trustees (which deletes and re-inserts
-- survey_trustee rows) or deleting the draft takes the approvals with them. No time is kept.
create table issuing_plan_approval (
    survey_id    uuid not null,
    account_id   uuid not null,
    plan_digest  text not null check (plan_digest ~ '^[0-9a-f]{64}$'),
    primary key (survey_id, account_id),
    foreign key (survey_id, account_id) references survey_trustee (survey_id, account_id) on delete cascade
);
