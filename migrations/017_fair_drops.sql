-- Fair drops (issue 13): a drop's access mode and bot defence, the waiting room, and the
-- proof-of-work solutions already spent.

-- The drop's settings. `access` is open (anyone orders while live) or queue (a waiting room
-- admits buyers, each with a single-use pass). Raffles are not built yet, so the check
-- refuses them rather than letting a drop promise what the order path cannot keep.
alter table drops add column access text not null default 'open';
alter table drops add constraint drops_access_check check (access in ('open', 'queue'));
alter table drops add column admit_per_second integer not null default 50;
alter table drops add constraint drops_admit_per_second_check check (admit_per_second between 1 and 100000);
alter table drops add column pass_ttl_seconds integer not null default 120;
alter table drops add constraint drops_pass_ttl_seconds_check check (pass_ttl_seconds between 10 and 86400);
alter table drops add column bot_protection boolean not null default false;

-- One row per drop with a waiting room: everything a position needs to be read in O(1).
-- Positions 1..admitted_through have been admitted (admission is strictly in position
-- order), so `ahead` = position - 1 - admitted_through without counting the line.
create table queue_rooms (
  drop_id uuid primary key,
  -- The last position handed out: the early joiners' count once ranked, then one more per
  -- later joiner (the arrival counter).
  last_position bigint not null default 0,
  admitted_through bigint not null default 0,
  -- When the early joiners were put in their random order (at startsAt, exactly once).
  ranked_at timestamptz,
  -- The admission clock: tokens accrue from here at the drop's admit_per_second.
  admitted_at timestamptz,
  -- Sold out or over: every ticket not admitted reads closed from this alone.
  closed_at timestamptz,
  closed_reason text,
  check (admitted_through <= last_position)
);

create table queue_tickets (
  id uuid primary key,
  drop_id uuid not null references queue_rooms (drop_id) on delete cascade,
  user_id uuid not null,
  joined_at timestamptz not null,
  -- A uniformly random key drawn at joining; early joiners are ranked by it at startsAt.
  draw bigint not null,
  -- The fixed place in line from 1: null for an early joiner until the ranking.
  position bigint,
  admitted_at timestamptz,
  pass_expires_at timestamptz,
  -- The pass is spent by the order that used it, named by its idempotency key, so a retry
  -- of that same request is let through to get its stored answer again.
  pass_used_at timestamptz,
  pass_key text,
  unique (drop_id, user_id),
  unique (drop_id, position)
);
-- The ranking reads the unranked tickets of one drop.
create index queue_tickets_unranked on queue_tickets (drop_id) where position is null;
-- A deleted account's tickets go with it.
create index queue_tickets_by_user on queue_tickets (user_id);

-- ALTCHA solutions already used: each is good once, across every process. Rows are needed
-- only until the challenge expires (an expired one is refused anyway); the worker deletes
-- them after that, so the table stays as small as a few minutes of traffic.
create table spent_challenges (
  signature text primary key,
  user_id uuid not null,
  -- What it was spent on (an order's idempotency key, a queue's drop): the same request
  -- retried with the same solution gets through to its same answer.
  purpose text not null,
  expires_at timestamptz not null
);
create index spent_challenges_expiry on spent_challenges (expires_at);
