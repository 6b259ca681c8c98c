import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import type { Infra } from "../infra/index.js";
import type { Metrics } from "../infra/metrics.js";

/** Count and time every response; call on the root instance so the hook sees every route. */
export function registerRequestMetrics(app: FastifyInstance, metrics: Metrics): void {
  app.addHook("onResponse", async (request, reply) => {
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? "unmatched",
      status: String(reply.statusCode),
    };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
  });
}

/** /metrics for Prometheus, and the two health checks. */
export async function observabilityRoutes(app: FastifyInstance, opts: { infra: Infra }): Promise<void> {
  const { metrics, db, cache, bus } = opts.infra;

  app.get("/metrics", { schema: { hide: true } }, async (_request, reply) => {
    reply.header("content-type", metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  app.get(
    "/health/live",
    {
      schema: {
        tags: ["health"],
        operationId: "checkLiveness",
        summary: "The process is up",
        response: { 200: Type.Object({ status: Type.Literal("ok") }) },
      },
    },
    async () => ({ status: "ok" as const }),
  );

  const Readiness = (description: string) =>
    Type.Object(
      {
        status: Type.Union([Type.Literal("ready"), Type.Literal("not ready")]),
        checks: Type.Record(Type.String(), Type.String(), {
          description:
            '"ok" or "down" per dependency, e.g. "database:pglite" (the reason is logged, never answered); the cache is "degraded" instead of down: it keeps answering without Redis, so it does not make the process unready',
        }),
      },
      { description },
    );
  app.get(
    "/health/ready",
    {
      schema: {
        tags: ["health"],
        operationId: "checkReadiness",
        summary: "Database, cache and bus answer",
        response: { 200: Readiness("Ready"), 503: Readiness("A dependency is down") },
      },
    },
    async (request, reply) => {
      const check = async (name: string, fn: () => Promise<void>, down = "down") => {
        try {
          await Promise.race([
            fn(),
            new Promise((_, rej) => setTimeout(() => rej(new Error("timeout")), 2000)),
          ]);
          return [name, "ok"] as const;
        } catch (err) {
          // The reason (which often names a host and port) goes to the log, not to the caller.
          request.log.warn({ err, dependency: name }, "readiness check failed");
          return [name, down] as const;
        }
      };
      const results = Object.fromEntries(
        await Promise.all([
          check(`database:${db.kind}`, db.ping),
          check(`cache:${cache.kind}`, cache.ping, "degraded"),
          check(`bus:${bus.kind}`, bus.ping),
        ]),
      );
      const ready = Object.values(results).every((v) => v !== "down");
      return reply.status(ready ? 200 : 503).send({ status: ready ? "ready" : "not ready", checks: results });
    },
  );
}
