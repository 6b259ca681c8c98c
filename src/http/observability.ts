import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import type { Infra } from "../infra/index.js";
import type { Metrics } from "../infra/metrics.js";
import { requireServiceToken } from "./auth.js";

/**
 * Count and time every response; call on the root instance so the hook sees every route.
 * A callback hook, not an async one: it runs on every request, and an async hook costs a
 * promise and a turn of the microtask queue each time.
 */
export function registerRequestMetrics(app: FastifyInstance, metrics: Metrics): void {
  app.addHook("onResponse", (request, reply, done) => {
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? "unmatched",
      status: String(reply.statusCode),
    };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
    done();
  });
}

/**
 * /metrics tells a stranger too much (routes, traffic, pool sizes, what fails): on the main
 * port it takes the service token. Prometheus without a token scrapes the separate listener
 * (METRICS_PORT, see startMetricsListener), which is bound to a private address.
 */
const MetricsText = {
  description: "Prometheus text exposition format",
  content: { "text/plain": { schema: { type: "string" } } },
};

/** /metrics for Prometheus, and the two health checks. */
export async function observabilityRoutes(
  app: FastifyInstance,
  opts: { infra: Infra; overloaded?: () => boolean },
): Promise<void> {
  const { metrics, db, cache, bus, config } = opts.infra;

  app.get(
    "/metrics",
    {
      preHandler: requireServiceToken(config.internalToken),
      // Operators need the figures most while the process is refusing work.
      config: { overload: false },
      schema: {
        tags: ["health"],
        operationId: "getMetrics",
        summary: "Prometheus metrics, for the service token",
        description:
          "Send `Authorization: Bearer <INTERNAL_TOKEN>`. With `METRICS_PORT` set, the same text is " +
          "served without a token on that separate listener (bound to `METRICS_HOST`, default 127.0.0.1).",
        response: { 200: MetricsText },
      },
    },
    async (_request, reply) => {
      reply.header("content-type", metrics.registry.contentType);
      return metrics.registry.metrics();
    },
  );

  app.get(
    "/health/live",
    {
      config: { overload: false },
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
            '"ok" or "down" per dependency, e.g. "database:pglite" (the reason is logged, never answered); the cache is "degraded" instead of down: it keeps answering without Redis, so it does not make the process unready; "load" is "overloaded" while admission control refuses requests (503 OVERLOADED), which does not make it unready either: the instance is healthy, only busy',
        }),
      },
      { description },
    );
  app.get(
    "/health/ready",
    {
      config: { overload: false },
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
      results.load = opts.overloaded?.() ? "overloaded" : "ok";
      const ready = Object.values(results).every((v) => v !== "down");
      return reply.status(ready ? 200 : 503).send({ status: ready ? "ready" : "not ready", checks: results });
    },
  );
}

/**
 * The separate /metrics listener for Prometheus: no token, so it is meant for a private
 * address (METRICS_HOST, default 127.0.0.1) that only the scraper reaches. It serves
 * nothing else.
 */
export async function startMetricsListener(
  metrics: Metrics,
  host: string,
  port: number,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.method !== "GET" || req.url?.split("?")[0] !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain" }).end("Not found: GET /metrics\n");
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { "content-type": metrics.registry.contentType }).end(text),
      () => res.writeHead(500, { "content-type": "text/plain" }).end("metrics failed\n"),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const { address, port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${address.includes(":") ? `[${address}]` : address}:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
