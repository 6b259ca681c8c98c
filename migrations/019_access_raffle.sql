-- Raffles (018) join the access modes of 017: a raffle drop says so in `drops.access` too,
-- so the order path reads one column for every mode.
alter table drops drop constraint drops_access_check;
alter table drops add constraint drops_access_check check (access in ('open', 'queue', 'raffle'));
update drops set access = 'raffle' where id in (select drop_id from drop_raffles);
