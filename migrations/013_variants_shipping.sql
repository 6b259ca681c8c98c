-- Variants (sizes, colours) and shipping.
--
-- A drop sells either one stock (its drop_inventory row, as before) or variants, each a row
-- here with its own counters and the same checks, so every guarantee holds per variant. A
-- drop with variants has no drop_inventory row: its stock is the sum of its variants'. Each
-- variant row is a hot row of its own, so the sizes of one drop sell side by side instead of
-- queueing on one row. `drops.initial_stock` holds the variants' sum.
create table drop_variants (
  id uuid primary key,
  drop_id uuid not null references drops (id),
  name text not null,
  -- the order the creator listed them in (S, M, L), which is the order answers list them
  position integer not null,
  initial integer not null check (initial > 0),
  available integer not null check (available >= 0),
  reserved integer not null check (reserved >= 0),
  sold integer not null check (sold >= 0),
  check (available + reserved + sold = initial),
  unique (drop_id, position)
);
-- Two variants of a drop never share a name, whatever its case ("M" and "m").
create unique index drop_variants_name on drop_variants (drop_id, lower(name));

-- The variant an order draws from (null on a drop without variants).
alter table orders add column variant_id uuid references drop_variants (id);
create index orders_by_variant on orders (variant_id, status) where variant_id is not null;

-- Shipping: a drop that ships names its countries (ISO 3166-1 alpha-2) and one fee per
-- order; null ships_to is a drop that does not ship (nothing is asked of the buyer).
alter table drops add column ships_to text[];
alter table drops add column shipping_fee_cents bigint check (shipping_fee_cents is null or shipping_fee_cents >= 0);
alter table drops add constraint drops_shipping_fee_needs_countries
  check (shipping_fee_cents is null or ships_to is not null);

-- An order of a drop that ships keeps the address it ships to ({ name, line1, line2?, city,
-- postalCode, country }) and the fee charged: total_cents = unit_price_cents * quantity +
-- shipping_fee_cents. The fee is kept on the order because the drop's may differ later.
alter table orders add column shipping_address jsonb;
alter table orders add column shipping_fee_cents bigint not null default 0 check (shipping_fee_cents >= 0);
