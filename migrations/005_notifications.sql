-- Notifications: inboxes, the celebrity feed merged on read, and the scheduler's record of
-- which time-based drop events have fired.

-- Fan-out on write: one row per recipient. `event_id` makes a redelivered event a no-op.
create table notifications (
  id uuid primary key,
  user_id uuid not null,
  event_id uuid not null,
  type text not null,
  payload jsonb not null,
  created_at timestamptz not null,
  read_at timestamptz,
  unique (user_id, event_id)
);
create index notifications_inbox on notifications (user_id, created_at desc, id desc);
create index notifications_unread on notifications (user_id, created_at desc, id desc) where read_at is null;

-- Fan-out on read: a creator above the follower threshold gets one row per event here,
-- merged into each follower's inbox when it is read. `id` is the event id.
create table creator_feed (
  id uuid primary key,
  creator_id uuid not null,
  type text not null,
  payload jsonb not null,
  created_at timestamptz not null
);
create index creator_feed_by_creator on creator_feed (creator_id, created_at desc, id desc);

-- Read state of merged feed items: one row per item read, plus a per-user watermark that
-- "mark all read" moves instead of writing a row per feed item.
create table creator_feed_reads (
  user_id uuid not null,
  event_id uuid not null,
  read_at timestamptz not null,
  primary key (user_id, event_id)
);
create table inbox_read_marks (
  user_id uuid primary key,
  read_before timestamptz not null
);

-- One row per (drop, time-based event) that has fired. The scheduler inserts it in the
-- same statement as the outbox row, so with any number of workers only one fires it.
create table drop_events_fired (
  drop_id uuid not null,
  type text not null,
  due_at timestamptz not null,
  fired_at timestamptz not null,
  primary key (drop_id, type)
);

-- Resume after a reconnect reads the outbox by position and by recipient.
create index outbox_events_by_aggregate on outbox_events (aggregate_id, seq);
