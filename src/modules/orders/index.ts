/** Orders, reservations, payments and idempotency. Other modules import only from here. */
import type { Registry } from "prom-client";
import type { Db } from "../../infra/db/index.js";
import type { Clock } from "../../shared/clock.js";
import type { RateLimits } from "../../shared/rate-limit.js";
import type { DropTerms } from "../catalog/index.js";
import { createDeskRepository } from "./desk.repository.js";
import { createDeskService } from "./desk.service.js";
import { createExpiryJob } from "./expiry.job.js";
import { createIdempotency } from "./idempotency.js";
import { checkInvariants } from "./invariants.js";
import { createInventory } from "./inventory.js";
import { createOrdersMetrics } from "./orders.metrics.js";
import { createOrdersRepository } from "./orders.repository.js";
import { createOrdersService, type OrderGate } from "./orders.service.js";
import { createSimulatedProvider, type PaymentProvider } from "./payments.provider.js";
import { createPaymentsService } from "./payments.service.js";

export { createDeskResolvers, deskTypeDefs } from "./desk.resolvers.js";
export { deskRoutes } from "./desk.routes.js";
export type { DeskService } from "./desk.service.js";
export { internalOrdersRoutes } from "./internal.routes.js";
export { checkInvariants, type InvariantReport } from "./invariants.js";
export {
  type OrderEvent,
  type OrderEvents,
  type OrderPayload,
  orderEvent,
  type StockLevels,
  type StockPayload,
  stockPayloadSql,
} from "./orders.events.js";
export { createOrdersResolvers, ordersTypeDefs } from "./orders.resolvers.js";
export { ordersRoutes } from "./orders.routes.js";
export type { OrderGate } from "./orders.service.js";
export type { ChargeResult, PaymentProvider } from "./payments.provider.js";
export { createSimulatedProvider } from "./payments.provider.js";

export interface OrdersModuleDeps {
  db: Db;
  clock: Clock;
  registry: Registry;
  dropTerms: (id: string) => Promise<DropTerms | null>;
  userExists: (id: string) => Promise<boolean>;
  reservationTtlMs: number;
  /** Defaults to the simulated provider. */
  provider?: PaymentProvider;
  /** How long `pm_card_slow` takes in the simulated provider. */
  paymentSlowMs?: number;
  providerTimeoutMs?: number;
  expiryPollMs?: number;
  /** How long an unfinished idempotency claim is its process's without renewal (10 s). */
  leaseMs?: number;
  /** Admission control on the order path: see createInventory's maxQueueWaitMs. */
  maxQueueWaitMs?: number;
  /** Abuse limits on placing orders, paying and the creator's desk (src/shared/rate-limit.ts). */
  limits: Pick<RateLimits, "check">;
  /** Fair drops' gate on the order path (the fairdrops module). */
  admission?: OrderGate;
  /** Who may order a raffle drop (the raffles module's gate). */
  raffleGate?: (dropId: string, userId: string) => Promise<void>;
}

/**
 * Drop terms change rarely and are read on every order: keep them a second, so a hot drop
 * costs no catalog query per request. Ending or cancelling a drop is seen within that second.
 */
function cachedTerms(read: (id: string) => Promise<DropTerms | null>, ttlMs = 1_000) {
  const cache = new Map<string, { at: number; value: Promise<DropTerms | null> }>();
  return (id: string): Promise<DropTerms | null> => {
    const hit = cache.get(id);
    if (hit && performance.now() - hit.at < ttlMs) return hit.value;
    if (cache.size > 10_000) cache.clear();
    const value = read(id);
    cache.set(id, { at: performance.now(), value });
    value.catch(() => cache.delete(id));
    return value;
  };
}

export function createOrdersModule(deps: OrdersModuleDeps) {
  const { db, clock } = deps;
  const metrics = createOrdersMetrics(deps.registry);
  const repo = createOrdersRepository(db);
  const terms = cachedTerms(deps.dropTerms);
  const idempotency = createIdempotency(repo, clock, deps.leaseMs);
  const inventory = createInventory({
    db,
    clock,
    metrics,
    terms,
    reservationTtlMs: deps.reservationTtlMs,
    leaseMs: deps.leaseMs,
    maxQueueWaitMs: deps.maxQueueWaitMs,
  });
  const payments = createPaymentsService({
    db,
    clock,
    repo,
    inventory,
    idempotency,
    metrics,
    provider: deps.provider ?? createSimulatedProvider({ slowMs: deps.paymentSlowMs ?? 1_500 }),
    providerTimeoutMs: deps.providerTimeoutMs ?? 10_000,
    limits: deps.limits,
  });
  const orders = createOrdersService({
    clock,
    repo,
    inventory,
    idempotency,
    payments,
    metrics,
    terms,
    userExists: deps.userExists,
    limits: deps.limits,
    admission: deps.admission,
    raffleGate: deps.raffleGate,
  });
  const expiry = createExpiryJob({
    repo,
    inventory,
    clock,
    metrics,
    pollMs: deps.expiryPollMs ?? 500,
    reconcile: () => payments.reconcile(),
  });
  const desk = createDeskService({
    db,
    clock,
    desk: createDeskRepository(db),
    orders: repo,
    payments,
    terms,
    limits: deps.limits,
  });
  return {
    orders,
    payments,
    desk,
    expiry,
    checkInvariants: () => checkInvariants(db),
    /** The last batches' writes, before a shutdown closes the database. */
    drain: () => inventory.idle(),
  };
}

export type OrdersModule = ReturnType<typeof createOrdersModule>;
