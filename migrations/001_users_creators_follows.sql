-- Users, creator profiles and the follow graph.

create table users (
  id uuid primary key,
  name text not null,
  -- null once the account is deleted (anonymised); unique case-insensitively while set
  email text,
  password_hash text,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  deleted_at timestamptz
);
create unique index users_email_lower_key on users (lower(email)) where email is not null;

-- A creator profile belongs to exactly one user and shares its id.
create table creators (
  id uuid primary key references users (id),
  handle text not null,
  display_name text not null,
  bio text not null default '',
  created_at timestamptz not null,
  updated_at timestamptz not null,
  search tsvector generated always as (
    to_tsvector('simple', handle || ' ' || display_name)
  ) stored
);
create unique index creators_handle_lower_key on creators (lower(handle));
create index creators_recent on creators (created_at desc, id desc);
create index creators_search on creators using gin (search);

-- No foreign key on creator_id: it would take a share lock on the celebrity's creators row
-- for every follow, which under a burst turns one row into a queue (multixacts). The
-- follow statement checks the creator exists, and creator rows are never deleted (an
-- account deletion anonymises them).
create table follows (
  user_id uuid not null references users (id),
  creator_id uuid not null,
  created_at timestamptz not null,
  primary key (user_id, creator_id)
);
-- One index per list, matching its keyset order (newest first, id as tie-breaker).
create index follows_by_creator on follows (creator_id, created_at desc, user_id desc);
create index follows_by_user on follows (user_id, created_at desc, creator_id desc);

-- Slotted counters: a follow adds 1 to one of 16 random slots of the creator's row set, in
-- the same transaction as the follow row. Counts are exact at every commit, and a burst of
-- follows on one celebrity spreads over 16 rows instead of queueing on one.
-- kind 1 = followers of owner (a creator), kind 2 = creators the owner (a user) follows.
create table follow_counters (
  owner_id uuid not null,
  kind smallint not null,
  slot smallint not null,
  n bigint not null default 0,
  primary key (owner_id, kind, slot)
);

-- Small facts about this database, e.g. whether demo data was seeded.
create table app_meta (
  key text primary key,
  value text not null
);
