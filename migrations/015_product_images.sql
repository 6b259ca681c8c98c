-- Uploaded product images (issue 14): each element is a media StoredImage
-- ({ id, sha256, renditions: [{ key, width, height }], createdAt }), in upload order. They
-- live on the product row, read with it by every product and drop answer at no extra cost;
-- adding one is a single guarded update (owner, at most 10, not the same file twice). The
-- constant default makes this an instant change, whatever the table's size.
alter table products add column images jsonb not null default '[]'::jsonb;
