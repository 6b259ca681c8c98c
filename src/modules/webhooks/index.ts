/** Creator webhooks: endpoints, signed deliveries from the outbox, the delivery log. Other modules import only from here. */
import type { Config } from "../../config.js";
import type { Bus } from "../../infra/bus/index.js";
import type { Metrics } from "../../infra/metrics.js";
import { createDeliveryJobs, type DeliveryJobs } from "./delivery.job.js";
import { webhookMetrics } from "./webhooks.metrics.js";
import { createWebhooksService, type WebhookSettings, type WebhooksDeps } from "./webhooks.service.js";

export { isPrivateAddress, urlProblem } from "../../shared/ssrf.js";
export { nextAttempt } from "./delivery.job.js";
export { EVENT_ID_HEADER, SIGNATURE_HEADER, sign, verify } from "./signature.js";
export { createWebhooksResolvers, webhooksTypeDefs } from "./webhooks.resolvers.js";
export { webhooksRoutes } from "./webhooks.routes.js";
export { WEBHOOK_EVENTS } from "./webhooks.schemas.js";
export type { WebhookSettings, WebhooksService } from "./webhooks.service.js";

/** This module's settings, taken from the validated configuration. */
export function webhookSettings(
  config: Pick<
    Config,
    | "webhookMaxEndpoints"
    | "webhookAllowPrivate"
    | "webhookRetryBaseMs"
    | "webhookTimeoutMs"
    | "webhookFailureWindowMs"
    | "webhookRetentionMs"
  >,
): WebhookSettings {
  return {
    maxEndpoints: config.webhookMaxEndpoints,
    allowPrivate: config.webhookAllowPrivate,
    retryBaseMs: config.webhookRetryBaseMs,
    timeoutMs: config.webhookTimeoutMs,
    failureWindowMs: config.webhookFailureWindowMs,
    retentionMs: config.webhookRetentionMs,
  };
}

export interface WebhooksModuleDeps extends WebhooksDeps {
  /** The creator of a drop (catalog facade). */
  creatorOfDrop: (dropId: string) => Promise<string | undefined>;
  /** A direct notification to a user (notifications facade: inbox and push). */
  notify: (userId: string, type: string, payload: Record<string, unknown>) => Promise<unknown>;
}

/** The module: the service routes use, and the worker's jobs built on it. */
export function createWebhooks(deps: WebhooksModuleDeps) {
  const service = createWebhooksService(deps);
  return {
    ...service,
    /** The worker's jobs: enqueue from the bus, send due deliveries (see delivery.job.ts). */
    workerJobs(infra: { bus: Bus; metrics: Metrics }, onError?: (err: unknown) => void): DeliveryJobs {
      return createDeliveryJobs({
        bus: infra.bus,
        clock: deps.clock,
        webhooks: service,
        settings: deps.settings,
        metrics: webhookMetrics(infra.metrics.registry),
        creatorOfDrop: deps.creatorOfDrop,
        notifyDisabled: (ownerId, payload) => deps.notify(ownerId, "webhook.disabled", payload),
        onError,
      });
    },
  };
}

export type WebhooksModule = ReturnType<typeof createWebhooks>;
