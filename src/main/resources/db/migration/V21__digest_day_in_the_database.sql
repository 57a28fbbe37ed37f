-- The day each handler's daily digest last went, kept with the handler instead of in one replica's
-- memory, so that two replicas never send one handler two digests on the same day.
alter table wb_handler_contact add column digest_on date;
