-- The creator's order desk: a confirmed order can be fulfilled (shipped, with a carrier and
-- a tracking number), and a drop's orders are listed, exported and summed by their creator.

-- `fulfilled` joins the statuses: confirmed -> fulfilled (the creator shipped it), and a
-- confirmed or fulfilled order can be refunded. The constraint is the one 003 created
-- (PostgreSQL names an unnamed column check `<table>_<column>_check`).
alter table orders drop constraint orders_status_check;
alter table orders add constraint orders_status_check check (
  status in ('pending_payment', 'confirmed', 'fulfilled', 'failed', 'expired', 'cancelled', 'refunded')
);

-- Set together by the fulfil statement; kept after a refund, so a refunded order still tells
-- that its units had left (a refund of a shipped order does not return them to stock).
alter table orders add column carrier text;
alter table orders add column tracking_number text;
alter table orders add column fulfilled_at timestamptz;

-- The desk walks a drop's orders newest first, all of them or one status, on the keyset
-- (created_at, id): a page or an export chunk is an index range scan whatever the drop's size.
-- The status index also serves what orders_by_drop (drop_id, status) served, so it replaces it:
-- the hot insert path keeps one index more than before, not two.
create index orders_desk on orders (drop_id, created_at desc, id desc);
create index orders_desk_by_status on orders (drop_id, status, created_at desc, id desc);
drop index orders_by_drop;
