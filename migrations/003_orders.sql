-- Orders (each pending order is a reservation), payments, idempotency keys, per-user
-- purchase counters and the transactional outbox. The hot-path statements that use these
-- tables are in src/modules/orders/reservations.repository.ts.

create table orders (
  id uuid primary key,
  user_id uuid not null references users (id),
  drop_id uuid not null references drops (id),
  quantity integer not null check (quantity > 0),
  unit_price_cents bigint not null check (unit_price_cents >= 0),
  total_cents bigint not null check (total_cents >= 0),
  currency text not null,
  status text not null check (
    status in ('pending_payment', 'confirmed', 'failed', 'expired', 'cancelled', 'refunded')
  ),
  idempotency_key text not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  -- when an unpaid reservation is released
  expires_at timestamptz not null
);
-- One order per (user, key), whatever the application does.
create unique index orders_user_key on orders (user_id, idempotency_key);
create index orders_by_user on orders (user_id, created_at desc, id desc);
create index orders_by_drop on orders (drop_id, status);
create index orders_due on orders (expires_at) where status = 'pending_payment';

-- A user's reserved + confirmed quantity on a drop with a per-user limit. The guarded
-- upsert on this row is what makes the limit hold across processes; it is only kept for
-- drops that have a limit.
create table drop_user_quota (
  drop_id uuid not null,
  user_id uuid not null,
  quantity integer not null check (quantity >= 0),
  primary key (drop_id, user_id)
);

create table payments (
  id uuid primary key,
  order_id uuid not null references orders (id),
  user_id uuid not null,
  amount_cents bigint not null,
  currency text not null,
  method text not null,
  -- processing -> succeeded | failed | error | voided ; succeeded -> refunding -> refunded
  status text not null check (
    status in ('processing', 'succeeded', 'failed', 'error', 'voided', 'refunding', 'refunded')
  ),
  provider_ref text,
  failure_code text,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
-- At most one payment in flight or taken per order: a second charge is refused, not made.
create unique index payments_one_active on payments (order_id)
  where status in ('processing', 'succeeded', 'refunding');
create index payments_by_order on payments (order_id);

-- Idempotency keys per (user, key). The key is claimed by inserting this row before the
-- work starts; `response` is null while the work is in flight and holds the original
-- status and body afterwards. Rows are kept at least 24 h (the expiry job prunes at 48 h).
create table idempotency_keys (
  user_id uuid not null,
  key text not null,
  fingerprint text not null,
  drop_id uuid,
  order_id uuid,
  status_code integer,
  response jsonb,
  created_at timestamptz not null,
  completed_at timestamptz,
  primary key (user_id, key)
);
create index idempotency_keys_by_drop on idempotency_keys (drop_id);
create index idempotency_keys_open_by_order on idempotency_keys (order_id) where response is null;
create index idempotency_keys_by_age on idempotency_keys (created_at);

-- Transactional outbox: written in the same transaction as the state change it reports;
-- a relay publishes rows in `seq` order and marks them sent.
create table outbox_events (
  seq bigserial primary key,
  id uuid not null unique default gen_random_uuid(),
  type text not null,
  aggregate_id uuid not null,
  payload jsonb not null,
  created_at timestamptz not null,
  published_at timestamptz
);
create index outbox_events_unpublished on outbox_events (seq) where published_at is null;
