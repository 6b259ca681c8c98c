import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { requireUser, userOf } from "../../http/auth.js";
import { errors } from "../../http/contract.js";
import { Envelope, ok, sendOutcome, sendSerialized } from "../../http/envelope.js";
import { shedding } from "../../http/overload.js";
import { AppError, forbidden, invalid } from "../../shared/errors.js";
import { IdParams, PageOf, PageQuery } from "../../shared/schemas.js";
import { proofOf } from "../fairdrops/index.js";
import { SOLD_OUT_OUTCOME } from "./orders.model.js";
import {
  IdempotencyHeaders,
  Order,
  OrderResult,
  PayBody,
  Payment,
  PlaceOrderBody,
  PlaceOrderHeaders,
} from "./orders.schemas.js";
import type { OrdersService } from "./orders.service.js";
import type { PaymentsService } from "./payments.service.js";

export function idempotencyKey(req: FastifyRequest): string {
  const key = req.headers["idempotency-key"];
  if (typeof key !== "string" || key.trim() === "") {
    throw new AppError(
      "IDEMPOTENCY_KEY_REQUIRED",
      "Send an Idempotency-Key header (e.g. a UUID) with this request",
    );
  }
  return key;
}

export function quantityOf(body: { quantity?: number; qty?: number }): number {
  const q = body.quantity ?? body.qty;
  if (q === undefined) throw invalid("quantity is required");
  if (body.quantity !== undefined && body.qty !== undefined && body.quantity !== body.qty) {
    throw invalid("quantity and qty disagree");
  }
  return q;
}

/**
 * The sold-out answer from memory, serialized once: during a sell-out most requests get
 * exactly these bytes (the ones `sendOutcome` would write, and a replay of a stored refusal
 * writes), and serializing them each time is most of the answer's own cost.
 */
const SOLD_OUT_BODY = JSON.stringify({
  success: false,
  error: SOLD_OUT_OUTCOME.ok ? null : SOLD_OUT_OUTCOME.error,
});

export const ordersRoutes: FastifyPluginAsyncTypebox<{
  orders: OrdersService;
  payments: PaymentsService;
}> = async (app, { orders, payments }) => {
  const tags = ["orders"];
  app.post(
    "/api/orders",
    {
      // Past capacity a known sold-out drop is still answered (cheap, and final for the
      // client); every other order is shed by the service with 503 OVERLOADED.
      config: { overloadInHandler: () => orders.knowsSoldOutDrops() },
      preHandler: requireUser,
      schema: {
        tags,
        operationId: "placeOrder",
        summary: "Reserve stock of a live drop; with paymentMethodId, pay and confirm in the same call",
        description:
          "201 with the order and stock; 402 PAYMENT_FAILED (order failed, stock released); 409 SOLD_OUT, " +
          "DROP_NOT_LIVE, LIMIT_EXCEEDED, IDEMPOTENCY_IN_PROGRESS; 422 IDEMPOTENCY_KEY_REUSED; 403 NOT_A_WINNER " +
          "(a raffle drop: only a winner holding an unexpired claim orders). " +
          "A replay with the same key and body answers the first answer again. On a drop with variants " +
          "variantId is required (400 without; 404 for a variant that is not the drop's) and SOLD_OUT is " +
          "that variant's; on a drop that ships shippingAddress is required (400 without or malformed; " +
          "422 CANNOT_SHIP_TO outside its shipsTo) and total = unit price x quantity + shipping fee.",
        headers: PlaceOrderHeaders,
        body: PlaceOrderBody,
        response: {
          201: Envelope(OrderResult),
          ...errors(
            "IDEMPOTENCY_KEY_REQUIRED",
            "FORBIDDEN",
            "NOT_A_WINNER",
            "NOT_FOUND",
            "PAYMENT_FAILED",
            "SOLD_OUT",
            "DROP_NOT_LIVE",
            "LIMIT_EXCEEDED",
            "INVALID_STATE",
            "IDEMPOTENCY_IN_PROGRESS",
            "IDEMPOTENCY_KEY_REUSED",
            "OVERLOADED",
            "RATE_LIMITED",
            "CANNOT_SHIP_TO",
            "CHALLENGE_REQUIRED",
            "PASS_REQUIRED",
            "PASS_INVALID",
            "PASS_EXPIRED",
            "PASS_USED",
          ),
        },
      },
    },
    async (req, reply) => {
      const userId = userOf(req);
      const key = idempotencyKey(req);
      if (req.body.userId !== undefined && req.body.userId !== userId)
        throw forbidden("You can only order for yourself");
      const r = await orders.place(
        userId,
        key,
        {
          dropId: req.body.dropId,
          quantity: quantityOf(req.body),
          paymentMethodId: req.body.paymentMethodId,
          productId: req.body.productId,
          variantId: req.body.variantId,
          shippingAddress: req.body.shippingAddress,
          ...proofOf(req.headers, { pass: req.body.pass }),
        },
        req.ip,
        { shed: shedding(req), requestId: req.id },
      );
      if (r === SOLD_OUT_OUTCOME) {
        return sendSerialized(reply, 409, SOLD_OUT_BODY);
      }
      return sendOutcome(reply, r, 201);
    },
  );

  app.get(
    "/api/orders/:id",
    {
      preHandler: requireUser,
      schema: {
        tags,
        operationId: "getOrder",
        summary: "One of your orders",
        params: IdParams,
        response: { 200: Envelope(Order), ...errors("NOT_FOUND") },
      },
    },
    async (req) => ok(await orders.get(userOf(req), req.params.id)),
  );

  app.put(
    "/api/orders/:id/cancel",
    {
      preHandler: requireUser,
      schema: {
        tags,
        operationId: "cancelOrder",
        summary:
          "Cancel: a pending order releases its stock; a confirmed one is refunded and its stock returns",
        params: IdParams,
        response: {
          200: Envelope(OrderResult),
          ...errors("NOT_FOUND", "INVALID_STATE", "PAYMENT_FAILED"),
        },
      },
    },
    async (req) => ok(await orders.cancel(userOf(req), req.params.id, req.id)),
  );

  app.get(
    "/api/users/:id/orders",
    {
      preHandler: requireUser,
      schema: {
        tags,
        operationId: "listOrders",
        summary: "Your orders, newest first",
        params: IdParams,
        querystring: Type.Object(PageQuery),
        response: { 200: Envelope(PageOf(Order)), ...errors("FORBIDDEN") },
      },
    },
    async (req) => ok(await orders.list(userOf(req), req.params.id, req.query)),
  );

  const ptags = ["payments"];
  app.post(
    "/api/payments",
    {
      preHandler: requireUser,
      schema: {
        tags: ptags,
        operationId: "payOrder",
        summary: "Pay a pending order: 201 confirmed, or 402 PAYMENT_FAILED (order failed, stock released)",
        headers: IdempotencyHeaders,
        body: PayBody,
        response: {
          201: Envelope(OrderResult),
          ...errors(
            "IDEMPOTENCY_KEY_REQUIRED",
            "NOT_FOUND",
            "PAYMENT_FAILED",
            "INVALID_STATE",
            "IDEMPOTENCY_IN_PROGRESS",
            "IDEMPOTENCY_KEY_REUSED",
            "RATE_LIMITED",
          ),
        },
      },
    },
    async (req, reply) => {
      const key = idempotencyKey(req);
      const method = req.body.method ?? req.body.paymentMethodId;
      if (!method) throw invalid("method is required");
      const r = await payments.payAsUser(
        userOf(req),
        key,
        {
          orderId: req.body.orderId,
          method,
          amountCents: req.body.amount,
        },
        req.ip,
        req.id,
      );
      return sendOutcome(reply, r, 201);
    },
  );

  app.get(
    "/api/payments/:id",
    {
      preHandler: requireUser,
      schema: {
        tags: ptags,
        operationId: "getPayment",
        summary: "A payment of one of your orders",
        params: IdParams,
        response: { 200: Envelope(Payment), ...errors("NOT_FOUND") },
      },
    },
    async (req) => ok(await payments.get(userOf(req), req.params.id)),
  );
};
