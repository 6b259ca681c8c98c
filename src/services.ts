import type { Infra } from "./infra/index.js";
import { createCatalog, createDropTermsReader } from "./modules/catalog/index.js";
import { createFairDrops } from "./modules/fairdrops/index.js";
import { createFollowsService } from "./modules/follows/index.js";
import { createMedia } from "./modules/media/index.js";
import { createMessages, publicBase } from "./modules/messages/index.js";
import { createNotifications } from "./modules/notifications/index.js";
import { createOpsService } from "./modules/ops/index.js";
import { createOrdersModule } from "./modules/orders/index.js";
import { createRaffles } from "./modules/raffles/index.js";
import { createReminders } from "./modules/reminders/index.js";
import { createPasswordReset, createUsersService } from "./modules/users/index.js";
import { createWebhooks, webhookSettings } from "./modules/webhooks/index.js";
import { createRateLimits } from "./shared/rate-limit.js";

/**
 * The composition root of the modules: infrastructure in, module services out. Transports
 * (src/app.ts), workers and the CLI take what they need from it; modules never import it.
 * Wired once per process: routes, resolvers and workers share the same services.
 */
export function createServices(infra: Infra) {
  const { db, clock, cache, metrics, config } = infra;
  // One set of abuse limits per process, counted on the shared store: every transport's
  // route or resolver reaches the same counters through the services (or `limits` itself).
  const limits = createRateLimits({
    cache,
    clock,
    config: config.rateLimits,
    onRefused: (limit, scope) => metrics.rateLimited.inc({ limit, scope }),
  });
  const users = createUsersService({ db, clock, limits, config });
  const follows = createFollowsService({
    db,
    clock,
    metrics,
    bus: infra.bus,
    creatorExists: (id) => users.creatorExists(id),
    userExists: (id) => users.isActive(id),
    limits,
  });
  users.onAccountDeleted(async (q, id) => {
    await follows.removeAllOf(q, id);
  });
  const dropTerms = createDropTermsReader(db);
  const raffles = createRaffles({
    db,
    clock,
    dropTimes: (id) => dropTerms(id),
    // The bot defence lives in fairdrops, made below; entering a protected raffle spends a solution.
    spendChallenge: (solution, userId, purpose) => fair.challenges.spend(solution, userId, purpose),
    limits,
  });
  // A drop's entries go only with a raffle not drawn yet (a drawn ranking stays published).
  users.onAccountDeleted((q, id) => raffles.removeAllOf(q, id));
  const media = createMedia({
    storage: infra.storage,
    publicAssetUrl: config.publicAssetUrl,
    publicUrl: config.publicUrl,
    onStorageError: (err) => console.error(`object storage (${infra.storage.kind}): ${String(err)}`),
  });
  const catalog = createCatalog({
    db,
    clock,
    cache,
    bus: infra.bus,
    metrics,
    isCreator: (id) => users.creatorExists(id),
    raffleSetup: (q, d) => raffles.setup(q, d),
    media,
    limits,
  });
  // A deleted creator's drops end with the account (upcoming cancelled, live ended now).
  users.onAccountDeleted((q, id, now, requestId) => catalog.drops.endAllOf(q, id, now, requestId));
  // The waiting room and the bot defence; their gate runs on the order path.
  const fair = createFairDrops({
    db,
    clock,
    secret: config.jwtSecret,
    challengeMaxNumber: config.challengeMaxNumber,
    dropTerms,
    limits,
  });
  const orders = createOrdersModule({
    db,
    clock,
    registry: metrics.registry,
    dropTerms,
    userExists: (id) => users.isActive(id),
    reservationTtlMs: config.reservationTtlMs,
    maxQueueWaitMs:
      config.overload.enabled && config.overload.orderQueueMaxWaitMs > 0
        ? config.overload.orderQueueMaxWaitMs
        : undefined,
    paymentSlowMs: config.paymentSlowMs,
    limits,
    admission: fair.admission,
    raffleGate: (dropId, userId) => raffles.admit(dropId, userId),
  });
  const notifications = createNotifications({
    db,
    clock,
    metrics,
    fanoutThreshold: config.fanoutThreshold,
    userExists: (id) => users.isActive(id),
    creatorOfDrop: async (id) => (await dropTerms(id))?.creatorId,
    followerCount: async (id) => (await follows.counts(id)).followers,
    followedCreators: (id, max) => follows.followedCreatorIds(id, max),
    limits,
  });
  const webhooks = createWebhooks({
    db,
    clock,
    settings: webhookSettings(config),
    isCreator: (id) => users.creatorExists(id),
    creatorOfDrop: async (id) => (await dropTerms(id))?.creatorId,
    notify: (userId, type, payload) => notifications.send({ userId, type, payload }),
  });
  // A deleted creator's endpoints (and their logs) go with the account.
  users.onAccountDeleted((q, id) => webhooks.endpoints.deleteAllOf(q, id));
  const reminders = createReminders({
    db,
    clock,
    leadMs: config.reminderLeadMs,
    dropTimes: (id) => dropTerms(id),
  });
  users.onAccountDeleted((q, id) => reminders.removeAllOf(q, id));
  const messages = createMessages({ db, clock, config });
  // Pending mail and preferences go with the account.
  users.onAccountDeleted(async (q, id) => {
    await messages.removeAllOf(q, id);
  });
  const passwordReset = createPasswordReset({
    db,
    clock,
    limits,
    config,
    resetUrl: (token) => `${publicBase(config)}/reset-password?token=${encodeURIComponent(token)}`,
    mail: (q, m) => messages.enqueueTx(q, { ...m, kind: "account.password_reset" }),
    onQueued: () => messages.queued(),
    onError: (err) => console.error(`password reset: ${String(err)}`),
  });
  // The operators' cluster view: every process samples itself, serve and worker alike.
  const ops = createOpsService({
    registry: metrics.registry,
    bus: infra.bus,
    clock,
    operatorEmails: config.operatorEmails,
    emailOf: async (id) => (await users.get(id, id).catch(() => undefined))?.email,
    sampleMs: config.opsSampleMs,
  });
  return {
    users,
    follows,
    catalog,
    media,
    orders,
    notifications,
    webhooks,
    reminders,
    fair,
    raffles,
    messages,
    passwordReset,
    limits,
    ops,
  };
}

export type Services = ReturnType<typeof createServices>;
