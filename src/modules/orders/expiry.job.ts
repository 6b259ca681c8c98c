import type { Clock } from "../../shared/clock.js";
import { AppError } from "../../shared/errors.js";
import type { Inventory } from "./inventory.js";
import type { OrdersMetrics } from "./orders.metrics.js";
import { failure, STOCK_IN_ERROR, type StockRef, stockKey, stockRefOf, toOrder } from "./orders.model.js";
import type { OrdersRepository } from "./orders.repository.js";

const BATCH = 500;
const KEEP_KEYS_MS = 48 * 3_600_000;
const PRUNE_EVERY_MS = 60_000;

/**
 * Releases unpaid reservations whose TTL ran out. Exactly once, with any number of
 * workers and across restarts: due-ness is a query on the database (the injected clock),
 * and the release is the guarded transition pending_payment -> expired in the settle
 * statement, which only one transaction can win per order.
 */
export function createExpiryJob(deps: {
  repo: OrdersRepository;
  inventory: Inventory;
  clock: Clock;
  metrics: OrdersMetrics;
  pollMs: number;
  /** Settle payments a dead request left unfinished (payments.reconcile), before expiring. */
  reconcile: () => Promise<number>;
}) {
  const { repo, inventory, clock, metrics } = deps;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = true;
  let lastPrune = 0;

  /** Release everything due now; returns how many reservations this call released. */
  async function runOnce(): Promise<number> {
    // First what the provider can tell: a charge that went through confirms its order
    // rather than have its reservation expire with the money kept.
    await deps.reconcile();
    let released = 0;
    for (;;) {
      const due = await repo.dueOrders(clock.now(), BATCH);
      if (due.length === 0) break;
      // By the stock row each order drew from: the drop's, or its variant's.
      const byStock = new Map<string, { ref: StockRef; orders: { id: string }[] }>();
      for (const d of due) {
        const ref = stockRefOf(d);
        const group = byStock.get(stockKey(ref)) ?? { ref, orders: [] };
        group.orders.push(d);
        byStock.set(stockKey(ref), group);
      }
      let progress = 0;
      for (const { ref, orders } of byStock.values()) {
        const results = await inventory.settleNow(
          ref,
          orders.map((o) => ({
            orderId: o.id,
            to: "expired" as const,
            // A request that crashed mid-payment left its key open: it now gets this answer.
            dangling: (row) => ({
              outcome: failure(
                new AppError("PAYMENT_FAILED", "The reservation expired before the payment completed", {
                  reason: "expired",
                  order: toOrder(row),
                  payment: null,
                  stock: null,
                }),
              ),
              stockPath: STOCK_IN_ERROR,
            }),
          })),
        );
        progress += results.filter((r) => r.order).length;
      }
      released += progress;
      // Another worker took these; stop instead of spinning on them.
      if (progress === 0 || due.length < BATCH) break;
    }
    if (released > 0) metrics.outcomes.inc({ outcome: "expired" }, released);
    const now = clock.now().getTime();
    if (now - lastPrune > PRUNE_EVERY_MS) {
      lastPrune = now;
      await repo.pruneKeys(new Date(now - KEEP_KEYS_MS), 10_000);
    }
    return released;
  }

  const loop = () => {
    if (stopped) return;
    running = runOnce()
      .catch((err) => console.error("reservation expiry failed:", err))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, deps.pollMs);
      });
  };

  return {
    name: "reservation-expiry",
    runOnce,
    start() {
      stopped = false;
      loop();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

export type ExpiryJob = ReturnType<typeof createExpiryJob>;
