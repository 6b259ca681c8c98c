import type { Clock } from "../../shared/clock.js";
import { decodeKeyset, type Page, toPage } from "../../shared/cursor.js";
import { AppError, forbidden, invalid, notFound } from "../../shared/errors.js";
import { newId } from "../../shared/ids.js";
import type { DropTerms } from "../catalog/index.js";
import { fingerprint, type Idempotency } from "./idempotency.js";
import type { Inventory } from "./inventory.js";
import type { OrdersMetrics } from "./orders.metrics.js";
import {
  errorResponse,
  type Order,
  type OrderRow,
  ResponseError,
  SOLD_OUT,
  type StoredResponse,
  toOrder,
  toPayment,
} from "./orders.model.js";
import type { OrdersRepository } from "./orders.repository.js";
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
}

export interface PlaceOrderInput {
  dropId: string;
  quantity: number;
  paymentMethodId?: string;
  /** Optional cross-check from the original API sketch. */
  productId?: string;
}

const SOLD_OUT_ANSWER = errorResponse(SOLD_OUT);
const isLive = (t: DropTerms, now: Date) => !t.cancelledAt && t.startsAt <= now && now < t.endsAt;

export function createOrdersService(deps: OrdersDeps) {
  const { clock, repo, inventory, idempotency, payments, metrics, terms } = deps;
  const outcome = (name: string) => metrics.outcomes.inc({ outcome: name });

  /**
   * Reserve (and, with a payment method, pay and confirm) in the drop's batch. Returns the
   * answer to send; every answer that involved the database is stored under the key.
   */
  async function place(userId: string, key: string, input: PlaceOrderInput): Promise<StoredResponse> {
    const print = fingerprint("POST /api/orders", [
      input.dropId,
      input.quantity,
      input.paymentMethodId ?? null,
    ]);
    const t = await terms(input.dropId);
    if (!t || !isLive(t, clock.now())) {
      // A replay of an order placed while the drop was live still gets its answer.
      const stored = await idempotency.stored(userId, key, print);
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
    if (inventory.soldOutFromMemory(input.dropId, userId, key, print)) {
      outcome("sold_out");
      return SOLD_OUT_ANSWER;
    }
    return idempotency.exclusive(userId, key, async () => {
      const orderId = newId();
      const payment = input.paymentMethodId ? { id: newId(), method: input.paymentMethodId } : null;
      const r = await inventory.reserve(input.dropId, {
        orderId,
        userId,
        quantity: input.quantity,
        key,
        fingerprint: print,
        payment,
      });
      if (r.outcome === "duplicate") {
        outcome("replayed");
        return idempotency.replay(userId, key, print);
      }
      outcome(r.outcome);
      if (r.statusCode !== null) return { statusCode: r.statusCode, body: r.body };
      // Reserved, and this call also pays.
      const order = r.order;
      if (!order || !payment) throw new Error("reservation returned no order");
      try {
        return await payments.chargeAndSettle(
          order,
          { ...payment, createdAt: order.created_at.toISOString() },
          { userId, key },
        );
      } catch (err) {
        if (err instanceof ResponseError) return err.response;
        if (err instanceof AppError) {
          const res = errorResponse(err);
          await repo.completeKey(userId, key, res.statusCode, res.body, clock.now());
          return res;
        }
        throw err;
      }
    });
  }

  const own = async (userId: string | null, id: string): Promise<OrderRow> => {
    const o = await repo.order(id);
    // Someone else's order is "not found": its existence is none of the caller's business.
    if (!o || (userId !== null && o.user_id !== userId)) throw notFound("Order");
    return o;
  };

  const withDetails = async (o: OrderRow) => {
    const [p, stock] = await Promise.all([repo.paymentOfOrder(o.id), repo.stock(o.drop_id)]);
    return { order: toOrder(o), payment: p ? toPayment(p) : null, stock: stock ?? null };
  };

  /** Release a pending reservation (cancelled), or confirm it without a payment (internal). */
  async function settlePending(o: OrderRow, to: "cancelled" | "confirmed") {
    const r = await inventory.settle(o.drop_id, { orderId: o.id, to });
    if (!r.order) return null;
    outcome(to);
    const p = await repo.paymentOfOrder(o.id);
    return { order: toOrder(r.order), payment: p ? toPayment(p) : null, stock: r.stock };
  }

  async function cancel(userId: string | null, id: string) {
    let o = await own(userId, id);
    if (o.status === "pending_payment") {
      const done = await settlePending(o, "cancelled");
      if (done) return done;
      o = await own(userId, id); // it was paid or expired meanwhile
    }
    if (o.status === "confirmed") return payments.refundOrder(o);
    throw new AppError("INVALID_STATE", `The order is already ${o.status}`, { order: toOrder(o) });
  }

  return {
    place(userId: string, key: string, input: PlaceOrderInput): Promise<StoredResponse> {
      return place(userId, key, input).catch((err) => {
        if (err instanceof ResponseError) return err.response;
        throw err;
      });
    },

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

    cancel: (userId: string, id: string) => cancel(userId, id),

    /** POST /internal/inventory/reserve: a reservation for a user, as the public path makes it. */
    async reserveInternal(input: { dropId: string; userId: string; quantity: number }, key?: string) {
      if (!(await deps.userExists(input.userId))) throw notFound("User");
      return place(input.userId, key ?? `internal:${newId()}`, input);
    },

    async releaseInternal(orderId: string) {
      const o = await own(null, orderId);
      const done = o.status === "pending_payment" ? await settlePending(o, "cancelled") : null;
      if (!done)
        throw new AppError(
          "INVALID_STATE",
          "Only a pending reservation can be released",
          await withDetails(o),
        );
      return done;
    },

    async confirmInternal(orderId: string) {
      const o = await own(null, orderId);
      const done = o.status === "pending_payment" ? await settlePending(o, "confirmed") : null;
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
