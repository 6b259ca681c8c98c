import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { requireServiceToken } from "../../http/auth.js";
import { ok } from "../../http/envelope.js";
import { ChargeBody, RefundBody, ReservationBody, ReserveBody } from "./orders.schemas.js";
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

  app.post(
    "/internal/inventory/reserve",
    {
      schema: {
        tags,
        summary: "Reserve stock for a user: a pending order (the reservation)",
        body: ReserveBody,
      },
    },
    async (req, reply) => {
      const key = req.headers["idempotency-key"];
      const r = await orders.reserveInternal(req.body, typeof key === "string" && key ? key : undefined);
      return reply.status(201).send(ok(r));
    },
  );
  app.post(
    "/internal/inventory/release",
    { schema: { tags, summary: "Release a pending reservation", body: ReservationBody } },
    async (req) => ok(await orders.releaseInternal(req.body.reservationId)),
  );
  app.post(
    "/internal/inventory/confirm",
    { schema: { tags, summary: "Confirm a pending reservation (reserved -> sold)", body: ReservationBody } },
    async (req) => ok(await orders.confirmInternal(req.body.reservationId)),
  );
  app.post(
    "/internal/payments/charge",
    {
      schema: {
        tags,
        summary: "Charge a pending order and confirm it, or release it on failure",
        body: ChargeBody,
      },
    },
    async (req, reply) => {
      const r = await payments.payInternal({
        orderId: req.body.orderId,
        method: req.body.method,
        amountCents: req.body.amount,
      });
      return reply.status(201).send(ok(r));
    },
  );
  app.post(
    "/internal/payments/refund",
    { schema: { tags, summary: "Refund a confirmed order's payment; its stock returns", body: RefundBody } },
    async (req) => ok(await payments.refundPayment(req.body.paymentId)),
  );
};
