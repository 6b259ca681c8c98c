-- Raffles (`access: "raffle"`): a drop's raffle settings and its draw, and the entries.
-- The raffle module owns both tables; a drop is a raffle exactly when it has a row here.
-- `seed` is secret until `drawn_at` is set; `commitment` (hex SHA-256 of the seed's 64
-- characters) is public from creation. `drawn_at` is set by the statement that claims the
-- draw, so it runs once across any number of workers.
create table drop_raffles (
  drop_id uuid primary key references drops (id) on delete cascade,
  entries_close_at timestamptz not null,
  claim_ttl_seconds integer not null check (claim_ttl_seconds > 0),
  seed char(64) not null,
  commitment char(64) not null,
  drawn_at timestamptz,
  -- Counts published with the draw.
  entries integer,
  winners integer,
  created_at timestamptz not null
);
-- The worker's scan for draws due.
create index drop_raffles_undrawn on drop_raffles (entries_close_at) where drawn_at is null;

-- One entry per account and raffle. `rank` (1 = first) is written by the draw; a winner's
-- claim window is [claim_starts_at, claim_expires_at).
create table raffle_entries (
  id uuid primary key,
  drop_id uuid not null references drop_raffles (drop_id) on delete cascade,
  user_id uuid not null,
  state text not null default 'entered'
    check (state in ('entered', 'won', 'lost', 'claimed', 'forfeited')),
  rank integer,
  claim_starts_at timestamptz,
  claim_expires_at timestamptz,
  created_at timestamptz not null,
  unique (drop_id, user_id)
);
-- The published ranking pages and the next-ranked lookup are index range scans.
create unique index raffle_entries_by_rank on raffle_entries (drop_id, rank) where rank is not null;
-- The worker's scan for claims that ran out.
create index raffle_entries_open_claims on raffle_entries (claim_expires_at) where state = 'won';
-- A deleted account's entries in raffles not drawn yet go with it.
create index raffle_entries_by_user on raffle_entries (user_id);
