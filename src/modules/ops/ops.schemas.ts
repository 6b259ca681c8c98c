import { Type } from "typebox";

const Num = (description: string) => Type.Number({ description });

/** The key figures of the cluster: every process's own /metrics, as of its last sample. */
export const OpsSummary = Type.Object({
  sampledAt: Type.String({ format: "date-time", description: "When this answer was put together" }),
  windowSeconds: Num("How far back the per-second rates and recent p99s look (a few sampling intervals)"),
  uptimeSeconds: Num("Since the answering process started"),
  processes: Type.Array(
    Type.Object({
      instance: Type.String({ description: "host:pid" }),
      role: Type.String({ description: "serve, worker, or serve+worker (livedrop all)" }),
      ageSeconds: Num("Age of its last sample (0 for the answering process)"),
      uptimeSeconds: Num("Since it started"),
      requestsPerSecond: Num("HTTP requests it answered per second, recently"),
      p99Seconds: Num("Its recent p99 request latency (upper bucket bound)"),
      pushConnections: Num("Open push connections it holds"),
      eventLoopLagP99Seconds: Num("Its event-loop lag p99"),
    }),
    { description: "Every live process of the cluster (samples older than three intervals are dropped)" },
  ),
  requests: Type.Object({
    total: Num("HTTP requests answered since each process started, all processes"),
    serverErrors: Num("Of them, 5xx other than 503 (refusals with Retry-After)"),
    refused503: Num("Of them, 503: overload or a store away, to retry"),
    perSecond: Num("Requests per second, recently"),
    serverErrorsPerSecond: Num("5xx other than 503 per second, recently"),
    p99Seconds: Num("Recent p99 latency of all requests but long-lived streams (upper bucket bound)"),
  }),
  routes: Type.Array(
    Type.Object({
      route: Type.String({ description: "Method and route pattern" }),
      requests: Num("Requests since start"),
      perSecond: Num("Requests per second, recently"),
      p99Seconds: Num("Recent p99 latency (upper bucket bound)"),
    }),
    { description: "The busiest routes, busiest first" },
  ),
  cache: Type.Object({
    hits: Num("Response cache hits"),
    misses: Num("Response cache misses"),
    hitRatio: Num("hits / (hits + misses) since start, 0 when none"),
    recentHitRatio: Num("The same over the recent window"),
    fallbacks: Num("Cache operations answered without the shared store (Redis away)"),
  }),
  refusals: Type.Object({
    rateLimited: Num("429 RATE_LIMITED, all limits"),
    overloaded: Num("503 OVERLOADED by admission control (event loop)"),
    ordersOverloaded: Num("503 OVERLOADED by the order queue's wait limit"),
    perSecond: Num("All three per second, recently"),
  }),
  orders: Type.Record(Type.String(), Type.Number(), { description: "Order attempts by outcome" }),
  ordersPerSecond: Num("Order attempts per second, all outcomes, recently"),
  locks: Type.Object({
    waitingSessions: Num("PostgreSQL sessions waiting for a lock (sampled from pg_locks)"),
    longestWaitSeconds: Num("The longest of those waits"),
    hotRowP99Seconds: Num("p99 time a reservation batch holds the drop's stock row"),
    queueWaitP99Seconds: Num("p99 time an order waits for its batch"),
  }),
  followerList: Type.Object({
    lists: Num("Follower/following list reads since start"),
    p99Seconds: Num("Their recent p99 latency"),
  }),
  outbox: Type.Object({
    lagSeconds: Num("Age of the oldest unpublished event"),
    unpublished: Num("Events waiting for the relay"),
  }),
  push: Type.Object({
    connections: Num("Open push connections, all processes"),
    eventsPerSecond: Num("Events handed to sockets per second, recently"),
    deliveryP99Seconds: Num(
      "p99 time a process takes to hand one event to all its sockets on the event's channels",
    ),
  }),
  dbPool: Type.Object({
    total: Num("Pooled connections, all processes"),
    idle: Num("Idle ones"),
    waiting: Num("Queries waiting for one"),
  }),
  eventLoop: Type.Object({ lagP99Seconds: Num("Event-loop lag p99, the worst process") }),
});
