/**
 * The naive baseline for `npm run bench -- follows`: how a follow is usually written. One
 * transaction per follow: insert the follow row, then add 1 to the creator's single
 * follower-counter row. Correct (the count is exact at every commit), but every follower of
 * one creator queues on that row's lock, held until the commit is on disk.
 *
 * Mounted at PUT /naive/creators/:id/follow on the same app (auth, validation, error
 * handling, request log) as the real API, with the same token-only check the real route
 * uses (requireToken: no account lookup before the statement). Run directly, this file is
 * the bench's naive server: it listens on PORT (its own process, its own schema).
 */
import type { FastifyPluginAsync } from "fastify";
import { buildApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { requireToken, userOf } from "../src/http/auth.js";
import type { Db } from "../src/infra/db/index.js";
import { createInfra } from "../src/infra/index.js";
import { createServices } from "../src/services.js";

export const naiveFollowsRoutes: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  app.put<{ Params: { id: string } }>(
    "/naive/creators/:id/follow",
    { preHandler: requireToken },
    async (req) => {
      const userId = userOf(req);
      const creatorId = req.params.id;
      await db.tx(async (q) => {
        const added = await q.query(
          `insert into follows (user_id, creator_id, created_at) values ($1, $2, $3)
           on conflict (user_id, creator_id) do nothing`,
          [userId, creatorId, new Date()],
        );
        if (added.rowCount === 1) {
          // One counter row per creator (slot 0 of the same table): the hot row.
          await q.query(
            `insert into follow_counters (owner_id, kind, slot, n) values ($1, 1, 0, 1)
             on conflict (owner_id, kind, slot) do update set n = follow_counters.n + 1`,
            [creatorId],
          );
        }
      });
      return { success: true, data: { creatorId, following: true } };
    },
  );
};

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop() ?? "-")) {
  const config = loadConfig();
  const infra = await createInfra(config);
  const app = await buildApp(infra, createServices(infra));
  await app.register(naiveFollowsRoutes, { db: infra.db });
  const url = await app.listen({ host: "127.0.0.1", port: config.port });
  console.log(JSON.stringify({ url }));
}
