import type { Db } from "../../infra/db/index.js";
import type { Clock } from "../../shared/clock.js";
import { AppError } from "../../shared/errors.js";
import { type Batch, GroupCommit } from "../../shared/group-commit.js";
import type { DropTerms } from "../catalog/index.js";
import { DEFAULT_LEASE_MS } from "./idempotency.js";
import { orderEvent } from "./orders.events.js";
import type { OrdersMetrics } from "./orders.metrics.js";
import {
  failure,
  limitExceeded,
  type OrderRow,
  type Outcome,
  orderJson,
  putStock,
  SOLD_OUT,
  type Stock,
  type StockRef,
  stockKey,
  success,
  toOrder,
  totalOf,
} from "./orders.model.js";
import type { ShippingAddress } from "./orders.schemas.js";
import { type ReserveResult, reserveBatch, storeSoldOutAnswers } from "./reservations.repository.js";
import {
  type KeyAnswer,
  moveStock,
  releaseQuota,
  type SettleItem,
  transitionOrders,
} from "./settlement.repository.js";

export interface ReserveJob {
  orderId: string;
  userId: string;
  quantity: number;
  key: string;
  fingerprint: string;
  /** Set when the same call pays: the payment row is created with the order. */
  payment: { id: string; method: string } | null;
  /** On a drop that ships (checked against its countries by the service). */
  shippingAddress: ShippingAddress | null;
}

export interface Answer {
  outcome: Outcome;
  /** Where the drop's stock after the batch goes in the outcome (see orders.model.ts). */
  stockPath: string;
}

export interface SettleJob extends SettleItem {
  /** The caller's answer, built from the order as this batch left it; stored under `key` when given. */
  respond?: { key: { userId: string; key: string } | null; build(order: OrderRow): Answer };
  /** Answer for keys a crashed request left open on this order (expiry). */
  dangling?: (order: OrderRow) => Answer;
  /** The request it settles for (its event carries it), passed down from the transport. */
  requestId?: string;
}

export interface Reserved extends ReserveResult {
  /** The order this batch inserted (when reserved), as the database holds it. */
  order: OrderRow | null;
}

export interface SettleResult {
  /** The order after this batch, or null when it was no longer pending (another path won). */
  order: OrderRow | null;
  /** The caller's outcome (`respond`), with the stock this batch left. */
  outcome: Outcome | null;
  stock: Stock;
}

const SOLD_OUT_RECHECK_MS = 1_000;
/** A probe not back by then is taken as lost (see `soldOutFromMemory`). */
const PROBE_TIMEOUT_MS = 10_000;
/** Orders waiting for one drop's batch in one process, past which new ones are refused (503). */
const DEFAULT_MAX_QUEUE = 10_000;

/** A constraint or data error belongs to one row: retry the batch in halves so it fails alone. */
const rowError = (err: unknown) => {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^(22|23|40|P0)/.test(code);
};
const overloaded = () =>
  new AppError("OVERLOADED", "Too many orders are waiting for this drop; try again in a moment", {
    retryAfterSeconds: 1,
  });
const SOLD_OUT_OUTCOME = JSON.stringify(failure(SOLD_OUT));
const MAX_BATCH = 500;
/** The hot path's transactions: BEGIN rides with the first statement, COMMIT with the last. */
const HOT = { bundleBegin: true } as const;

/**
 * Stock movements for one process: per-drop group commit of reservations and settlements,
 * and the sold-out fast path. The database stays the only truth: batches and the sold-out
 * flag only save trips, and with several processes each one's batches meet on the row lock.
 */
export function createInventory(deps: {
  db: Db;
  clock: Clock;
  metrics: OrdersMetrics;
  terms: (dropId: string) => Promise<DropTerms | null>;
  reservationTtlMs: number;
  /** Orders that may wait per drop in this process (default 10,000). */
  maxQueue?: number;
  /** New orders are refused while a drop's oldest queued one has waited this long; unset: never. */
  maxQueueWaitMs?: number;
  /** How long a claimed key stays this process's without renewal (see idempotency.ts). */
  leaseMs?: number;
}) {
  const { db, clock, metrics, terms } = deps;
  /**
   * Sold-out stock rows this process answers from memory, by `stockKey`, so a sold-out size
   * never answers for another size. An entry goes when stock comes back, and once its drop
   * has ended (no order reaches it then), so the map holds only stock that is sold out and
   * still live.
   */
  const soldOut = new Map<
    string,
    { dropId: string; at: number; probing: boolean; probedAt: number; endsAt: number }
  >();
  /** Drops the entries that have ended; returns the number left. */
  const pruneEnded = (): number => {
    const now = clock.now().getTime();
    for (const [id, s] of soldOut) if (s.endsAt <= now) soldOut.delete(id);
    return soldOut.size;
  };

  const markSoldOut = (ref: StockRef, endsAt: Date) => {
    pruneEnded();
    soldOut.set(stockKey(ref), {
      dropId: ref.dropId,
      at: performance.now(),
      probing: false,
      probedAt: 0,
      endsAt: endsAt.getTime(),
    });
  };

  /** The order queue's limits, per stock row (reservations) and for the sold-out answers' store. */
  const queueLimits = {
    maxQueue: deps.maxQueue ?? DEFAULT_MAX_QUEUE,
    maxWaitMs: deps.maxQueueWaitMs,
    overloaded: () => {
      metrics.outcomes.inc({ outcome: "overloaded" });
      return overloaded();
    },
  };

  const timed = async <T>(kind: string, batch: Batch<unknown>, fn: () => Promise<T>): Promise<T> => {
    metrics.batchSize.observe({ kind }, batch.items.length);
    metrics.queueSeconds.observe({ kind }, batch.waitedMs / 1000);
    const end = metrics.hotRowSeconds.startTimer({ kind });
    try {
      return await fn();
    } finally {
      end();
    }
  };

  // Keyed by stock row (`stockKey`): each variant of a drop has its batches, as a drop has.
  const reserver = new GroupCommit<ReserveJob & { ref: StockRef }, Reserved>(
    async (_key, batch) => {
      const { dropId, variantId } = (batch.items[0] as { ref: StockRef }).ref;
      const t = await terms(dropId);
      if (!t) throw new Error(`drop ${dropId} vanished`);
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + deps.reservationTtlMs);
      const requests = batch.items.map((j) => {
        const order = orderJson({
          id: j.orderId,
          userId: j.userId,
          dropId,
          quantity: j.quantity,
          unitPriceCents: t.unitPriceCents,
          currency: t.currency,
          status: "pending_payment",
          createdAt: now.toISOString(),
          expiresAt: expiresAt.toISOString(),
          variantId,
          shippingFeeCents: t.shippingFeeCents,
          shippingAddress: j.shippingAddress,
        });
        return {
          ...j,
          paymentId: j.payment?.id ?? null,
          method: j.payment?.method ?? null,
          address: j.shippingAddress ? JSON.stringify(j.shippingAddress) : null,
          // A paying request's outcome is stored when it settles, not here.
          successOutcome: j.payment ? "null" : JSON.stringify(success({ order, payment: null, stock: null })),
        };
      });
      const results = await timed("reserve", batch, () =>
        db.tx(
          (q) =>
            reserveBatch(q, {
              dropId,
              variantId,
              shippingFeeCents: t.shippingFeeCents,
              perUserLimit: t.perUserLimit,
              lowStockThreshold: t.lowStockThreshold,
              unitPriceCents: t.unitPriceCents,
              currency: t.currency,
              now,
              expiresAt,
              leaseUntil: new Date(now.getTime() + (deps.leaseMs ?? DEFAULT_LEASE_MS)),
              soldOutOutcome: SOLD_OUT_OUTCOME,
              limitOutcome: JSON.stringify(failure(limitExceeded(t.perUserLimit ?? 0))),
              requests,
            }),
          HOT,
        ),
      );
      const stock = results.find((r) => r.stock)?.stock;
      if (stock && stock.available === 0) markSoldOut({ dropId, variantId }, t.endsAt);
      return results.map((r, i) => {
        const j = batch.items[i] as ReserveJob;
        const order: OrderRow | null =
          r.result === "reserved"
            ? {
                id: j.orderId,
                user_id: j.userId,
                drop_id: dropId,
                quantity: j.quantity,
                unit_price_cents: t.unitPriceCents,
                total_cents: totalOf(t.unitPriceCents, j.quantity, t.shippingFeeCents),
                currency: t.currency,
                status: "pending_payment",
                created_at: now,
                updated_at: now,
                expires_at: expiresAt,
                variant_id: variantId,
                shipping_address: j.shippingAddress,
                shipping_fee_cents: t.shippingFeeCents,
              }
            : null;
        return { ...r, order };
      });
    },
    // One order per buyer per batch on a limited drop: the quota upsert sees one row per user.
    {
      maxBatch: MAX_BATCH,
      concurrency: 2,
      admit: (j, taken) => !taken.some((t) => t.userId === j.userId),
      isolate: rowError,
      ...queueLimits,
    },
  );

  const settler = new GroupCommit<SettleJob & { ref: StockRef }, SettleResult>(
    async (key, batch) => {
      const ref = (batch.items[0] as { ref: StockRef }).ref;
      const dropId = ref.dropId;
      const t = await terms(dropId);
      const now = clock.now();
      const out = await timed("settle", batch, () =>
        db.tx(async (q) => {
          const rows = await transitionOrders(q, batch.items, now);
          const byId = new Map(rows.map((r) => [r.id, r]));
          const released = rows.filter((r) => r.status !== "confirmed");
          if (t?.perUserLimit != null) await releaseQuota(q, dropId, released);
          const confirmed = rows.reduce((n, r) => n + (r.status === "confirmed" ? r.quantity : 0), 0);
          const freed = released.reduce((n, r) => n + r.quantity, 0);
          const built = new Map<SettleJob, Answer>();
          const answers: KeyAnswer[] = [];
          for (const job of batch.items) {
            const row = byId.get(job.orderId);
            if (!row) continue;
            const a = job.respond?.build(row) ?? job.dangling?.(row);
            if (!a) continue;
            built.set(job, a);
            const key = job.respond ? job.respond.key : null;
            if (!job.respond || key) {
              answers.push({
                userId: key?.userId ?? null,
                key: key?.key ?? null,
                orderId: row.id,
                outcome: JSON.stringify(a.outcome),
                stockPath: a.stockPath,
              });
            }
          }
          // Each order's event names the request that settled it, not the batch's first.
          const requestOf = new Map(batch.items.map((j) => [j.orderId, j.requestId]));
          const events = rows.map((r) => ({ ...orderEvent(toOrder(r)), requestId: requestOf.get(r.id) }));
          const stock = await moveStock(
            q,
            ref,
            { reserved: -(confirmed + freed), sold: confirmed, available: freed },
            answers,
            events,
            now,
          );
          return { rows: byId, freed, built, stock };
        }, HOT),
      );
      if (out.freed > 0) soldOut.delete(key);
      // The same outcomes the settling statement stored, with the same stock in them.
      return batch.items.map((job) => {
        const a = out.built.get(job);
        const outcome = a && job.respond ? putStock(a.outcome, a.stockPath, out.stock) : null;
        return { order: out.rows.get(job.orderId) ?? null, outcome, stock: out.stock };
      });
    },
    {
      maxBatch: MAX_BATCH,
      concurrency: 2,
      // One settlement per order per batch. Two at once (a charge back just as the expiry job
      // releases the reservation) would share one guarded update, and both jobs would read
      // its row as theirs: a payer told "confirmed" of an order that expired, money kept.
      // Apart, the second finds the order settled and the payer gives the money back.
      admit: (j, taken) => !taken.some((t) => t.orderId === j.orderId),
      isolate: rowError,
    },
  );

  /**
   * Sold-out answers from memory are stored before they are sent, many per statement. A key
   * the statement finds already used on the drop (by an order, a refusal, this key with
   * another body) is not this answer's: that request takes the database path and gets what
   * the key keeps. So no snapshot of a drop's keys is needed, however many a crowd spends.
   */
  type SoldOutAnswer = { dropId: string; userId: string; key: string; fingerprint: string };
  const soldOutWriter = new GroupCommit<SoldOutAnswer, boolean>(
    async (_key, batch) => {
      const mine = await storeSoldOutAnswers(db, batch.items, SOLD_OUT_OUTCOME, clock.now());
      // The same key twice in one batch is stored once, with the first one's body: the other
      // is owed SOLD_OUT only if it came with the same body. Ids as the database writes them.
      return batch.items.map(
        (a) => mine.get(`${a.dropId.toLowerCase()}\n${a.userId.toLowerCase()}\n${a.key}`) === a.fingerprint,
      );
    },
    {
      maxBatch: 2_000,
      concurrency: 2,
      // A statement's failure on one row (or a deadlock) is retried in halves, as the batches are.
      isolate: rowError,
      // Answers wait for their store: past these the crowd is told 503 rather than held.
      ...queueLimits,
    },
  );

  /** Whether this stock row is answered SOLD_OUT from memory; nothing changes (`soldOutFromMemory` acts on it). */
  const knowsSoldOut = (ref: StockRef): boolean => soldOut.has(stockKey(ref));

  return {
    knowsSoldOut,

    /**
     * The sold-out fast path. "sold_out": the stock row was sold out when this process last
     * looked (re-checked at most every second by letting one request through) and this key,
     * new on the drop, now holds that answer. "used": the key was spent on the drop before
     * (an order, a refusal, another body): it is owed what it keeps. Null: not sold out here,
     * or this request is the probe; it takes the database path.
     */
    async soldOutFromMemory(
      ref: StockRef,
      userId: string,
      key: string,
      fingerprint: string,
    ): Promise<"sold_out" | "used" | null> {
      const s = soldOut.get(stockKey(ref));
      if (!s) return null;
      const now = performance.now();
      // A probe that never reached a batch (refused by a fair drop's gate, say) does not
      // hold the re-check off for long: another is chosen after PROBE_TIMEOUT_MS.
      if (now - s.at > SOLD_OUT_RECHECK_MS && (!s.probing || now - s.probedAt > PROBE_TIMEOUT_MS)) {
        s.probing = true; // this request goes to the database; the rest keep the fast answer
        s.probedAt = now;
        return null;
      }
      if (!(await soldOutWriter.submit("all", { dropId: ref.dropId, userId, key, fingerprint })))
        return "used";
      metrics.soldOutFastPath.inc();
      return "sold_out";
    },

    /** Reserve through the drop's batch; resolves with what happened and the stored outcome, if any. */
    async reserve(ref: StockRef, job: ReserveJob): Promise<Reserved> {
      const sk = stockKey(ref);
      // A probe that did not find the stock sold out (or failed) ends the fast path; one that
      // did has re-armed it already (markSoldOut).
      const endProbe = () => {
        if (soldOut.get(sk)?.probing) soldOut.delete(sk);
      };
      // A probe whose key was spent before learns nothing of the stock: the next request probes.
      const probeAgain = () => {
        const s = soldOut.get(sk);
        if (s?.probing) s.probing = false;
      };
      try {
        const r = await reserver.submit(sk, { ...job, ref });
        if (r.result === "duplicate") probeAgain();
        else if (r.result !== "sold_out") endProbe();
        return r;
      } catch (err) {
        endProbe();
        throw err;
      }
    },

    /** Settle an order in the batch of the stock row it drew from (`stockRefOf(order)`). */
    settle: (ref: StockRef, job: SettleJob): Promise<SettleResult> =>
      settler.submit(stockKey(ref), { ...job, ref }),

    /** Settle without batching (the expiry job settles whole lists itself). */
    settleNow: (ref: StockRef, jobs: SettleJob[]) =>
      Promise.all(jobs.map((j) => settler.submit(stockKey(ref), { ...j, ref }))),

    forgetSoldOut(ref: StockRef): void {
      soldOut.delete(stockKey(ref));
    },

    /**
     * Resolves once every batch submitted so far is done, the sold-out answers' stores
     * included: a shutdown waits for it before closing the database.
     */
    idle: async (): Promise<void> => {
      await Promise.all([reserver.idle(), settler.idle(), soldOutWriter.idle()]);
    },

    /** How many stock rows this process holds as sold out on drops that have not ended. */
    soldOutDrops: pruneEnded,

    /** Whether this process holds any stock row of the drop as sold out (no clock: the caller checks it is live). */
    holdsSoldOut(dropId: string): boolean {
      const id = dropId.toLowerCase(); // as the database writes it; the schemas take either case
      for (const s of soldOut.values()) if (s.dropId === id) return true;
      return false;
    },

    /**
     * The drop is no longer live (cut short or cancelled before its end time): its rows leave
     * the map, so requests for it stop being let past admission control to be answered.
     */
    forgetDrop(dropId: string): void {
      if (soldOut.size === 0) return;
      const id = dropId.toLowerCase();
      for (const [key, s] of soldOut) if (s.dropId === id) soldOut.delete(key);
    },
  };
}

export type Inventory = ReturnType<typeof createInventory>;
