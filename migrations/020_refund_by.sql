-- Who asked for a refund in flight: the buyer (a cancellation) or the creator (the order
-- desk). A refund whose process died is finished by the worker's reconciliation, which must
-- tell the buyer the same thing the request would have: "you cancelled" or "refunded by the
-- creator". Null on payments refunded before this column, read as the buyer's.
alter table payments add column refund_by text check (refund_by in ('buyer', 'creator'));
