import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { requireUser, userOf } from "../../http/auth.js";
import { errors } from "../../http/contract.js";
import { Envelope, ok } from "../../http/envelope.js";
import { OpsSummary } from "./ops.schemas.js";
import type { OpsService } from "./ops.service.js";

/** GET /api/ops/metrics: this process's key figures, for operators. */
export const opsRoutes: FastifyPluginAsyncTypebox<{ ops: OpsService }> = async (app, { ops }) => {
  app.get(
    "/api/ops/metrics",
    {
      preHandler: requireUser,
      schema: {
        tags: ["ops"],
        operationId: "getOpsMetrics",
        summary: "Key figures of the process that answers (operators only: OPERATOR_EMAILS)",
        description:
          "Requests, latency, cache hit ratio, refusals, orders, outbox lag, push connections, database pool and event loop, summed from this process's /metrics. Behind a load balancer each call may reach another instance; Prometheus (deploy/prometheus) has the whole cluster.",
        response: { 200: Envelope(OpsSummary), ...errors("FORBIDDEN") },
      },
    },
    async (req) => {
      await ops.assertOperator(userOf(req));
      return ok(await ops.summary());
    },
  );
};
