-- Products, drops and each drop's inventory.

create table products (
  id uuid primary key,
  creator_id uuid not null references creators (id),
  title text not null,
  description text not null default '',
  price_cents bigint not null check (price_cents >= 0),
  currency char(3) not null,
  image_urls text[] not null default '{}',
  created_at timestamptz not null,
  updated_at timestamptz not null,
  deleted_at timestamptz,
  -- title words weigh more than description words in the ranking
  search tsvector generated always as (
    setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', description), 'B')
  ) stored
);
create index products_by_creator on products (creator_id, created_at desc, id desc);
create index products_recent on products (created_at desc, id desc);
create index products_search on products using gin (search);

create table drops (
  id uuid primary key,
  product_id uuid not null references products (id),
  creator_id uuid not null references creators (id),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  initial_stock integer not null check (initial_stock > 0),
  low_stock_threshold integer not null default 0 check (low_stock_threshold >= 0),
  per_user_limit integer check (per_user_limit is null or per_user_limit > 0),
  price_override_cents bigint check (price_override_cents is null or price_override_cents >= 0),
  cancelled_at timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check (starts_at < ends_at)
);
-- Status is derived from time; each list's keyset order has its own index.
create index drops_by_start on drops (starts_at, id);
create index drops_by_end on drops (ends_at, id);
create index drops_by_creator_start on drops (creator_id, starts_at, id);
create index drops_by_creator_end on drops (creator_id, ends_at, id);

-- The hot row of a flash sale, kept apart from the drop's descriptive row so that catalog
-- reads and edits never wait behind the stock updates. The checks make overselling
-- impossible at the storage level, whatever the application does.
create table drop_inventory (
  drop_id uuid primary key references drops (id),
  initial integer not null,
  available integer not null check (available >= 0),
  reserved integer not null check (reserved >= 0),
  sold integer not null check (sold >= 0),
  check (available + reserved + sold = initial)
);
