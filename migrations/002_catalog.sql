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
  -- Title words weigh more than description words in the ranking. Each text is indexed
  -- twice: stemmed ('english': "sneakers" finds "sneaker") and as written ('simple': the
  -- type-ahead prefix "runni" finds "running", which stems to "run").
  search tsvector generated always as (
    setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('simple', title), 'A')
    || setweight(to_tsvector('english', description), 'B') || setweight(to_tsvector('simple', description), 'B')
  ) stored
);
-- Lists skip soft-deleted products, so their indexes do too.
create index products_by_creator on products (creator_id, created_at desc, id desc) where deleted_at is null;
create index products_recent on products (created_at desc, id desc) where deleted_at is null;
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
-- Status is derived from time; each list's keyset order has its own index. Cancelled
-- drops are in no list (see the catalog module), so the indexes leave them out.
create index drops_by_start on drops (starts_at, id) where cancelled_at is null;
create index drops_by_end on drops (ends_at, id) where cancelled_at is null;
create index drops_by_creator_start on drops (creator_id, starts_at, id) where cancelled_at is null;
create index drops_by_creator_end on drops (creator_id, ends_at, id) where cancelled_at is null;
create index drops_by_product on drops (product_id);

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
