import { Type } from "typebox";

const Num = (description: string) => Type.Number({ description });

/** The key figures of one process, read from its own /metrics registry. */
export const OpsSummary = Type.Object({
  uptimeSeconds: Num("Since this process started"),
  requests: Type.Object({
    total: Num("HTTP requests answered since start"),
    serverErrors: Num("Of them, 5xx other than 503 (refusals with Retry-After)"),
    refused503: Num("Of them, 503: overload or a store away, to retry"),
    p99Seconds: Num("p99 latency of all requests but long-lived streams (upper bucket bound)"),
  }),
  cache: Type.Object({
    hits: Num("Response cache hits"),
    misses: Num("Response cache misses"),
    hitRatio: Num("hits / (hits + misses), 0 when none"),
  }),
  refusals: Type.Object({
    rateLimited: Num("429 RATE_LIMITED, all limits"),
    overloaded: Num("503 OVERLOADED by admission control (event loop)"),
    ordersOverloaded: Num("503 OVERLOADED by the order queue's wait limit"),
  }),
  orders: Type.Record(Type.String(), Type.Number(), { description: "Order attempts by outcome" }),
  outbox: Type.Object({
    lagSeconds: Num("Age of the oldest unpublished event"),
    unpublished: Num("Events waiting for the relay"),
  }),
  push: Type.Object({ connections: Num("Open push connections in this process") }),
  dbPool: Type.Object({
    total: Num("Pooled connections"),
    idle: Num("Idle ones"),
    waiting: Num("Queries waiting for one"),
  }),
  eventLoop: Type.Object({ lagP99Seconds: Num("Event-loop lag p99 (Node's own sampler)") }),
});
