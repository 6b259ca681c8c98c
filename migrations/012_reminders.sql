-- Drop reminders: a user asks for `drop.reminder` shortly before a drop starts. `fired_at`
-- is set by the statement that writes the event, so it fires once across any number of
-- workers.
create table drop_reminders (
  drop_id uuid not null,
  user_id uuid not null,
  created_at timestamptz not null,
  fired_at timestamptz,
  primary key (drop_id, user_id)
);
-- The worker's scan: unfired reminders by drop (joined to the drops starting soon).
create index drop_reminders_unfired on drop_reminders (drop_id) where fired_at is null;
-- A deleted account's reminders go with it.
create index drop_reminders_by_user on drop_reminders (user_id);
