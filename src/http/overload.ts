import underPressure, { TYPE_EVENT_LOOP_UTILIZATION } from "@fastify/under-pressure";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { OverloadConfig } from "../config.js";
import type { Metrics } from "../infra/metrics.js";

/**
 * Admission control for the whole API. Past capacity a process that keeps accepting work
 * answers everything late (each request waits behind all the others); refusing the surplus
 * at once keeps the accepted requests' latency and tells clients to come back. "Past
 * capacity" is read from the event loop, sampled every `sampleMs` by @fastify/under-pressure:
 * its mean delay (every request waits that long before its first line runs) and, when set,
 * its utilization. The order path adds its own queue bound per drop (group-commit.ts).
 *
 * A refusal happens in `onRequest`, before the body is read or a token checked, so it costs
 * next to nothing. Health checks and /metrics are exempt (`config: { overload: false }`):
 * an overloaded instance is alive, and operators need its figures most then.
 */

/** Seconds a refused client waits: the next sample usually sees the loop recovered. */
export const OVERLOAD_RETRY_AFTER_SECONDS = 1;
const MESSAGE = "The service is over capacity right now; try again in a moment";

declare module "fastify" {
  interface FastifyContextConfig {
    /** false: never refused by admission control (health, metrics). */
    overload?: boolean;
  }
}

/** Whether admission control may refuse this route (contract.ts declares its 503 from this). */
export const admitsOverload = (config: unknown) =>
  (config as { overload?: boolean } | undefined)?.overload !== false;

const details = { retryAfterSeconds: OVERLOAD_RETRY_AFTER_SECONDS };

/** The refusal in the caller's protocol: GraphQL's error list on /graphql, the envelope elsewhere. */
function refusal(request: FastifyRequest) {
  if (request.routeOptions.url === "/graphql") {
    return { data: null, errors: [{ message: MESSAGE, extensions: { code: "OVERLOADED", details } }] };
  }
  return { success: false, error: { code: "OVERLOADED", message: MESSAGE, details } };
}

/**
 * Registers admission control (unless `OVERLOAD=off`) and returns whether the process is
 * refusing now (readiness reports it).
 */
export async function registerOverload(
  app: FastifyInstance,
  config: OverloadConfig,
  metrics: Metrics,
): Promise<() => boolean> {
  if (!config.enabled || (config.maxEventLoopDelayMs === 0 && config.maxEventLoopUtilization === 0)) {
    return () => false;
  }
  await app.register(underPressure, {
    maxEventLoopDelay: config.maxEventLoopDelayMs,
    maxEventLoopUtilization: config.maxEventLoopUtilization,
    // Utilization over the last sample, not since the process started.
    eventLoopUtilizationMode: "interval",
    sampleInterval: config.sampleMs,
    // The plugin sends what the handler returns (undefined: the request goes on); its types
    // say void only, hence the cast.
    pressureHandler: ((request: FastifyRequest, reply: FastifyReply, type: string) => {
      if (!admitsOverload(request.routeOptions.config)) return undefined; // let it through
      metrics.overloadRefusals.inc({
        reason: type === TYPE_EVENT_LOOP_UTILIZATION ? "event_loop_utilization" : "event_loop_delay",
      });
      // A refused WebSocket upgrade or SSE stream is an HTTP 503 too: the client reconnects later.
      // @fastify/websocket closes an upgrade's socket only for requests its own onRequest hook
      // marked, which runs after this one: close it here, or every refused upgrade leaks one.
      if (request.headers.upgrade) {
        const socket = request.raw.socket;
        reply.raw.once("finish", () => socket.end(() => socket.destroy()));
      }
      reply.status(503).header("retry-after", String(OVERLOAD_RETRY_AFTER_SECONDS));
      return refusal(request);
    }) as unknown as (request: FastifyRequest, reply: FastifyReply, type: string) => void,
  });
  return () => app.isUnderPressure();
}
