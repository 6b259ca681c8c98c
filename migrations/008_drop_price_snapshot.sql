-- The price a buyer pays is fixed once a drop is live: editing the product's price or
-- currency afterwards first copies the price the drop went live with into the drop, in the
-- same transaction. Null means "not frozen yet": the drop follows its product (or override).
alter table drops add column price_snapshot_cents bigint check (price_snapshot_cents is null or price_snapshot_cents >= 0);
alter table drops add column currency_snapshot char(3);
