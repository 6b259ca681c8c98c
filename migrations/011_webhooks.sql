-- Creator webhooks: endpoints a creator registers, and one delivery row per (endpoint,
-- event) that the worker sends, retries and logs.

create table webhook_endpoints (
  id uuid primary key,
  owner_id uuid not null,
  url text not null,
  -- Event types this endpoint wants ('*' for every type a webhook can carry).
  events text[] not null,
  -- The HMAC key of the signatures; shown to the owner once, at creation.
  secret text not null,
  enabled boolean not null default true,
  -- Start of the current run of failed attempts (null while the endpoint answers 2xx):
  -- a run as long as the failure window disables the endpoint.
  failing_since timestamptz,
  disabled_at timestamptz,
  created_at timestamptz not null
);
create index webhook_endpoints_by_owner on webhook_endpoints (owner_id, created_at desc, id desc);

create table webhook_deliveries (
  id uuid primary key,
  endpoint_id uuid not null references webhook_endpoints (id) on delete cascade,
  event_id uuid not null,
  event_type text not null,
  -- The JSON body exactly as sent, frozen when the event arrived: a redelivery sends the same.
  body text not null,
  -- pending (to send, or being sent), delivered, failed (gave up after the window).
  status text not null check (status in ('pending', 'delivered', 'failed')),
  attempts integer not null default 0,
  -- When the sender may next pick it up; a claim moves it past the send's lease.
  next_attempt_at timestamptz not null,
  -- Retries stop once this is a failure window old (a manual redelivery restarts it).
  window_start timestamptz not null,
  last_attempt_at timestamptz,
  last_status_code integer,
  last_error text,
  delivered_at timestamptz,
  created_at timestamptz not null,
  -- The de-duplication: an event redelivered by the bus is one delivery per endpoint.
  unique (endpoint_id, event_id)
);
-- The sender's claim walks due pending rows only.
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';
-- The delivery log of an endpoint, newest first.
create index webhook_deliveries_log on webhook_deliveries (endpoint_id, created_at desc, id desc);
-- Retention walks finished rows by age.
create index webhook_deliveries_finished on webhook_deliveries (created_at) where status <> 'pending';
