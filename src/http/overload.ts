import type { Socket } from "node:net";
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
 * next to nothing. The one exception is a route that says it can answer some requests for
 * no more than a refusal costs (`overloadInHandler`: orders while a sold-out drop is known):
 * its small requests are read, authenticated and shed by the handler, which answers the
 * sold-out ones and refuses the rest with the same 503. Health checks and /metrics are
 * exempt (`config: { overload: false }`): an overloaded instance is alive, and operators
 * need its figures most then.
 */

/** Seconds a refused client waits: the next sample usually sees the loop recovered. */
export const OVERLOAD_RETRY_AFTER_SECONDS = 1;
const MESSAGE = "The service is over capacity right now; try again in a moment";

declare module "fastify" {
  interface FastifyContextConfig {
    /** false: never refused by admission control (health, metrics). */
    overload?: boolean;
    /**
     * While this says yes, admission control lets the route's requests through, marked, and
     * the handler sheds them itself (`shedding`) once it knows whether a final answer costs
     * no more than a refusal (the order route: a sold-out drop's answer from memory).
     */
    overloadInHandler?: () => boolean;
  }
}

/** The largest body admission control lets through to be shed by the handler (`overloadInHandler`). */
const DEFERRED_BODY_MAX_BYTES = 4_096;

/** On a request admission control passed to its handler: counts the refusal if the handler sheds it. */
const shed = Symbol("livedrop.overload.shed");
type ShedMark = FastifyRequest & { [shed]?: () => void };

/** Whether admission control passed this request to its handler to be shed there (`overloadInHandler`). */
export const shedding = (request: FastifyRequest): boolean => (request as ShedMark)[shed] !== undefined;

/**
 * A handler's refusal of a request `shedding` marked: admission control's own 503, counted
 * by `markRefused` (`refuse` skips that for an upgrade, but an upgrade is never marked).
 */
export function refuseMarked(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.send(refuse(request, reply));
}

const counted = () => {};

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

function refuse(request: FastifyRequest, reply: FastifyReply) {
  // A refused WebSocket upgrade or SSE stream is an HTTP 503 too: the client reconnects later.
  // @fastify/websocket closes an upgrade's socket only for requests its own onRequest hook
  // marked, which runs after this one: close it here, or every refused upgrade leaks one.
  if (request.headers.upgrade) {
    const socket = request.raw.socket;
    reply.raw.once("finish", () => socket.end(() => socket.destroy()));
  } else markRefused(request); // an upgrade's connection is closed with its refusal
  reply.status(503).header("retry-after", String(OVERLOAD_RETRY_AFTER_SECONDS));
  return refusal(request);
}

/** When a connection's last refusal told it to come back (performance.now() ms). */
const refusedUntil = Symbol("livedrop.overload.refusedUntil");
type Marked = Socket & { [refusedUntil]?: number };

/**
 * Marks the connection a request came on as refused for overload (here, and for the order
 * queue's refusals in envelope.ts): its next request waits out the Retry-After (`paceRefused`).
 * A request admission control let through to be shed by its handler (`shedding`) is counted
 * here as admission control's refusal, once.
 */
export function markRefused(request: FastifyRequest): void {
  const mark = request as ShedMark;
  const count = mark[shed];
  if (count && count !== counted) {
    count();
    mark[shed] = counted; // still `shedding`
  }
  (request.raw.socket as Marked)[refusedUntil] = performance.now() + OVERLOAD_RETRY_AFTER_SECONDS * 1000;
}

/**
 * A client that asks again on the same connection before its Retry-After has passed is not
 * heard until it has: its request waits out the rest of that second, then goes through
 * admission control afresh (refused and marked again, or let through if the overload has
 * passed). Refusals are cheap, but a crowd that ignores Retry-After and asks again at once
 * (scripts, bots) sends them by the tens of thousands a second, and answering those alone
 * keeps the event loop past its limit with nothing useful running: measured with 1,000 such
 * clients on one hot drop, a process refusing every one at once confirmed 23 to 67 orders/s,
 * against 894 to 1,821 with admission control off. Paced, such a connection costs one timer
 * and one refusal a second. A client that honours Retry-After, or a fresh connection, is
 * answered at once as before. Exempt routes (health, metrics) are never held.
 */
function paceRefused(request: FastifyRequest, _reply: FastifyReply, done: () => void): void {
  const until = (request.raw.socket as Marked)[refusedUntil];
  const wait = until === undefined ? 0 : until - performance.now();
  if (wait <= 0 || !admitsOverload(request.routeOptions.config)) done();
  else setTimeout(done, wait);
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
  if (!config.enabled) return () => false;
  // Before under-pressure's hook, so a held request is judged when its wait ends.
  app.addHook("onRequest", paceRefused);
  if (config.maxEventLoopDelayMs === 0 && config.maxEventLoopUtilization === 0) return () => false;
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
      const count = () =>
        metrics.overloadRefusals.inc({
          reason: type === TYPE_EVENT_LOOP_UTILIZATION ? "event_loop_utilization" : "event_loop_delay",
        });
      // Never an upgrade (a socket let in stays open long after the overload), and only a
      // body of a declared small size: what is let in is read and parsed before it is shed,
      // and an order is a few hundred bytes.
      if (
        !request.headers.upgrade &&
        Number(request.headers["content-length"]) <= DEFERRED_BODY_MAX_BYTES &&
        request.routeOptions.config.overloadInHandler?.()
      ) {
        (request as ShedMark)[shed] = count;
        return undefined; // the handler answers or sheds it
      }
      count();
      return refuse(request, reply);
    }) as unknown as (request: FastifyRequest, reply: FastifyReply, type: string) => void,
  });
  return () => app.isUnderPressure();
}
