import type { Clock } from "../../shared/clock.js";
import { decodeKeyset, type Page, toPage } from "../../shared/cursor.js";
import { AppError, forbidden, invalid, notFound } from "../../shared/errors.js";
import { newId } from "../../shared/ids.js";
import type { RateLimits } from "../../shared/rate-limit.js";
import type { DropTerms } from "../catalog/index.js";
import { fingerprint, type Idempotency, inProgress } from "./idempotency.js";
import type { Inventory } from "./inventory.js";
import { addressFor, stockFor, tidyAddress } from "./order-terms.js";
import type { OrdersMetrics } from "./orders.metrics.js";
import {
  failure,
  type Order,
  type OrderResult,
  type OrderRow,
  type Outcome,
  SOLD_OUT_OUTCOME,
  stockRefOf,
  success,
  toOrder,
  toPayment,
} from "./orders.model.js";
import type { OrdersRepository } from "./orders.repository.js";
import { MAX_QUANTITY, type ShippingAddress } from "./orders.schemas.js";
import type { PaymentsService } from "./payments.service.js";

export interface OrdersDeps {
  clock: Clock;
  repo: OrdersRepository;
  inventory: Inventory;
  idempotency: Idempotency;
  payments: PaymentsService;
  metrics: OrdersMetrics;
  terms: (dropId: string) => Promise<DropTerms | null>;
  userExists: (id: string) => Promise<boolean>;
  limits: Pick<RateLimits, "check">;
  /** Fair drops' gate (the fairdrops module's `admission`): none means every drop is open. */
  admission?: OrderGate;
  /** A raffle drop's gate (the raffles module): throws NOT_A_WINNER unless the user holds a live claim. */
  raffleGate?: (dropId: string, userId: string) => Promise<void>;
}

/**
 * Checks a public order may go ahead on a fair drop (proof of work, the waiting room's pass)
 * and throws the refusal if not. Returns what to tell once the order's outcome is known.
 */
export type OrderGate = (
  drop: DropTerms,
  proof: { userId: string; key: string; pass?: string; challenge?: string },
) => Promise<{ settled(ok: boolean): Promise<void> } | undefined>;

export interface PlaceOrderInput {
  dropId: string;
  quantity: number;
  paymentMethodId?: string;
  /** Optional cross-check from the original API sketch. */
  productId?: string;
  /** Required on a drop with variants, refused on one without. */
  variantId?: string;
  /** Required on a drop that ships, refused on one that does not. */
  shippingAddress?: ShippingAddress;
  /** Fair drops: the waiting room's pass and the proof-of-work solution, where the drop asks for them. */
  pass?: string;
  challenge?: string;
}

const isLive = (t: DropTerms, now: Date) => !t.cancelledAt && t.startsAt <= now && now < t.endsAt;

export function createOrdersService(deps: OrdersDeps) {
  const { clock, repo, inventory, idempotency, payments, metrics, terms } = deps;
  const outcome = (name: string) => metrics.outcomes.inc({ outcome: name });
  /** An order shed past capacity: counted as an outcome, answered as admission control's 503. */
  const shed = () => {
    outcome("overloaded");
    return new AppError("OVERLOADED", "The service is over capacity right now; try again in a moment", {
      retryAfterSeconds: 1,
    });
  };

  /**
   * Reserve (and, with a payment method, pay and confirm) in the drop's batch. Returns the
   * outcome; every outcome that involved the database is stored under the key. `limited`
   * says whose limits count it: REST and GraphQL orders count against one limit per account
   * and per address, here; null for the trusted internal API.
   */
  async function place(
    userId: string,
    key: string,
    input: PlaceOrderInput,
    limited: { address: string | null; shed?: boolean } | null,
    requestId?: string,
  ): Promise<Outcome> {
    // Transports validate with the schema; this guard keeps a bad row out of a shared batch
    // whichever way it came in.
    if (!Number.isInteger(input.quantity) || input.quantity < 1 || input.quantity > MAX_QUANTITY) {
      throw invalid(`quantity must be an integer from 1 to ${MAX_QUANTITY}`, { quantity: input.quantity });
    }
    const address = input.shippingAddress && tidyAddress(input.shippingAddress);
    // Variant and address join the fingerprint only when sent, so the fingerprint of an
    // order without them (and the keys stored before them) stays what it was.
    const extra =
      input.variantId !== undefined || input.shippingAddress !== undefined
        ? [input.variantId?.toLowerCase() ?? null, address ?? null]
        : [];
    const print = fingerprint("POST /api/orders", [
      input.dropId,
      input.quantity,
      input.paymentMethodId ?? null,
      ...extra,
    ]);
    // Past capacity (`shed`, from admission control): only what memory answers goes on (a
    // sold-out drop's refusal, final for the client where a 503 asks it to come back, which
    // costs one row in a batched insert); the rest is shed before it counts against a limit
    // or reaches a batch. A drop this process holds as sold out had its terms read moments
    // ago, so they are cached.
    const shedding = limited?.shed === true;
    if (shedding && !inventory.holdsSoldOut(input.dropId)) throw shed();
    const countLimit = () =>
      limited && deps.limits.check("orders", { account: userId, address: limited.address });
    // The limit's round trip overlaps the drop's terms (usually cached): no added latency.
    const [t] = await Promise.all([terms(input.dropId), !shedding && countLimit()]);
    if (!t || !isLive(t, clock.now())) {
      // A sold-out drop cut short ends before the end time it was held with.
      if (t) inventory.forgetDrop(input.dropId);
      if (shedding) throw shed(); // the replay lookup below is a read
      // A replay of an order placed while the drop was live still gets its answer.
      const stored = await idempotency.stored(userId, key, print, requestId);
      if (stored) return stored;
      if (!t) throw notFound("Drop");
      outcome("not_live");
      throw new AppError("DROP_NOT_LIVE", "This drop is not live", {
        startsAt: t.startsAt.toISOString(),
        endsAt: t.endsAt.toISOString(),
      });
    }
    if (input.productId !== undefined && input.productId !== t.productId) {
      throw invalid("productId is not the product of this drop");
    }
    const ref = stockFor(t, input.variantId);
    if (shedding) {
      // A raffle's gate reads the entry first (a loser is told so, not that it sold out).
      if (t.access === "raffle" || !inventory.knowsSoldOut(ref)) throw shed();
      await countLimit(); // a sold-out answer counts, as always
    }
    if (t.access === "raffle") {
      try {
        // Fails closed: a process without the gate wired sells a raffle drop to nobody.
        if (!deps.raffleGate) throw new AppError("NOT_A_WINNER", "Raffle drops cannot be ordered here");
        await deps.raffleGate(input.dropId, userId);
      } catch (err) {
        // A winner's retry after the claim was used or ran out still gets the answer its key keeps.
        const stored = await idempotency.stored(userId, key, print, requestId);
        if (stored) return stored;
        throw err;
      }
    }
    const shippingAddress = addressFor(t, address);
    // While shedding, this lets through at most one order a second per stock row: the probe
    // that keeps the sold-out answer true (or finds stock back, and ends the fast path).
    const fast = await inventory.soldOutFromMemory(ref, userId, key, print);
    if (fast === "sold_out") {
      outcome("sold_out");
      return SOLD_OUT_OUTCOME;
    }
    if (fast === "used") {
      // While shedding, a spent key is shed like any other request that memory cannot answer.
      if (shedding) throw shed();
      // A key spent on this drop before gets what it keeps (or 422, or 409 while its owner
      // works), without a batch; one that vanished meanwhile runs as new.
      const owed = await idempotency.stored(userId, key, print, requestId);
      if (owed) {
        outcome("replayed");
        return owed;
      }
    }
    // Fair drops, before anything is reserved. The trusted internal API (`limited` null) is not gated.
    const gate =
      limited && (await deps.admission?.(t, { userId, key, pass: input.pass, challenge: input.challenge }));
    const result = await idempotency.exclusive(userId, key, async () => {
      const orderId = newId();
      const payment = input.paymentMethodId ? { id: newId(), method: input.paymentMethodId } : null;
      const job = {
        orderId,
        userId,
        quantity: input.quantity,
        key,
        fingerprint: print,
        payment,
        shippingAddress,
      };
      let r = await inventory.reserve(ref, job);
      if (r.result === "duplicate") {
        outcome("replayed");
        const owed = await idempotency.replay(userId, key, print, requestId);
        if (owed) return owed;
        // A dead request held the key and had done nothing yet: it is freed, run this one.
        r = await inventory.reserve(ref, job);
        if (r.result === "duplicate") throw inProgress();
      }
      outcome(r.result);
      if (r.answer !== null) return r.answer;
      // Reserved, and this call also pays.
      const order = r.order;
      if (!order || !payment) throw new Error("reservation returned no order");
      try {
        return await payments.chargeAndSettle(
          order,
          { ...payment, createdAt: order.created_at.toISOString() },
          { userId, key },
          requestId,
        );
      } catch (err) {
        if (err instanceof AppError && err.code !== "INTERNAL") {
          const o = failure(err);
          await idempotency.complete(userId, key, o);
          return o;
        }
        await abandon(order, userId, key, requestId);
        throw err;
      }
    });
    // A refused order (sold out, payment failed) gives its pass back; a placed one spent it.
    if (gate) await gate.settled(result.ok);
    return result;
  }

  /**
   * What a dead request left under its key (see idempotency.ts): its paying reservation is
   * finished from the provider's answer; a key with nothing done yet is freed to run again.
   */
  idempotency.onOrphan(async (claim, orderId) => {
    const o = orderId ? await repo.order(orderId) : undefined;
    const p = o?.status === "pending_payment" ? await repo.paymentOfOrder(o.id) : undefined;
    if (o && p?.status === "processing") return payments.finishOrphan(o, p, claim, claim.requestId);
    if (o && o.status !== "pending_payment") {
      // Settled meanwhile (by the expiry job, say) with the key left open: answer from the order.
      const details = await withDetails(o);
      const answer =
        o.status === "confirmed" || o.status === "fulfilled"
          ? success(details)
          : failure(
              new AppError("PAYMENT_FAILED", `The order is ${o.status}`, { reason: o.status, ...details }),
            );
      await idempotency.complete(claim.userId, claim.key, answer);
      return answer;
    }
    await repo.releaseKey(claim.userId, claim.key);
    return null;
  });

  /**
   * The request failed unexpectedly after its reservation (the database went away between
   * the charge and its record, say): release the stock and the key, so the client's retry
   * runs afresh instead of finding the key "in progress" until the reservation expires. If
   * the database is still away this fails too, and the expiry job answers the key later.
   */
  async function abandon(
    order: OrderRow,
    userId: string,
    key: string,
    requestId: string | undefined,
  ): Promise<void> {
    try {
      await inventory.settle(stockRefOf(order), {
        orderId: order.id,
        to: "failed",
        payment: { status: "error", providerRef: null, failureCode: "internal_error" },
        requestId,
      });
      await repo.releaseAbandonedKey(userId, key, order.id);
    } catch {
      // Left to the expiry job (see expiry.job.ts: a key left open gets the expiry's answer).
    }
  }

  const own = async (userId: string | null, id: string): Promise<OrderRow> => {
    const o = await repo.order(id);
    // Someone else's order is "not found": its existence is none of the caller's business.
    if (!o || (userId !== null && o.user_id !== userId)) throw notFound("Order");
    return o;
  };

  const withDetails = async (o: OrderRow) => {
    const [p, stock] = await Promise.all([repo.paymentOfOrder(o.id), repo.stock(stockRefOf(o))]);
    return { order: toOrder(o), payment: p ? toPayment(p) : null, stock: stock ?? null };
  };

  /** Release a pending reservation (cancelled), or confirm it without a payment (internal). */
  async function settlePending(
    o: OrderRow,
    to: "cancelled" | "confirmed",
    requestId: string | undefined,
  ): Promise<OrderResult | null> {
    const r = await inventory.settle(stockRefOf(o), { orderId: o.id, to, requestId });
    if (!r.order) return null;
    outcome(to);
    const p = await repo.paymentOfOrder(o.id);
    return { order: toOrder(r.order), payment: p ? toPayment(p) : null, stock: r.stock };
  }

  async function cancel(userId: string | null, id: string, requestId?: string): Promise<OrderResult> {
    let o = await own(userId, id);
    if (o.status === "pending_payment") {
      const done = await settlePending(o, "cancelled", requestId);
      if (done) return done;
      o = await own(userId, id); // it was paid or expired meanwhile
    }
    if (o.status === "confirmed") return payments.refundOrder(o, "buyer", requestId);
    throw new AppError("INVALID_STATE", `The order is already ${o.status}`, { order: toOrder(o) });
  }

  return {
    /**
     * Place an order, idempotent per (user, key) on every transport. The outcome is the order
     * or the refusal the key keeps (SOLD_OUT, PAYMENT_FAILED, ...); input and access errors
     * that no key keeps are thrown. `address` is the client's (null for an in-process caller);
     * `requestId` is the request's, recorded with the events the order causes.
     */
    place: (
      userId: string,
      key: string,
      input: PlaceOrderInput,
      address: string | null,
      opts: { shed?: boolean; requestId?: string } = {},
    ): Promise<Outcome> => place(userId, key, input, { address, shed: opts.shed }, opts.requestId),

    /** Whether this process holds a live drop (or size) as sold out, answered from memory. */
    knowsSoldOutDrops: (): boolean => inventory.soldOutDrops() > 0,

    async get(userId: string, id: string): Promise<Order> {
      return toOrder(await own(userId, id));
    },

    async list(
      actorId: string,
      userId: string,
      opts: { limit: number; after?: string },
    ): Promise<Page<Order>> {
      if (actorId !== userId) throw forbidden("You can only list your own orders");
      const after = decodeKeyset(opts.after);
      const rows = await repo.ordersOf(userId, after, opts.limit);
      return toPage(rows, opts.limit, (r) => [r.created_at.toISOString(), r.id], toOrder);
    },

    cancel: (userId: string, id: string, requestId?: string) => cancel(userId, id, requestId),

    /** POST /internal/inventory/reserve: a reservation for a user, as the public path makes it. */
    async reserveInternal(
      input: {
        dropId: string;
        userId: string;
        quantity: number;
        variantId?: string;
        shippingAddress?: ShippingAddress;
      },
      key?: string,
      requestId?: string,
    ): Promise<Outcome> {
      if (!(await deps.userExists(input.userId))) throw notFound("User");
      // The service token: no limit.
      return place(input.userId, key ?? `internal:${newId()}`, input, null, requestId);
    },

    async releaseInternal(orderId: string, requestId?: string) {
      const o = await own(null, orderId);
      const done = o.status === "pending_payment" ? await settlePending(o, "cancelled", requestId) : null;
      if (!done)
        throw new AppError(
          "INVALID_STATE",
          "Only a pending reservation can be released",
          await withDetails(o),
        );
      return done;
    },

    async confirmInternal(orderId: string, requestId?: string) {
      const o = await own(null, orderId);
      const done = o.status === "pending_payment" ? await settlePending(o, "confirmed", requestId) : null;
      if (!done)
        throw new AppError(
          "INVALID_STATE",
          "Only a pending reservation can be confirmed",
          await withDetails(o),
        );
      return done;
    },
  };
}

export type OrdersService = ReturnType<typeof createOrdersService>;
