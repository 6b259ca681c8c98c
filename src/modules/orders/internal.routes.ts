import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { TSchema } from "typebox";
import { requireServiceToken } from "../../http/auth.js";
import { errors } from "../../http/contract.js";
import { Envelope, ok, sendOutcome } from "../../http/envelope.js";
import {
  ChargeBody,
  OptionalIdempotencyHeaders,
  OrderResult,
  RefundBody,
  ReservationBody,
  ReserveBody,
} from "./orders.schemas.js";
import type { OrdersService } from "./orders.service.js";
import type { PaymentsService } from "./payments.service.js";

/**
 * The service-to-service API of the original design. Only the service token opens it (a
 * user token is a 403); each route calls the same service methods as the public API.
 */
export const internalOrdersRoutes: FastifyPluginAsyncTypebox<{
  orders: OrdersService;
  payments: PaymentsService;
  token: string;
}> = async (app, { orders, payments, token }) => {
  app.addHook("preHandler", requireServiceToken(token));
  const tags = ["internal"];
  const settled = { 200: Envelope(OrderResult), ...errors("NOT_FOUND", "INVALID_STATE") };

  app.post(
    "/internal/inventory/reserve",
    {
      schema: {
        tags,
        operationId: "reserveStock",
        summary: "Reserve stock for a user: a pending order (the reservation)",
        headers: OptionalIdempotencyHeaders,
        body: ReserveBody,
        // Widened: the handler sends the stored answer, whatever its status.
        response: <Record<number, TSchema>>{
          201: Envelope(OrderResult),
          ...errors(
            "NOT_FOUND",
            "NOT_A_WINNER",
            "SOLD_OUT",
            "DROP_NOT_LIVE",
            "LIMIT_EXCEEDED",
            "INVALID_STATE",
            "IDEMPOTENCY_IN_PROGRESS",
            "IDEMPOTENCY_KEY_REUSED",
            "CANNOT_SHIP_TO",
          ),
        },
      },
    },
    async (req, reply) => {
      const key = req.headers["idempotency-key"];
      const r = await orders.reserveInternal(
        req.body,
        typeof key === "string" && key ? key : undefined,
        req.id,
      );
      return sendOutcome(reply, r, 201);
    },
  );
  app.post(
    "/internal/inventory/release",
    {
      schema: {
        tags,
        operationId: "releaseReservation",
        summary: "Release a pending reservation",
        body: ReservationBody,
        response: settled,
      },
    },
    async (req) => ok(await orders.releaseInternal(req.body.reservationId, req.id)),
  );
  app.post(
    "/internal/inventory/confirm",
    {
      schema: {
        tags,
        operationId: "confirmReservation",
        summary: "Confirm a pending reservation (reserved -> sold)",
        body: ReservationBody,
        response: settled,
      },
    },
    async (req) => ok(await orders.confirmInternal(req.body.reservationId, req.id)),
  );
  app.post(
    "/internal/payments/charge",
    {
      schema: {
        tags,
        operationId: "chargeOrder",
        summary: "Charge a pending order and confirm it, or release it on failure",
        body: ChargeBody,
        response: <Record<number, TSchema>>{
          201: Envelope(OrderResult),
          ...errors("NOT_FOUND", "PAYMENT_FAILED", "INVALID_STATE"),
        },
      },
    },
    async (req, reply) => {
      const r = await payments.payInternal(
        {
          orderId: req.body.orderId,
          method: req.body.method,
          amountCents: req.body.amount,
        },
        req.id,
      );
      return sendOutcome(reply, r, 201);
    },
  );
  app.post(
    "/internal/payments/refund",
    {
      schema: {
        tags,
        operationId: "refundPayment",
        summary: "Refund a confirmed order's payment; its stock returns",
        body: RefundBody,
        response: { 200: Envelope(OrderResult), ...errors("NOT_FOUND", "INVALID_STATE", "PAYMENT_FAILED") },
      },
    },
    async (req) => ok(await payments.refundPayment(req.body.paymentId, req.id)),
  );
};
