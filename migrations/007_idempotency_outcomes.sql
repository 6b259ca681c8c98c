-- Idempotency keys keep a transport-neutral outcome instead of a REST status and envelope:
-- { "ok": true, "value": {...} } or { "ok": false, "error": { code, message, details } }.
-- REST and GraphQL each render it, so a key used on one transport replays on the other.
alter table idempotency_keys add column outcome jsonb;

update idempotency_keys
set outcome = case
  when status_code < 400 then jsonb_build_object('ok', true, 'value', response -> 'data')
  else jsonb_build_object('ok', false, 'error', response -> 'error')
end
where response is not null;

drop index idempotency_keys_open_by_order;
alter table idempotency_keys drop column status_code;
alter table idempotency_keys drop column response;
create index idempotency_keys_open_by_order on idempotency_keys (order_id) where outcome is null;

-- An unfinished claim is a lease its owner keeps renewing while it works: once the owner is
-- gone (a process killed mid-order), the lease runs out and a retry takes the key over.
alter table idempotency_keys add column lease_until timestamptz;
