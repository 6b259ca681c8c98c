import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { requireUser, userOf } from "../../http/auth.js";
import { errors } from "../../http/contract.js";
import { Envelope, ok } from "../../http/envelope.js";
import { OpsSummary } from "./ops.schemas.js";
import type { OpsService } from "./ops.service.js";

/** GET /api/ops/metrics: the cluster's key figures, for operators. */
export const opsRoutes: FastifyPluginAsyncTypebox<{ ops: OpsService }> = async (app, { ops }) => {
  app.get(
    "/api/ops/metrics",
    {
      preHandler: requireUser,
      schema: {
        tags: ["ops"],
        operationId: "getOpsMetrics",
        summary: "Key figures of the whole cluster (operators only: OPERATOR_EMAILS)",
        description:
          "Requests and latency (overall and per route), cache hit ratio, refusals, orders, lock contention, follower-list latency, outbox lag, push connections and delivery latency, database pool and event loop, for every live process. Each process broadcasts its own /metrics on the bus every OPS_SAMPLE_MS, so any instance behind the load balancer answers for all; the web app's /ops page draws it live. Prometheus (deploy/prometheus) keeps the history.",
        response: { 200: Envelope(OpsSummary), ...errors("FORBIDDEN") },
      },
    },
    async (req) => {
      await ops.assertOperator(userOf(req));
      return ok(await ops.summary());
    },
  );
};
