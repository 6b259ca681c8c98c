import { Counter, Histogram, type Registry } from "prom-client";

/** Get a metric registered by an earlier instance on this registry, or register it. */
function once<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

/** Webhook metrics: attempts by outcome, endpoints disabled, time per attempt. */
export function webhookMetrics(registry: Registry) {
  const registers = [registry];
  return {
    attempts: once(
      registry,
      "webhook_deliveries_total",
      () =>
        new Counter({
          name: "webhook_deliveries_total",
          help: "Webhook delivery attempts by outcome (delivered, retry: failed and due again, gave_up: failed for the whole window)",
          labelNames: ["outcome"] as const,
          registers,
        }),
    ),
    enqueued: once(
      registry,
      "webhook_deliveries_enqueued_total",
      () =>
        new Counter({
          name: "webhook_deliveries_enqueued_total",
          help: "Webhook deliveries created from events (one per matching endpoint)",
          registers,
        }),
    ),
    disabled: once(
      registry,
      "webhook_endpoints_disabled_total",
      () =>
        new Counter({
          name: "webhook_endpoints_disabled_total",
          help: "Webhook endpoints disabled after failing for the whole failure window",
          registers,
        }),
    ),
    duration: once(
      registry,
      "webhook_attempt_duration_seconds",
      () =>
        new Histogram({
          name: "webhook_attempt_duration_seconds",
          help: "Time of one webhook attempt, from connect to the end of the answer",
          buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
          registers,
        }),
    ),
  };
}

export type WebhookMetrics = ReturnType<typeof webhookMetrics>;
