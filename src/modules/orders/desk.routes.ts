import { Readable } from "node:stream";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { requireUser, userOf } from "../../http/auth.js";
import { errors } from "../../http/contract.js";
import { Envelope, ok } from "../../http/envelope.js";
import { IdParams, PageOf } from "../../shared/schemas.js";
import { DeskOrder, DeskOrdersQuery, FulfilBody, Sales, SalesQuery } from "./desk.schemas.js";
import type { DeskService } from "./desk.service.js";
import { Order, OrderResult } from "./orders.schemas.js";

const Csv = {
  description: "text/csv: a header line, then one line per order, newest first",
  content: { "text/csv": { schema: { type: "string" } } },
};

/** The creator's order desk over REST: thin, each handler hands (caller, id, input) to the desk. */
export const deskRoutes: FastifyPluginAsyncTypebox<{ desk: DeskService }> = async (app, { desk }) => {
  const tags = ["order desk"];
  app.get(
    "/api/drops/:id/orders",
    {
      preHandler: requireUser,
      schema: {
        tags,
        operationId: "listDropOrders",
        summary: "The drop's orders, newest first (its creator only)",
        params: IdParams,
        querystring: DeskOrdersQuery,
        response: { 200: Envelope(PageOf(DeskOrder)), ...errors("FORBIDDEN", "NOT_FOUND") },
      },
    },
    async (req) => ok(await desk.list(userOf(req), req.params.id, req.query)),
  );

  app.get(
    "/api/drops/:id/orders.csv",
    {
      preHandler: requireUser,
      schema: {
        tags,
        operationId: "exportDropOrders",
        summary: "Every order of the drop as CSV, streamed (its creator only)",
        description:
          "Columns: order_id, created_at, status, buyer_id, buyer_name, variant_id, variant_name, quantity, " +
          "total_cents, currency, ship_name, ship_line1, ship_line2, ship_city, ship_postal_code, ship_country, " +
          "carrier, tracking_number, fulfilled_at. Text cells starting with = + - @ are prefixed with '.",
        params: IdParams,
        response: { 200: Csv, ...errors("FORBIDDEN", "NOT_FOUND", "RATE_LIMITED") },
      },
    },
    async (req, reply) => {
      const lines = await desk.exportCsv(userOf(req), req.params.id, req.ip);
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="drop-${req.params.id}-orders.csv"`)
        .header("cache-control", "private, no-store")
        .send(Readable.from(lines));
    },
  );

  app.get(
    "/api/drops/:id/sales",
    {
      preHandler: requireUser,
      schema: {
        tags,
        operationId: "dropSales",
        summary: "Units and revenue of the drop's paid orders over time, per variant (its creator only)",
        params: IdParams,
        querystring: SalesQuery,
        response: { 200: Envelope(Sales), ...errors("FORBIDDEN", "NOT_FOUND") },
      },
    },
    async (req) => ok(await desk.sales(userOf(req), req.params.id, req.query.bucket)),
  );

  app.post(
    "/api/orders/:id/fulfil",
    {
      preHandler: requireUser,
      schema: {
        tags,
        operationId: "fulfilOrder",
        summary: "Mark a confirmed order of your drop shipped; the buyer is told (order.fulfilled)",
        description:
          "409 INVALID_STATE when the order is not confirmed; 404 when it is not an order of your drops.",
        params: IdParams,
        body: FulfilBody,
        response: { 200: Envelope(Order), ...errors("NOT_FOUND", "INVALID_STATE", "RATE_LIMITED") },
      },
    },
    async (req) => ok(await desk.fulfil(userOf(req), req.params.id, req.body, req.ip, req.id)),
  );

  app.post(
    "/api/orders/:id/refund",
    {
      preHandler: requireUser,
      schema: {
        tags,
        operationId: "refundOrder",
        summary: "Refund a confirmed or fulfilled order of your drop; the buyer is told (order.refunded)",
        description:
          "Once: a second refund is 409 INVALID_STATE. A confirmed order's units return to stock; a " +
          "fulfilled (shipped) order's stay sold. 402 PAYMENT_FAILED when the provider refused the refund.",
        params: IdParams,
        response: {
          200: Envelope(OrderResult),
          ...errors("NOT_FOUND", "INVALID_STATE", "PAYMENT_FAILED", "RATE_LIMITED"),
        },
      },
    },
    async (req) => ok(await desk.refund(userOf(req), req.params.id, req.ip, req.id)),
  );
};
