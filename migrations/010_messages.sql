-- Reaching people outside the app: per-user channel preferences, the durable mail queue,
-- and password reset tokens.

-- Only what a user changed is stored (event type -> bool per channel); the defaults live
-- in code (messages/preferences.ts) and are passed to the statements that read this.
create table message_preferences (
  user_id uuid primary key references users (id),
  email jsonb not null default '{}',
  web_push jsonb not null default '{}',
  updated_at timestamptz not null
);

-- One row per mail to send. Rows are claimed in batches with FOR UPDATE SKIP LOCKED, so
-- any number of workers share the queue; a claim is a lease (next_attempt_at moves ahead),
-- so a worker that dies mid-send leaves its rows to be claimed again. `dedupe_key` (event
-- id + recipient, or the reset token's id) makes a redelivered event enqueue nothing new.
-- `params` are what the template needs; they are cleared once the mail is sent (a reset
-- link must not outlive its mail in the database).
create table mail_queue (
  id bigserial primary key,
  dedupe_key text not null,
  user_id uuid not null,
  -- email: to_address is the address; webpush: sent to every subscription of the user
  channel text not null default 'email',
  to_address text not null,
  kind text not null,
  params jsonb not null,
  -- pending | sent | skipped (turned off before it was sent) | failed (gave up)
  status text not null default 'pending',
  attempts integer not null default 0,
  next_attempt_at timestamptz not null,
  last_error text,
  created_at timestamptz not null,
  done_at timestamptz
);
create unique index mail_queue_dedupe on mail_queue (dedupe_key);
create index mail_queue_due on mail_queue (next_attempt_at, id) where status = 'pending';
create index mail_queue_done on mail_queue (done_at) where status <> 'pending';
create index mail_queue_user on mail_queue (user_id) where status = 'pending';

-- Single-use password reset tokens, stored as SHA-256 hashes (the token itself is only in
-- the mail). Used or expired rows are refused; a successful reset uses up every open one.
create table password_resets (
  id uuid primary key,
  user_id uuid not null references users (id),
  token_hash text not null,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null
);
create unique index password_resets_hash on password_resets (token_hash);
create index password_resets_user on password_resets (user_id) where used_at is null;

-- A mail to every opted-in follower of a creator (a drop start), expanded into mail_queue a
-- page of follows at a time by the mail worker. The event consumer only records this row,
-- so a million followers never hold up the consumer; the cursor (the keyset position in
-- the follow index) makes the expansion resumable by any worker after a crash.
create table mail_fanouts (
  event_id text primary key,
  creator_id uuid not null,
  kind text not null,
  params jsonb not null,
  -- follows made after this (the event's time) are not included
  follows_until timestamptz not null,
  cursor_at timestamptz,
  cursor_id uuid,
  queued integer not null default 0,
  created_at timestamptz not null,
  done_at timestamptz
);
create index mail_fanouts_open on mail_fanouts (created_at) where done_at is null;

-- Web Push subscriptions (a browser's push service endpoint and its keys), per user. An
-- endpoint the push service answers 404/410 for is deleted.
create table push_subscriptions (
  endpoint text primary key,
  user_id uuid not null references users (id),
  p256dh text not null,
  auth text not null,
  created_at timestamptz not null
);
create index push_subscriptions_user on push_subscriptions (user_id);
