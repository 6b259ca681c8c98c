/**
 * The naive baseline for `npm run bench -- orders`: how ordering is usually written. One
 * transaction per order: SELECT ... FOR UPDATE on the stock row, check, update, insert the
 * order, and the (simulated) payment inside the transaction, so the hot row stays locked
 * through the charge. Correct (it cannot oversell), but every buyer queues on one lock.
 *
 * Mounted at POST /naive/orders on the same app (auth, validation, error handling) as the
 * real API. Run directly, this file is the bench's naive server: it listens on PORT and
 * prints one JSON line with its URL.
 */
import type { FastifyPluginAsync } from "fastify";
import { buildApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { requireUser, userOf } from "../src/http/auth.js";
import type { Db } from "../src/infra/db/index.js";
import { createInfra } from "../src/infra/index.js";
import { createSimulatedProvider } from "../src/modules/orders/index.js";
import { createServices } from "../src/services.js";
import { AppError } from "../src/shared/errors.js";
import { newId } from "../src/shared/ids.js";

export const naiveOrdersRoutes: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  const provider = createSimulatedProvider({ slowMs: 1_000 });
  app.post<{ Body: { dropId: string; quantity: number; paymentMethodId: string } }>(
    "/naive/orders",
    { preHandler: requireUser },
    async (req, reply) => {
      const userId = userOf(req);
      const key = req.headers["idempotency-key"];
      if (typeof key !== "string") throw new AppError("IDEMPOTENCY_KEY_REQUIRED", "Idempotency-Key required");
      const { dropId, quantity, paymentMethodId } = req.body;
      const order = await db.tx(async (q) => {
        const drop = (
          await q.query<{
            available: number;
            starts_at: Date;
            ends_at: Date;
            price: string;
            currency: string;
          }>(
            `select i.available, d.starts_at, d.ends_at, coalesce(d.price_override_cents, p.price_cents) as price,
               p.currency
             from drop_inventory i join drops d on d.id = i.drop_id join products p on p.id = d.product_id
             where i.drop_id = $1 for update of i`,
            [dropId],
          )
        ).rows[0];
        const now = new Date();
        if (!drop || drop.starts_at > now || drop.ends_at <= now)
          throw new AppError("DROP_NOT_LIVE", "not live");
        if (drop.available < quantity) throw new AppError("SOLD_OUT", "sold out");
        await q.query(
          "update drop_inventory set available = available - $2, sold = sold + $2 where drop_id = $1",
          [dropId, quantity],
        );
        const id = newId();
        const total = Number(drop.price) * quantity;
        await q.query(
          `insert into orders (id, user_id, drop_id, quantity, unit_price_cents, total_cents, currency, status,
                               idempotency_key, created_at, updated_at, expires_at)
           values ($1, $2, $3, $4, $5, $6, $7, 'confirmed', $8, $9, $9, $9)`,
          [id, userId, dropId, quantity, drop.price, total, drop.currency.trim(), key, now],
        );
        const paid = await provider.charge({
          reference: id,
          amountCents: total,
          currency: "EUR",
          method: paymentMethodId,
        });
        if (paid.status !== "succeeded") throw new AppError("PAYMENT_FAILED", "payment failed");
        await q.query(
          `insert into payments (id, order_id, user_id, amount_cents, currency, method, status, provider_ref,
                                 created_at, updated_at)
           values ($1, $2, $3, $4, $5, $6, 'succeeded', $7, $8, $8)`,
          [newId(), id, userId, total, drop.currency.trim(), paymentMethodId, paid.providerRef, now],
        );
        return { id, status: "confirmed", quantity, totalCents: total };
      });
      return reply.status(201).send({ success: true, data: { order } });
    },
  );
};

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop() ?? "-")) {
  const config = loadConfig();
  const infra = await createInfra(config);
  const app = await buildApp(infra, createServices(infra));
  await app.register(naiveOrdersRoutes, { db: infra.db });
  const url = await app.listen({ host: "127.0.0.1", port: config.port });
  console.log(JSON.stringify({ url }));
}
