import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import websocket from "@fastify/websocket";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import { registerGraphql } from "./graphql/index.js";
import { authPlugin } from "./http/auth.js";
import { registerDocs } from "./http/docs.js";
import { frameworkErrors, registerErrorHandling } from "./http/envelope.js";
import { observabilityRoutes, registerRequestMetrics } from "./http/observability.js";
import { registerOverload } from "./http/overload.js";
import { registerRouteLimits } from "./http/rate-limit.js";
import {
  createLogger,
  echoRequestId,
  flushLogOnClose,
  lazyChildLogger,
  RequestLogController,
  requestId,
} from "./http/request-log.js";
import { registerSecurityHeaders } from "./http/security.js";
import { registerSeedAliases } from "./http/seed-aliases.js";
import { registerValidation } from "./http/validation.js";
import { registerWeb } from "./http/web.js";
import type { Infra } from "./infra/index.js";
import {
  catalogRoutes,
  catalogTypeDefs,
  createCatalogLoaders,
  createCatalogResolvers,
  productImagesRoutes,
} from "./modules/catalog/index.js";
import { createFairResolvers, fairRoutes, fairTypeDefs } from "./modules/fairdrops/index.js";
import {
  createFollowsLoaders,
  createFollowsResolvers,
  followsRoutes,
  followsTypeDefs,
} from "./modules/follows/index.js";
import { mediaRoutes } from "./modules/media/index.js";
import { createMessagesResolvers, messagesRoutes, messagesTypeDefs } from "./modules/messages/index.js";
import {
  createNotificationsResolvers,
  createPushHub,
  notificationsRoutes,
  notificationsTypeDefs,
  pushRoutes,
} from "./modules/notifications/index.js";
import { opsRoutes } from "./modules/ops/index.js";
import {
  createDeskResolvers,
  createOrdersResolvers,
  deskRoutes,
  deskTypeDefs,
  internalOrdersRoutes,
  ordersRoutes,
  ordersTypeDefs,
} from "./modules/orders/index.js";
import { createRafflesResolvers, rafflesRoutes, rafflesTypeDefs } from "./modules/raffles/index.js";
import { createRemindersResolvers, remindersRoutes, remindersTypeDefs } from "./modules/reminders/index.js";
import {
  createUsersLoaders,
  createUsersResolvers,
  passwordResetRoutes,
  usersRoutes,
  usersTypeDefs,
} from "./modules/users/index.js";
import { createWebhooksResolvers, webhooksRoutes, webhooksTypeDefs } from "./modules/webhooks/index.js";
import { createServices, type Services } from "./services.js";

/** The transports: REST, GraphQL and push over the module services (src/services.ts). */
export async function buildApp(
  infra: Infra,
  services: Services = createServices(infra),
): Promise<FastifyInstance> {
  const { config } = infra;
  const logger = createLogger(config);
  const app = Fastify({
    // One line per request, after it, by LOG_REQUESTS (src/http/request-log.ts), instead of
    // Fastify's two lines for every request.
    ...(logger
      ? {
          loggerInstance: logger as FastifyBaseLogger,
          logController: new RequestLogController(config),
          childLoggerFactory: lazyChildLogger,
        }
      : { logger: false }),
    bodyLimit: config.bodyLimitBytes,
    // The gateway's request id when it sends one (src/http/request-log.ts).
    genReqId: requestId,
    // The client address behind a proxy only when the proxy is trusted (TRUST_PROXY).
    trustProxy:
      typeof config.trustProxy === "number"
        ? (_address: string, hop: number) => hop < (config.trustProxy as number)
        : config.trustProxy,
    // Ids are UUIDs; anything else in a path is a 400 from the schema, not a database error.
    routerOptions: { maxParamLength: 200 },
    // The router's own refusals (a malformed URL, an overlong parameter) in the envelope too.
    frameworkErrors,
  }).withTypeProvider<TypeBoxTypeProvider>();

  echoRequestId(app);
  await registerSecurityHeaders(app, {
    publicUrl: config.publicUrl,
    development: config.env === "development",
  });
  registerValidation(app);
  registerErrorHandling(app);
  registerRequestMetrics(app, infra.metrics);
  // Early: a refusal past capacity costs nothing but the 503 (src/http/overload.ts).
  const overloaded = await registerOverload(app, config.overload, infra.metrics);
  flushLogOnClose(app, logger);
  await registerDocs(app);
  registerSeedAliases(app); // before the routes: it adds /drops etc. as their /api twins register
  await app.register(authPlugin, {
    secret: config.jwtSecret,
    expiresIn: config.jwtExpiresIn,
    tokenVersion: (id) => services.users.tokenVersion(id),
  });
  await app.register(observabilityRoutes, { infra, overloaded });
  // Before the routes: @fastify/rate-limit reads each route's config as it is added.
  const routeLimits = await registerRouteLimits(app, services.limits, infra.metrics);

  await app.register(usersRoutes, { users: services.users, counts: (id) => services.follows.counts(id) });
  await app.register(passwordResetRoutes, { reset: services.passwordReset });
  await app.register(followsRoutes, { follows: services.follows });
  await app.register(catalogRoutes, services.catalog);
  await app.register(productImagesRoutes, { images: services.catalog.images });
  await app.register(mediaRoutes, { media: services.media });
  await app.register(ordersRoutes, services.orders);
  await app.register(deskRoutes, services.orders);
  await app.register(internalOrdersRoutes, { ...services.orders, token: config.internalToken });
  await app.register(notificationsRoutes, {
    notifications: services.notifications,
    internalToken: config.internalToken,
    routeLimits,
  });
  await app.register(webhooksRoutes, { webhooks: services.webhooks });
  await app.register(remindersRoutes, { reminders: services.reminders });
  await app.register(fairRoutes, services.fair);
  await app.register(rafflesRoutes, { raffles: services.raffles });
  await app.register(opsRoutes, { ops: services.ops });
  await services.ops.start("serve");
  app.addHook("onClose", () => services.ops.stop());
  await app.register(messagesRoutes, { messages: services.messages, mailBox: services.messages.mailBox });
  // One WebSocket server for /push and GraphQL subscriptions, fed by one push hub.
  await app.register(websocket, { options: { maxPayload: 16 * 1024 } });
  const hub = createPushHub({
    bus: infra.bus,
    metrics: infra.metrics,
    notifications: services.notifications,
    // Revocations: the bus event ends connections and clears the token cache at once; the
    // periodic re-check catches one that was lost.
    onAccountRevoked: (id) => app.forgetAccount(id),
    tokenVersions: (ids) => services.users.tokenVersions(ids),
    checkToken: (id, version) => app.checkToken(id, version),
    recheckMs: config.pushRecheckMs,
  });
  await hub.start();
  app.addHook("onClose", () => hub.stop());
  const { users, follows, catalog, orders, notifications, messages, limits } = services;
  await app.register(pushRoutes, { hub, heartbeatMs: config.pushHeartbeatMs, limits });
  await registerGraphql(app, {
    // Each module's resolvers get the services they use, as its routes do.
    modules: [
      {
        typeDefs: usersTypeDefs,
        resolvers: createUsersResolvers({ users }),
        loaders: createUsersLoaders({ countsMany: (ids) => follows.countsMany(ids) }),
      },
      {
        typeDefs: followsTypeDefs,
        resolvers: createFollowsResolvers({ follows }),
        loaders: createFollowsLoaders({ follows }),
      },
      {
        typeDefs: catalogTypeDefs,
        resolvers: createCatalogResolvers(catalog),
        loaders: createCatalogLoaders({
          graph: catalog.graph,
          creatorsByIds: (ids) => users.creatorsByIds(ids),
        }),
      },
      {
        typeDefs: ordersTypeDefs,
        resolvers: createOrdersResolvers({
          orders: orders.orders,
          payments: orders.payments,
          drops: catalog.drops,
        }),
      },
      { typeDefs: deskTypeDefs, resolvers: createDeskResolvers({ desk: orders.desk }) },
      {
        typeDefs: webhooksTypeDefs,
        resolvers: createWebhooksResolvers({ webhooks: services.webhooks }),
      },
      {
        typeDefs: rafflesTypeDefs,
        resolvers: createRafflesResolvers({ raffles: services.raffles }),
      },
      {
        typeDefs: remindersTypeDefs,
        resolvers: createRemindersResolvers({ reminders: services.reminders }),
      },
      { typeDefs: fairTypeDefs, resolvers: createFairResolvers(services.fair) },
      {
        typeDefs: notificationsTypeDefs,
        resolvers: createNotificationsResolvers({ notifications, hub, limits }),
      },
      { typeDefs: messagesTypeDefs, resolvers: createMessagesResolvers({ messages }) },
    ],
    cache: { responses: catalog.responses, nextChange: () => catalog.drops.nextChange(), clock: infra.clock },
    development: config.env === "development",
    limits,
    overloadInHandler: () => orders.orders.knowsSoldOutDrops(),
  });
  await registerWeb(app); // last: the storefront and its client-route fallback

  return app;
}
