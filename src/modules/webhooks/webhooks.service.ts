import type { Db } from "../../infra/db/index.js";
import type { Clock } from "../../shared/clock.js";
import { decodeKeyset, type Page, toPage } from "../../shared/cursor.js";
import { AppError, forbidden, invalid, notFound } from "../../shared/errors.js";
import { newId } from "../../shared/ids.js";
import { urlProblem } from "../../shared/ssrf.js";
import { createDeliveriesRepository, type DeliveryRow } from "./deliveries.repository.js";
import { newSecret } from "./signature.js";
import { createEndpointsRepository, type EndpointRow } from "./webhooks.repository.js";
import type { CreatedWebhook, Delivery, Webhook, WebhookBody, WebhookUpdate } from "./webhooks.schemas.js";

/** The webhook settings, from the validated configuration (src/config.ts). */
export interface WebhookSettings {
  /** Endpoints one creator may have. */
  maxEndpoints: number;
  /** WEBHOOK_ALLOW_PRIVATE: private and loopback targets allowed (tests, local development). */
  allowPrivate: boolean;
  /** First retry after this long, doubling per attempt. */
  retryBaseMs: number;
  /** One attempt's limit (connect, send, answer). */
  timeoutMs: number;
  /** Retries stop after this long, and an endpoint failing this long is disabled. */
  failureWindowMs: number;
  /** Finished deliveries older than this leave the log. */
  retentionMs: number;
}

export interface WebhooksDeps {
  db: Db;
  clock: Clock;
  settings: WebhookSettings;
  /** The users module's answer, through its facade. */
  isCreator: (userId: string) => Promise<boolean>;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const toWebhook = (r: EndpointRow): Webhook => ({
  id: r.id,
  url: r.url,
  events: r.events,
  enabled: r.enabled,
  failingSince: iso(r.failing_since),
  disabledAt: iso(r.disabled_at),
  createdAt: r.created_at.toISOString(),
});

export const toDelivery = (r: DeliveryRow): Delivery => ({
  id: r.id,
  eventId: r.event_id,
  eventType: r.event_type,
  status: r.status,
  attempts: r.attempts,
  lastStatusCode: r.last_status_code,
  lastError: r.last_error,
  lastAttemptAt: iso(r.last_attempt_at),
  nextAttemptAt: r.status === "pending" ? r.next_attempt_at.toISOString() : null,
  deliveredAt: iso(r.delivered_at),
  createdAt: r.created_at.toISOString(),
});

/**
 * A creator's endpoints and their delivery logs. Every read and write names the caller as
 * owner in its statement; someone else's endpoint answers 404, as if it did not exist.
 */
export function createWebhooksService(deps: WebhooksDeps) {
  const { db, clock, settings } = deps;
  const endpoints = createEndpointsRepository(db);
  const deliveries = createDeliveriesRepository(db);

  const checkUrl = (url: string) => {
    const problem = urlProblem(url, settings.allowPrivate);
    if (problem) throw invalid(problem, { field: "url" });
  };
  const mustCreate = async (actorId: string) => {
    if (!(await deps.isCreator(actorId))) throw forbidden("Only creators have webhooks");
  };
  const owned = async (actorId: string, id: string) => {
    const e = await endpoints.get(actorId, id);
    if (!e) throw notFound("Webhook");
    return e;
  };

  return {
    endpoints,
    deliveries,

    /** A new endpoint; the answer carries its secret, which is never shown again. */
    async create(actorId: string, input: WebhookBody): Promise<CreatedWebhook> {
      await mustCreate(actorId);
      checkUrl(input.url);
      const secret = newSecret();
      const row = await endpoints.insertCapped(
        {
          id: newId(),
          owner_id: actorId,
          url: input.url,
          events: input.events,
          secret,
          created_at: clock.now(),
        },
        settings.maxEndpoints,
      );
      if (!row) {
        throw new AppError("LIMIT_EXCEEDED", `A creator can have at most ${settings.maxEndpoints} webhooks`, {
          max: settings.maxEndpoints,
        });
      }
      return { ...toWebhook(row), secret };
    },

    async list(actorId: string): Promise<{ items: Webhook[] }> {
      await mustCreate(actorId);
      return { items: (await endpoints.list(actorId)).map(toWebhook) };
    },

    async get(actorId: string, id: string): Promise<Webhook> {
      return toWebhook(await owned(actorId, id));
    },

    async update(actorId: string, id: string, patch: WebhookUpdate): Promise<Webhook> {
      if (patch.url !== undefined) checkUrl(patch.url);
      const row = await endpoints.update(actorId, id, patch);
      if (!row) throw notFound("Webhook");
      return toWebhook(row);
    },

    async remove(actorId: string, id: string): Promise<{ id: string; deleted: true }> {
      if (!(await endpoints.delete(actorId, id))) throw notFound("Webhook");
      return { id, deleted: true };
    },

    async deliveryLog(
      actorId: string,
      id: string,
      opts: { limit: number; after?: string },
    ): Promise<Page<Delivery>> {
      await owned(actorId, id);
      const rows = await deliveries.page(id, decodeKeyset(opts.after), opts.limit);
      return toPage(rows, opts.limit, (r) => [r.created_at.toISOString(), r.id], toDelivery);
    },

    /** Send a delivery again now (whatever its state), with a fresh retry window. */
    async redeliver(actorId: string, id: string, deliveryId: string): Promise<Delivery> {
      const endpoint = await owned(actorId, id);
      if (!endpoint.enabled) {
        throw new AppError("INVALID_STATE", "This webhook is disabled: enable it before redelivering");
      }
      const row = await deliveries.redeliver(actorId, id, deliveryId, clock.now());
      if (!row) throw notFound("Delivery");
      return toDelivery(row);
    },
  };
}

export type WebhooksService = ReturnType<typeof createWebhooksService>;
