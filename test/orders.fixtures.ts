import { createSigner } from "fast-jwt";
import type { Queryable } from "../src/infra/db/index.js";
import { newId } from "../src/shared/ids.js";

/**
 * A drop straight in the database, so the orders tests do not depend on the catalog's
 * write API: a product, the drop (live around `now` unless told otherwise) and its stock.
 */
export async function insertDrop(
  db: Queryable,
  opts: {
    creatorId: string;
    stock: number;
    perUserLimit?: number | null;
    priceCents?: number;
    now?: Date;
    startsAt?: Date;
    endsAt?: Date;
  },
): Promise<{ dropId: string; productId: string }> {
  const now = opts.now ?? new Date();
  const productId = newId();
  const dropId = newId();
  await db.query(
    `insert into products (id, creator_id, title, price_cents, currency, created_at, updated_at)
     values ($1, $2, 'Test sneaker', $3, 'EUR', $4, $4)`,
    [productId, opts.creatorId, opts.priceCents ?? 1500, now],
  );
  await db.query(
    `insert into drops (id, product_id, creator_id, starts_at, ends_at, initial_stock, per_user_limit,
                        created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
    [
      dropId,
      productId,
      opts.creatorId,
      opts.startsAt ?? new Date(now.getTime() - 60_000),
      opts.endsAt ?? new Date(now.getTime() + 3_600_000),
      opts.stock,
      opts.perUserLimit ?? null,
      now,
    ],
  );
  await db.query(
    "insert into drop_inventory (drop_id, initial, available, reserved, sold) values ($1, $2, $2, 0, 0)",
    [dropId, opts.stock],
  );
  return { dropId, productId };
}

/** Users straight in the database (registration hashes passwords: too slow for hundreds). */
export async function insertUsers(db: Queryable, n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, () => newId());
  await db.query(
    `insert into users (id, name, email, password_hash, created_at, updated_at)
     select id, 'Buyer', 'buyer-' || id || '@example.com', 'x', now(), now() from unnest($1::uuid[]) as t(id)`,
    [ids],
  );
  return ids;
}

/** A creator straight in the database. */
export async function insertCreator(db: Queryable): Promise<string> {
  const [id] = await insertUsers(db, 1);
  await db.query(
    `insert into creators (id, handle, display_name, created_at, updated_at)
     values ($1, $2, 'Race creator', now(), now())`,
    [id, `c_${id!.replaceAll("-", "").slice(-20)}`],
  );
  return id!;
}

/** Bearer tokens as the server signs them (HS256 with its JWT secret). */
export function tokensFor(secret: string, userIds: string[]): string[] {
  const sign = createSigner({ key: secret, expiresIn: 3_600_000 });
  return userIds.map((sub) => sign({ sub }));
}
