import type { Queryable } from "../../infra/db/index.js";
import type { StoredImage } from "../media/index.js";

export interface ProductRow {
  id: string;
  creator_id: string;
  title: string;
  description: string;
  price_cents: string | number;
  currency: string;
  image_urls: string[];
  /** Uploaded images, in upload order (015_product_images.sql). */
  images: StoredImage[];
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

export type RankedProductRow = ProductRow & { rank: number };

const COLUMNS = `p.id, p.creator_id, p.title, p.description, p.price_cents, p.currency, p.image_urls,
  p.images, p.created_at, p.updated_at, p.deleted_at`;

/** A prefix tsquery matched stemmed ("sneakers" ~ "sneaker") or as typed ("runni" ~ "running"). */
const MATCH = "(to_tsquery('english', $1) || to_tsquery('simple', $1))";

/** The only place with SQL for products. */
export function createProductsRepository(db: Queryable) {
  return {
    async insert(
      q: Queryable,
      p: {
        id: string;
        creatorId: string;
        title: string;
        description: string;
        priceCents: number;
        currency: string;
        imageUrls: string[];
        now: Date;
      },
    ): Promise<void> {
      await q.query(
        `insert into products (id, creator_id, title, description, price_cents, currency, image_urls,
           created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
        [p.id, p.creatorId, p.title, p.description, p.priceCents, p.currency, p.imageUrls, p.now],
      );
    },

    async find(id: string, q: Queryable = db): Promise<ProductRow | undefined> {
      const r = await q.query<ProductRow>(`select ${COLUMNS} from products p where p.id = $1`, [id]);
      return r.rows[0];
    },

    async findMany(ids: string[]): Promise<ProductRow[]> {
      if (ids.length === 0) return [];
      const r = await db.query<ProductRow>(`select ${COLUMNS} from products p where p.id = any($1::uuid[])`, [
        ids,
      ]);
      return r.rows;
    },

    /**
     * Before a price or currency edit: drops of this product that are live or over keep the
     * price they went live with (the edit applies to drops still to come).
     */
    async freezeStartedDropPrices(q: Queryable, id: string, now: Date): Promise<void> {
      await q.query(
        `update drops d set price_snapshot_cents = coalesce(d.price_override_cents, p.price_cents),
           currency_snapshot = p.currency
         from products p
         where p.id = $1 and d.product_id = p.id and d.starts_at <= $2 and d.price_snapshot_cents is null`,
        [id, now],
      );
    },

    async update(
      q: Queryable,
      id: string,
      patch: {
        title?: string;
        description?: string;
        priceCents?: number;
        currency?: string;
        imageUrls?: string[];
      },
      now: Date,
    ): Promise<void> {
      await q.query(
        `update products set title = coalesce($2, title), description = coalesce($3, description),
           price_cents = coalesce($4, price_cents), currency = coalesce($5, currency),
           image_urls = coalesce($6, image_urls), updated_at = $7
         where id = $1 and deleted_at is null`,
        [
          id,
          patch.title ?? null,
          patch.description ?? null,
          patch.priceCents ?? null,
          patch.currency ?? null,
          patch.imageUrls ?? null,
          now,
        ],
      );
    },

    async softDelete(q: Queryable, id: string, now: Date): Promise<void> {
      await q.query(
        "update products set deleted_at = $2, updated_at = $2 where id = $1 and deleted_at is null",
        [id, now],
      );
    },

    /**
     * Appends an uploaded image, in one guarded statement: only to the creator's live product,
     * only below `max` images, and not when the same file (by its SHA-256) is already there.
     * False when a guard refused (the caller reads the row to say which).
     */
    async addImage(
      q: Queryable,
      p: { id: string; creatorId: string; image: StoredImage; max: number; now: Date },
    ): Promise<boolean> {
      const r = await q.query(
        `update products set images = images || jsonb_build_array($3::jsonb), updated_at = $5
         where id = $1 and creator_id = $2 and deleted_at is null
           and jsonb_array_length(images) < $4
           and not images @> jsonb_build_array(jsonb_build_object('sha256', $6::text))`,
        [p.id, p.creatorId, JSON.stringify(p.image), p.max, p.now, p.image.sha256],
      );
      return r.rowCount > 0;
    },

    /**
     * Removes one image from a live product, keeping the others' order: the removed image, or
     * undefined when the product has none by that id. `old` locks the row and reads its newest
     * images (a concurrent upload's commit is seen), so no upload is lost.
     */
    async removeImage(
      q: Queryable,
      id: string,
      imageId: string,
      now: Date,
    ): Promise<StoredImage | undefined> {
      const r = await q.query<{ removed: StoredImage }>(
        `with old as (select id, images from products where id = $1 and deleted_at is null for update)
         update products p set updated_at = $3,
           images = coalesce((select jsonb_agg(e order by n) from jsonb_array_elements(old.images)
                              with ordinality as x(e, n) where e->>'id' <> $2), '[]'::jsonb)
         from old
         where p.id = old.id and old.images @> jsonb_build_array(jsonb_build_object('id', $2::text))
         returning (select e from jsonb_array_elements(old.images) e where e->>'id' = $2) as removed`,
        [id, imageId, now],
      );
      return r.rows[0]?.removed;
    },

    /** Whether the product has a drop that has not ended (and is not cancelled) at `now`. */
    async hasOpenDrop(q: Queryable, productId: string, now: Date): Promise<boolean> {
      const r = await q.query(
        "select 1 from drops where product_id = $1 and cancelled_at is null and ends_at > $2 limit 1",
        [productId, now],
      );
      return r.rows.length > 0;
    },

    /** Newest first; keyset on (created_at, id), matching products_recent / products_by_creator. */
    async newest(opts: {
      creatorId: string | null;
      after: [string, string] | null;
      limit: number;
    }): Promise<ProductRow[]> {
      const r = await db.query<ProductRow>(
        `select ${COLUMNS} from products p
         where p.deleted_at is null
           and ($1::uuid is null or p.creator_id = $1)
           and ($2::timestamptz is null or (p.created_at, p.id) < ($2, $3::uuid))
         order by p.created_at desc, p.id desc
         limit $4`,
        [opts.creatorId, opts.after?.[0] ?? null, opts.after?.[1] ?? null, opts.limit + 1],
      );
      return r.rows;
    },

    /**
     * Best match first: ts_rank over the weighted search column (title words weigh more).
     * Keyset on (rank, id): the cursor carries the rank, so paging is deterministic; real
     * values round-trip exactly through their shortest text form.
     */
    async search(opts: {
      tsquery: string;
      creatorId: string | null;
      after: [number, string] | null;
      limit: number;
    }): Promise<RankedProductRow[]> {
      const r = await db.query<RankedProductRow>(
        `select * from (
           select ${COLUMNS}, ts_rank(p.search, ${MATCH}) as rank
           from products p
           where p.search @@ ${MATCH} and p.deleted_at is null and ($2::uuid is null or p.creator_id = $2)
         ) m
         where $3::real is null or (m.rank, m.id) < ($3::real, $4::uuid)
         order by m.rank desc, m.id desc
         limit $5`,
        [opts.tsquery, opts.creatorId, opts.after?.[0] ?? null, opts.after?.[1] ?? null, opts.limit + 1],
      );
      return r.rows;
    },
  };
}

export type ProductsRepository = ReturnType<typeof createProductsRepository>;
