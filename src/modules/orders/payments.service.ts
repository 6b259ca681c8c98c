import type { Db } from "../../infra/db/index.js";
import type { Clock } from "../../shared/clock.js";
import { AppError, invalid, notFound } from "../../shared/errors.js";
import { newId } from "../../shared/ids.js";
import type { RateLimits } from "../../shared/rate-limit.js";
import { fingerprint, type Idempotency } from "./idempotency.js";
import type { Inventory, SettleJob } from "./inventory.js";
import type { OrdersMetrics } from "./orders.metrics.js";
import {
  failure,
  type OrderResult,
  type OrderRow,
  type Outcome,
  type Payment,
  type PaymentRow,
  STOCK_IN_ERROR,
  STOCK_IN_VALUE,
  stockRefOf,
  success,
  toOrder,
  toPayment,
} from "./orders.model.js";
import type { OrdersRepository } from "./orders.repository.js";
import { type ChargeResult, type PaymentProvider, withTimeout } from "./payments.provider.js";

export interface PaymentsDeps {
  db: Db;
  clock: Clock;
  repo: OrdersRepository;
  inventory: Inventory;
  idempotency: Idempotency;
  provider: PaymentProvider;
  metrics: OrdersMetrics;
  providerTimeoutMs: number;
  limits: Pick<RateLimits, "check">;
}

/** A payment as it will read once this charge is recorded. */
const paymentAfter = (
  p: { id: string; method: string; createdAt: string },
  order: OrderRow,
  charge: ChargeResult,
): Payment => ({
  id: p.id,
  orderId: order.id,
  amountCents: Number(order.total_cents),
  currency: order.currency,
  method: p.method,
  status: charge.status === "succeeded" ? "succeeded" : charge.status === "declined" ? "failed" : "error",
  failureCode: charge.status === "succeeded" ? null : charge.code,
  createdAt: p.createdAt,
  updatedAt: order.updated_at.toISOString(),
});

export function createPaymentsService(deps: PaymentsDeps) {
  const { db, clock, repo, inventory, idempotency, provider, metrics } = deps;

  const charge = (paymentId: string, order: OrderRow, method: string): Promise<ChargeResult> =>
    withTimeout(
      provider
        .charge({
          reference: paymentId,
          amountCents: Number(order.total_cents),
          currency: order.currency,
          method,
        })
        .catch((): ChargeResult => ({ status: "error", code: "provider_error" })),
      deps.providerTimeoutMs,
      (): ChargeResult => ({ status: "error", code: "provider_timeout" }),
    );

  const refundCharge = async (paymentId: string, amountCents: number, providerRef: string) => {
    await provider.refund({ providerRef, amountCents });
    await repo.setPaymentStatus(paymentId, "succeeded", "refunded", clock.now());
  };

  /** The order was no longer pending when the charge came back: give the money back. */
  const compensate = async (paymentId: string, order: OrderRow, result: ChargeResult) => {
    if (result.status === "succeeded") {
      await refundCharge(paymentId, Number(order.total_cents), result.providerRef);
    }
    const now = await repo.order(order.id);
    return new AppError("INVALID_STATE", `The order is ${now?.status}; the payment was not kept`, {
      order: now ? toOrder(now) : null,
    });
  };

  /**
   * Charge a reserved order outside any transaction, then confirm it (reserved -> sold) or,
   * when the charge fails, release its stock; both through the drop's settle batch, which
   * stores the outcome under `key`. A declined charge is an outcome (PAYMENT_FAILED), not a
   * throw; a charge whose order could not be settled is given back before the error rises.
   */
  async function chargeAndSettle(
    order: OrderRow,
    payment: { id: string; method: string; createdAt: string },
    key: { userId: string; key: string } | null,
    requestId: string | undefined,
  ): Promise<Outcome> {
    return settleCharge(order, payment, await charge(payment.id, order, payment.method), key, requestId);
  }

  /** Record a charge's result: confirm or release the order, store the outcome under `key`. */
  async function settleCharge(
    order: OrderRow,
    payment: { id: string; method: string; createdAt: string },
    result: ChargeResult,
    key: { userId: string; key: string } | null,
    requestId: string | undefined,
  ): Promise<Outcome> {
    const ok = result.status === "succeeded";
    const job: SettleJob = {
      requestId,
      orderId: order.id,
      to: ok ? "confirmed" : "failed",
      payment: {
        status: ok ? "succeeded" : result.status === "declined" ? "failed" : "error",
        providerRef: ok ? result.providerRef : null,
        failureCode: ok ? null : result.code,
      },
      respond: {
        key,
        build: (row) => {
          const data = { order: toOrder(row), payment: paymentAfter(payment, row, result), stock: null };
          if (ok) return { outcome: success(data), stockPath: STOCK_IN_VALUE };
          const declined = result.status === "declined";
          const reason = "code" in result ? result.code : "";
          const message = declined ? "The payment was declined" : "The payment provider failed";
          return {
            outcome: failure(new AppError("PAYMENT_FAILED", message, { reason, ...data })),
            stockPath: STOCK_IN_ERROR,
          };
        },
      },
    };
    let settled: Awaited<ReturnType<Inventory["settle"]>>;
    try {
      settled = await inventory.settle(stockRefOf(order), job);
    } catch (err) {
      // The charge stands but the order could not be confirmed: no money without an order.
      if (ok) await refundCharge(payment.id, Number(order.total_cents), result.providerRef).catch(() => {});
      throw err;
    }
    if (!settled.order || !settled.outcome) throw await compensate(payment.id, order, result);
    metrics.outcomes.inc({ outcome: ok ? "confirmed" : "payment_failed" });
    return settled.outcome;
  }

  /** Pay a pending order: the caller must own it (`userId`), or be internal (`userId` null). */
  async function pay(
    userId: string | null,
    input: { orderId: string; method: string; amountCents?: number },
    key: { userId: string; key: string } | null,
    requestId: string | undefined,
  ): Promise<Outcome> {
    const order = await repo.order(input.orderId);
    if (!order || (userId !== null && order.user_id !== userId)) throw notFound("Order");
    if (input.amountCents !== undefined && input.amountCents !== Number(order.total_cents)) {
      throw invalid(`amount must be the order total, ${order.total_cents}`, {
        totalCents: Number(order.total_cents),
      });
    }
    if (order.status !== "pending_payment") {
      throw new AppError("INVALID_STATE", `The order is ${order.status}`, { order: toOrder(order) });
    }
    const now = clock.now();
    const payment = { id: newId(), method: input.method, createdAt: now.toISOString() };
    const started = await repo.insertPayment({
      id: payment.id,
      orderId: order.id,
      userId: order.user_id,
      amountCents: Number(order.total_cents),
      currency: order.currency,
      method: input.method,
      now,
    });
    if (!started) {
      throw new AppError(
        "INVALID_STATE",
        "This order is no longer pending or already has a payment in progress",
      );
    }
    return chargeAndSettle(order, payment, key, requestId);
  }

  /**
   * confirmed or fulfilled -> refunded: money back first (no lock held), then the order moves
   * in one transaction. A confirmed order's units return to `available` (they never left);
   * a fulfilled one's stay sold (they shipped). `by` names the event (orders.events.ts).
   */
  async function refundOrder(
    order: OrderRow,
    by: "buyer" | "creator",
    requestId: string | undefined,
  ): Promise<OrderResult> {
    const payment = await repo.paymentOfOrder(order.id);
    if (payment?.status === "succeeded") {
      const claimed = await repo.claimRefund(payment.id, by, clock.now());
      if (!claimed) throw new AppError("INVALID_STATE", "A refund of this order is already in progress");
      const r = await provider.refund({
        providerRef: payment.provider_ref ?? "",
        amountCents: Number(payment.amount_cents),
      });
      if (!r.ok) {
        await repo.setPaymentStatus(payment.id, "refunding", "succeeded", clock.now());
        throw new AppError("PAYMENT_FAILED", "The refund failed; try again", { reason: r.code });
      }
    } else if (
      payment &&
      payment.status !== "failed" &&
      payment.status !== "error" &&
      payment.status !== "voided"
    ) {
      throw new AppError("INVALID_STATE", `The payment is ${payment.status}`);
    }
    const done = await db.tx(async (q) => {
      if (order.status !== "fulfilled") return repo.refund(q, order.id, clock.now(), by, requestId);
      const shipped = await repo.refundShipped(q, order.id, clock.now(), requestId);
      return shipped && { order: shipped, stock: null };
    });
    if (!done) throw new AppError("INVALID_STATE", `The order is no longer ${order.status}`);
    if (done.stock) inventory.forgetSoldOut(stockRefOf(order));
    metrics.outcomes.inc({ outcome: "refunded" });
    const after = await repo.paymentOfOrder(order.id);
    return { order: toOrder(done.order), payment: after ? toPayment(after) : null, stock: done.stock };
  }

  /**
   * Finish a charge whose request died (kill -9 between the charge and its record): ask the
   * provider what became of it, then confirm or release the order exactly once (the settle
   * is guarded by the order's status) and store the outcome under the dead request's key.
   */
  async function finishOrphan(
    order: OrderRow,
    payment: PaymentRow,
    key: { userId: string; key: string } | null,
    requestId: string | undefined,
  ): Promise<Outcome> {
    const found = await provider.lookup({ reference: payment.id, method: payment.method }).catch(() => null);
    const result: ChargeResult = found ?? { status: "error", code: "interrupted" };
    metrics.outcomes.inc({ outcome: "orphan_resolved" });
    return settleCharge(
      order,
      { id: payment.id, method: payment.method, createdAt: payment.created_at.toISOString() },
      result,
      key,
      requestId,
    );
  }

  /**
   * Reconciliation (the worker, every pass): a charge still `processing` long after the
   * provider's timeout belongs to a request that died between the charge and its record;
   * ask the provider and confirm or release its order. A refund stuck in `refunding` is
   * sent again (refunds are idempotent at the provider) and recorded. No money stays
   * without an order, and no order confirmed without its money.
   */
  async function reconcile(stuckAfterMs = 2 * deps.providerTimeoutMs): Promise<number> {
    const now = clock.now();
    const stuck = await repo.stuckPayments(new Date(now.getTime() - stuckAfterMs), 100);
    let settled = 0;
    for (const p of stuck) {
      const order = await repo.order(p.order_id);
      if (!order) continue;
      if (p.status === "processing" && order.status === "pending_payment") {
        await finishOrphan(order, p, null, undefined); // the worker's: no request
        settled++;
      } else if (p.status === "refunding") {
        const r = await provider.refund({
          providerRef: p.provider_ref ?? "",
          amountCents: Number(p.amount_cents),
        });
        if (!r.ok) continue; // the next pass tries again
        if (order.status === "confirmed") {
          // In the name of whoever asked: the buyer's cancellation or the creator's refund.
          await db.tx((q) => repo.refund(q, order.id, clock.now(), p.refund_by ?? "buyer", undefined));
          inventory.forgetSoldOut(stockRefOf(order));
        } else if (order.status === "fulfilled") {
          // Only the creator refunds a shipped order (the buyer cancels confirmed ones only).
          await db.tx((q) => repo.refundShipped(q, order.id, clock.now(), undefined));
        } else await repo.setPaymentStatus(p.id, "refunding", "refunded", clock.now());
        settled++;
      }
    }
    if (settled > 0) metrics.outcomes.inc({ outcome: "reconciled" }, settled);
    return settled;
  }

  return {
    chargeAndSettle,
    reconcile,
    refundOrder,

    finishOrphan,

    /** Pay a pending order of the caller's: idempotent per (user, key), on any transport. */
    /** `address` is the client's (null for an in-process caller); REST and GraphQL share one limit. */
    async payAsUser(
      userId: string,
      key: string,
      input: { orderId: string; method: string; amountCents?: number },
      address: string | null,
      requestId?: string,
    ): Promise<Outcome> {
      await deps.limits.check("payments", { account: userId, address });
      const print = fingerprint("POST /api/payments", [
        input.orderId,
        input.method,
        input.amountCents ?? null,
      ]);
      return idempotency.exclusive(userId, key, () =>
        idempotency.run({ userId, key, print, orderId: input.orderId, requestId }, () =>
          pay(userId, input, { userId, key }, requestId),
        ),
      );
    },

    /** Charge any pending order (the internal API): no key, the service token is the caller. */
    payInternal: (
      input: { orderId: string; method: string; amountCents: number },
      requestId?: string,
    ): Promise<Outcome> => pay(null, input, null, requestId),

    async refundPayment(paymentId: string, requestId?: string) {
      const payment = await repo.payment(paymentId);
      if (!payment) throw notFound("Payment");
      const order = await repo.order(payment.order_id);
      if (order?.status !== "confirmed") {
        throw new AppError("INVALID_STATE", `Only a confirmed order's payment can be refunded`);
      }
      return refundOrder(order, "buyer", requestId);
    },

    async get(userId: string, id: string): Promise<Payment> {
      const p = await repo.payment(id);
      if (!p || p.user_id !== userId) throw notFound("Payment");
      return toPayment(p);
    },
  };
}

export type PaymentsService = ReturnType<typeof createPaymentsService>;
