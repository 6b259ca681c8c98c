import { Counter, Histogram, type Registry } from "prom-client";

/**
 * The ordering hot path's metrics: batch sizes, time spent on the hot row (lock wait plus
 * the statement), time queued behind the batch in flight, sold-out answers served from
 * memory, and the outcome of every order attempt.
 */
export function createOrdersMetrics(registry: Registry) {
  const reuse = <T>(name: string, make: () => T): T => (registry.getSingleMetric(name) as T) ?? make();
  return {
    batchSize: reuse(
      "orders_batch_size",
      () =>
        new Histogram({
          name: "orders_batch_size",
          help: "Requests coalesced into one hot-row statement, by kind (reserve, settle)",
          labelNames: ["kind"] as const,
          buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
          registers: [registry],
        }),
    ),
    hotRowSeconds: reuse(
      "orders_hot_row_seconds",
      () =>
        new Histogram({
          name: "orders_hot_row_seconds",
          help: "Time a batch spends in its transaction on a drop's stock row (lock wait + work + commit)",
          labelNames: ["kind"] as const,
          buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
          registers: [registry],
        }),
    ),
    queueSeconds: reuse(
      "orders_queue_wait_seconds",
      () =>
        new Histogram({
          name: "orders_queue_wait_seconds",
          help: "Time a request waited in this process for the drop's batch in flight",
          labelNames: ["kind"] as const,
          buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
          registers: [registry],
        }),
    ),
    soldOutFastPath: reuse(
      "orders_sold_out_fast_path_total",
      () =>
        new Counter({
          name: "orders_sold_out_fast_path_total",
          help: "SOLD_OUT answers given from memory (stored many per statement, no batch on the stock row)",
          registers: [registry],
        }),
    ),
    outcomes: reuse(
      "orders_outcomes_total",
      () =>
        new Counter({
          name: "orders_outcomes_total",
          help: "Order attempts by outcome",
          labelNames: ["outcome"] as const,
          registers: [registry],
        }),
    ),
  };
}

export type OrdersMetrics = ReturnType<typeof createOrdersMetrics>;
