-- Wake the outbox relays, in whichever process they run, when events commit: NOTIFY is
-- delivered on commit only (never for a rolled-back event), and PostgreSQL folds a
-- transaction's identical notifications into one. A statement trigger covers every writer,
-- including the modules' `insert into outbox_events ... select` statements. The channel is
-- scoped by schema (see src/infra/db/channel.ts) so deployments sharing a server stay apart.
-- Cost: PostgreSQL serialises the commits of notifying transactions (a lock held through
-- the WAL flush), about 1,000 such commits/s on a local disk. Outbox writers stay well
-- below: orders commit in batches, the others are rare.
create function outbox_wake() returns trigger language plpgsql as $$
begin
  perform pg_notify(left(TG_TABLE_SCHEMA || '.outbox', 63), '');
  return null;
end
$$;

create trigger outbox_events_wake after insert on outbox_events
  for each statement execute function outbox_wake();
