import type { Queryable } from "../../infra/db/index.js";
import { writeEvent } from "../../infra/outbox/index.js";
import { isCountry } from "../../shared/countries.js";
import { decodeKeyset, encodeCursor, pageFrom } from "../../shared/cursor.js";
import { AppError, forbidden, invalid, notFound } from "../../shared/errors.js";
import { newId } from "../../shared/ids.js";
import { dropPayload } from "./catalog.events.js";
import type {
  CreateDropInput,
  Drop,
  DropAccess,
  DropStatus,
  ListStatus,
  UpdateDropInput,
} from "./catalog.schemas.js";
import { createDropsRepository, type DropRow, type DropValues } from "./drops.repository.js";
import type { CatalogDeps, ProductsService } from "./products.service.js";

export interface RaffleValues {
  entriesCloseAt: Date;
  claimTtlSeconds: number;
}
/** The raffles module's hook: stores a new raffle drop's settings inside the creation transaction. */
export type RaffleSetup = (q: Queryable, d: RaffleValues & { dropId: string; now: Date }) => Promise<unknown>;

/** Status is a function of the clock, never stored: a drop is live from the millisecond of startsAt. */
export function statusAt(
  d: { starts_at: Date; ends_at: Date; cancelled_at: Date | null },
  now: Date,
): DropStatus {
  if (d.cancelled_at) return "cancelled";
  const t = now.getTime();
  if (t < d.starts_at.getTime()) return "upcoming";
  return t < d.ends_at.getTime() ? "live" : "ended";
}

/** The next instant at which this drop's status changes, or null when it never will again. */
export function nextChange(d: DropRow, now: Date): Date | null {
  const status = statusAt(d, now);
  if (status === "upcoming") return d.starts_at;
  if (status === "live") return d.ends_at;
  return null;
}

export function toDrop(r: DropRow, now: Date, imageView: CatalogDeps["imageView"]): Drop {
  const override = r.price_override_cents === null ? null : Number(r.price_override_cents);
  const frozen = r.price_snapshot_cents === null ? null : Number(r.price_snapshot_cents);
  const productPrice = Number(r.product_price_cents);
  const currency = r.currency.trim();
  return {
    id: r.id,
    productId: r.product_id,
    creatorId: r.creator_id,
    status: statusAt(r, now),
    soldOut: r.available === 0,
    startsAt: r.starts_at.toISOString(),
    endsAt: r.ends_at.toISOString(),
    cancelledAt: r.cancelled_at?.toISOString() ?? null,
    priceCents: frozen ?? override ?? productPrice,
    currency,
    priceOverrideCents: override,
    lowStockThreshold: r.low_stock_threshold,
    perUserLimit: r.per_user_limit,
    access: r.access,
    admitPerSecond: r.admit_per_second,
    passTtlSeconds: r.pass_ttl_seconds,
    botProtection: r.bot_protection,
    stock: { initial: r.inv_initial, available: r.available, reserved: r.reserved, sold: r.sold },
    variants:
      r.variants?.map((v) => ({
        id: v.id,
        name: v.name,
        stock: { initial: v.initial, available: v.available, reserved: v.reserved, sold: v.sold },
        soldOut: v.available === 0,
      })) ?? null,
    shipsTo: r.ships_to,
    shippingFeeCents: r.shipping_fee_cents === null ? null : Number(r.shipping_fee_cents),
    product: {
      id: r.product_id,
      title: r.product_title,
      imageUrl: r.product_image_urls[0] ?? null,
      images: r.product_images.map(imageView),
      priceCents: productPrice,
      currency: r.product_currency.trim(),
    },
    ...(r.entries_close_at && r.draw_commitment && r.claim_ttl_seconds
      ? {
          entriesCloseAt: r.entries_close_at.toISOString(),
          claimTtlSeconds: r.claim_ttl_seconds,
          drawCommitment: r.draw_commitment,
        }
      : {}),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/**
 * An edit may switch between open and queue before the start; a raffle is one from creation
 * (its seed is committed then and its entries are its own), so it can neither start nor stop
 * being one later.
 */
function accessAfterEdit(wanted: DropAccess | undefined, now: DropAccess): DropAccess {
  if (wanted === undefined || wanted === now) return now;
  if (wanted === "raffle" || now === "raffle") {
    throw invalid("A drop is a raffle from its creation or never", { field: "access", access: now });
  }
  return wanted;
}

function parseTime(value: string, field: string): Date {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw invalid(`${field} must be a date-time`, { field, value });
  return d;
}

/**
 * A drop sells one stock (`initialStock`) or variants, never both: the variants' names are
 * unique whatever their case (the table's index says the same), and their sum is the stock.
 */
function stockOf(input: CreateDropInput): { initialStock: number; variants: NewVariant[] | null } {
  const { initialStock, variants } = input;
  if ((initialStock === undefined) === (variants === undefined)) {
    throw invalid("Send exactly one of initialStock and variants", { fields: ["initialStock", "variants"] });
  }
  if (!variants) return { initialStock: initialStock as number, variants: null };
  const seen = new Set<string>();
  for (const v of variants) {
    const name = v.name.trim().toLowerCase();
    if (seen.has(name)) throw invalid(`Two variants are named "${v.name}"`, { field: "variants" });
    seen.add(name);
  }
  const total = variants.reduce((n, v) => n + v.stock, 0);
  // The drop's stock is their sum, a 32-bit column like every stock counter.
  if (total > MAX_DROP_STOCK) {
    throw invalid(`The variants' stock adds up to more than ${MAX_DROP_STOCK}`, { field: "variants", total });
  }
  return {
    initialStock: total,
    variants: variants.map((v) => ({ id: newId(), name: v.name.trim(), stock: v.stock })),
  };
}
type NewVariant = { id: string; name: string; stock: number };
/** The largest stock a drop may hold: PostgreSQL's integer. */
const MAX_DROP_STOCK = 2_147_483_647;

/** Shipping is both fields or none: countries without a fee ship free; a fee needs countries. */
function shippingOf(
  shipsTo: string[] | null,
  fee: number | null,
): { shipsTo: string[] | null; shippingFeeCents: number | null } {
  if (shipsTo === null) {
    if (fee !== null) throw invalid("shippingFeeCents needs shipsTo", { field: "shippingFeeCents" });
    return { shipsTo: null, shippingFeeCents: null };
  }
  const unknown = shipsTo.filter((c) => !isCountry(c));
  if (unknown.length > 0) {
    throw invalid("shipsTo names unknown ISO 3166-1 alpha-2 codes", { field: "shipsTo", unknown });
  }
  return { shipsTo, shippingFeeCents: fee ?? 0 };
}

/** Rules every drop's values obey, for a new drop and for an edit alike. */
function checkValues(v: DropValues, now: Date, allowPast: boolean): void {
  if (v.startsAt.getTime() >= v.endsAt.getTime()) {
    throw invalid("endsAt must be after startsAt", {
      fields: ["startsAt", "endsAt"],
      startsAt: v.startsAt.toISOString(),
      endsAt: v.endsAt.toISOString(),
    });
  }
  if (!allowPast && v.endsAt.getTime() <= now.getTime()) {
    throw invalid("endsAt must be in the future", { field: "endsAt", endsAt: v.endsAt.toISOString() });
  }
  if (!Number.isInteger(v.initialStock) || v.initialStock <= 0) {
    throw invalid("initialStock must be a positive integer", { field: "initialStock" });
  }
  if (v.lowStockThreshold < 0 || v.lowStockThreshold > v.initialStock) {
    throw invalid("lowStockThreshold must be between 0 and initialStock", { field: "lowStockThreshold" });
  }
}

/** A raffle's settings from the creation input: validated here, stored by the raffles module. */
function raffleValues(
  input: CreateDropInput,
  v: DropValues,
  now: Date,
  allowPast: boolean,
): RaffleValues | null {
  if ((input.access ?? "open") !== "raffle") {
    if (input.entriesCloseAt !== undefined || input.claimTtlSeconds !== undefined) {
      throw invalid("entriesCloseAt and claimTtlSeconds are for raffle drops (access: raffle)", {
        fields: ["access", "entriesCloseAt", "claimTtlSeconds"],
      });
    }
    return null;
  }
  if (input.entriesCloseAt === undefined) {
    throw invalid("A raffle drop needs entriesCloseAt", { field: "entriesCloseAt" });
  }
  const entriesCloseAt = parseTime(input.entriesCloseAt, "entriesCloseAt");
  if (entriesCloseAt.getTime() >= v.startsAt.getTime()) {
    throw invalid("entriesCloseAt must be before startsAt", { fields: ["entriesCloseAt", "startsAt"] });
  }
  if (!allowPast && entriesCloseAt.getTime() <= now.getTime()) {
    throw invalid("entriesCloseAt must be in the future", { field: "entriesCloseAt" });
  }
  return { entriesCloseAt, claimTtlSeconds: input.claimTtlSeconds ?? 600 };
}

export function createDropsService(
  deps: CatalogDeps & { products: ProductsService; raffleSetup?: RaffleSetup },
) {
  const { db, clock, changed, products, imageView } = deps;
  const repo = createDropsRepository(db);

  const load = async (id: string): Promise<DropRow> => {
    const row = await repo.find(id);
    if (!row) throw notFound("Drop");
    return row;
  };
  const ownedDrop = async (actorId: string, id: string): Promise<DropRow> => {
    await products.mustBeCreator(actorId);
    const row = await load(id);
    if (row.creator_id !== actorId) throw forbidden("This drop belongs to another creator");
    return row;
  };

  return {
    /**
     * Schedule a drop of a product the caller owns; the drop and its inventory row commit
     * together. `allowPast` lets the demo seed create drops that already ended; `requestId`
     * (the request's, from the transport) is recorded with the event.
     */
    async create(
      actorId: string,
      input: CreateDropInput,
      opts: { allowPast?: boolean; requestId?: string } = {},
    ): Promise<Drop> {
      const product = await products.owned(actorId, input.productId);
      const now = clock.now();
      const { initialStock, variants } = stockOf(input);
      const values: DropValues = {
        startsAt: parseTime(input.startsAt, "startsAt"),
        endsAt: parseTime(input.endsAt, "endsAt"),
        initialStock,
        lowStockThreshold: input.lowStockThreshold ?? 0,
        perUserLimit: input.perUserLimit ?? null,
        priceOverrideCents: input.priceOverrideCents ?? null,
        ...shippingOf(input.shipsTo ?? null, input.shippingFeeCents ?? null),
        access: input.access ?? "open",
        admitPerSecond: input.admitPerSecond ?? 50,
        passTtlSeconds: input.passTtlSeconds ?? 120,
        botProtection: input.botProtection ?? false,
      };
      checkValues(values, now, opts.allowPast === true);
      const raffle = raffleValues(input, values, now, opts.allowPast === true);
      const setup = deps.raffleSetup;
      if (raffle && !setup) throw new AppError("INTERNAL", "Raffles are not wired in this process");
      const id = newId();
      await db.tx(async (q) => {
        if (!(await repo.lockLiveProduct(q, product.id))) {
          throw new AppError("NOT_FOUND", "Product not found", { productId: product.id });
        }
        await repo.insert(q, { ...values, id, productId: product.id, creatorId: actorId, now, variants });
        // The raffles module keeps its settings and secret seed in its own table, same transaction.
        if (raffle && setup) await setup(q, { dropId: id, ...raffle, now });
        await writeEvent(q, {
          type: "drop.scheduled",
          aggregateId: id,
          payload: dropPayload({ id, creatorId: actorId, productId: product.id, ...values }),
          createdAt: now,
          requestId: opts.requestId,
        });
      });
      await changed();
      return toDrop(await load(id), clock.now(), imageView);
    },

    /** Only the owner, and only before the drop starts; a new initialStock rewrites its inventory. */
    async update(actorId: string, id: string, input: UpdateDropInput): Promise<Drop> {
      const row = await ownedDrop(actorId, id);
      const now = clock.now();
      const notEditable = () =>
        new AppError("DROP_NOT_EDITABLE", "A drop can only be edited before it starts", {
          status: statusAt(row, now),
        });
      if (statusAt(row, now) !== "upcoming") throw notEditable();
      if (row.variants && input.initialStock !== undefined) {
        throw invalid("This drop sells variants: its stock is theirs, set when it was created", {
          field: "initialStock",
        });
      }
      const shipsTo = input.shipsTo === undefined ? row.ships_to : input.shipsTo;
      const fee =
        input.shippingFeeCents !== undefined
          ? input.shippingFeeCents
          : input.shipsTo === null || row.shipping_fee_cents === null
            ? null
            : Number(row.shipping_fee_cents);
      const values: DropValues = {
        startsAt: input.startsAt ? parseTime(input.startsAt, "startsAt") : row.starts_at,
        endsAt: input.endsAt ? parseTime(input.endsAt, "endsAt") : row.ends_at,
        initialStock: input.initialStock ?? row.initial_stock,
        lowStockThreshold: input.lowStockThreshold ?? row.low_stock_threshold,
        perUserLimit: input.perUserLimit === undefined ? row.per_user_limit : input.perUserLimit,
        priceOverrideCents:
          input.priceOverrideCents === undefined
            ? row.price_override_cents === null
              ? null
              : Number(row.price_override_cents)
            : input.priceOverrideCents,
        ...shippingOf(shipsTo, fee),
        access: accessAfterEdit(input.access, row.access),
        admitPerSecond: input.admitPerSecond ?? row.admit_per_second,
        passTtlSeconds: input.passTtlSeconds ?? row.pass_ttl_seconds,
        botProtection: input.botProtection ?? row.bot_protection,
      };
      checkValues(values, now, false);
      if (row.entries_close_at) {
        // A raffle's entries must close before it starts; once closed, the draw has used (or
        // is using) the stock and per-user limit to count winners, so they stay.
        if (values.startsAt.getTime() <= row.entries_close_at.getTime()) {
          throw invalid("A raffle drop must start after its entries close", {
            fields: ["startsAt"],
            entriesCloseAt: row.entries_close_at.toISOString(),
          });
        }
        const frozen =
          values.initialStock !== row.initial_stock || values.perUserLimit !== row.per_user_limit;
        if (frozen && now.getTime() >= row.entries_close_at.getTime()) {
          throw new AppError(
            "DROP_NOT_EDITABLE",
            "A raffle's stock and per-user limit are fixed once entries close",
            {
              entriesCloseAt: row.entries_close_at.toISOString(),
            },
          );
        }
      }
      const done = await db.tx((q) => repo.updateBeforeStart(q, id, values, now));
      if (!done) throw notEditable();
      await changed();
      return toDrop(await load(id), clock.now(), imageView);
    },

    /** An upcoming drop is cancelled (and leaves every list); a live one ends now. */
    async cancel(actorId: string, id: string, requestId?: string): Promise<Drop> {
      const row = await ownedDrop(actorId, id);
      const now = clock.now();
      const result = await db.tx(async (q) => {
        const done = await repo.cancel(q, id, now);
        // A live drop cut short needs no event of its own: the scheduler re-reads ends_at
        // and announces drop.ended at the new time.
        if (done === "cancelled") {
          await writeEvent(q, {
            type: "drop.cancelled",
            aggregateId: id,
            payload: {
              ...dropPayload({
                id,
                creatorId: row.creator_id,
                productId: row.product_id,
                startsAt: row.starts_at,
                endsAt: row.ends_at,
              }),
              cancelledAt: now.toISOString(),
            },
            createdAt: now,
            requestId,
          });
        }
        return done;
      });
      if (result === null) {
        throw new AppError("INVALID_STATE", "The drop has already ended or been cancelled", { dropId: id });
      }
      await changed();
      return toDrop(await load(id), clock.now(), imageView);
    },

    /**
     * The creator's account is being deleted (inside that transaction): upcoming drops are
     * cancelled, each with its `drop.cancelled` so followers and viewers hear of it; a live
     * one ends now, and the scheduler announces its `drop.ended` (as when its creator cuts it
     * short). Reservations already held stay valid until they are paid or expire, as with
     * any drop that ends: the buyer took them on the drop's terms. Returns what to run after
     * the commit (retire cached catalog answers, wake the scheduler).
     */
    async endAllOf(
      q: Queryable,
      creatorId: string,
      now: Date,
      requestId?: string,
    ): Promise<() => Promise<void>> {
      const changedDrops = await repo.endAllOf(q, creatorId, now);
      for (const d of changedDrops.filter((x) => x.cancelled)) {
        await writeEvent(q, {
          type: "drop.cancelled",
          aggregateId: d.id,
          payload: {
            ...dropPayload({
              id: d.id,
              creatorId,
              productId: d.product_id,
              startsAt: d.starts_at,
              endsAt: d.ends_at,
            }),
            cancelledAt: now.toISOString(),
          },
          createdAt: now,
          requestId,
        });
      }
      return changedDrops.length > 0 ? changed : async () => {};
    },

    /** When the next drop anywhere changes status (starts or ends): no list answer outlives it. */
    nextChange: (): Promise<Date | null> => repo.nextBoundary(clock.now()),

    /** The drop, and when its status next changes: how long this answer holds. */
    async get(id: string): Promise<{ drop: Drop; validUntil: Date | null }> {
      const now = clock.now();
      const row = await load(id);
      return { drop: toDrop(row, now, imageView), validUntil: nextChange(row, now) };
    },

    /**
     * One page of a status list. The answer holds until the next moment any drop changes
     * status (a drop can join or leave the list then), which `validUntil` says.
     */
    async list(opts: { status: ListStatus; creatorId?: string; limit: number; after?: string }) {
      const now = clock.now();
      const after = decodeKeyset(opts.after, "time", opts.status);
      const [rows, validUntil] = await Promise.all([
        repo.list({ status: opts.status, now, creatorId: opts.creatorId ?? null, after, limit: opts.limit }),
        repo.nextBoundary(now),
      ]);
      const key = opts.status === "upcoming" ? "starts_at" : "ends_at";
      // The same cursor catalog.graph's dropCursor makes from a drop of the page.
      const page = pageFrom(
        rows,
        opts.limit,
        (r) => encodeCursor([r[key].toISOString(), r.id], opts.status),
        (r) => toDrop(r, now, imageView),
      );
      return { page, validUntil };
    },
  };
}

export type DropsService = ReturnType<typeof createDropsService>;
