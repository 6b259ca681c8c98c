import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import websocket from "@fastify/websocket";
import Fastify, { type FastifyInstance } from "fastify";
import { registerGraphql } from "./graphql/index.js";
import { authPlugin } from "./http/auth.js";
import { registerDocs } from "./http/docs.js";
import { registerErrorHandling } from "./http/envelope.js";
import { observabilityRoutes, registerRequestMetrics } from "./http/observability.js";
import { registerSeedAliases } from "./http/seed-aliases.js";
import { registerValidation } from "./http/validation.js";
import { registerWeb } from "./http/web.js";
import type { Infra } from "./infra/index.js";
import {
  catalogLoaders,
  catalogResolvers,
  catalogRoutes,
  catalogTypeDefs,
  createCatalog,
  createDropTermsReader,
} from "./modules/catalog/index.js";
import { createFollowsService, followsRoutes } from "./modules/follows/index.js";
import {
  createNotifications,
  createPushHub,
  notificationsResolvers,
  notificationsRoutes,
  notificationsTypeDefs,
  pushRoutes,
} from "./modules/notifications/index.js";
import {
  createOrdersModule,
  internalOrdersRoutes,
  ordersResolvers,
  ordersRoutes,
  ordersTypeDefs,
} from "./modules/orders/index.js";
import { createUsersService, usersRoutes } from "./modules/users/index.js";
import { createRateLimiter } from "./shared/rate-limit.js";

/** The module services, wired once per process; routes, resolvers and workers share them. */
export function createServices(infra: Infra) {
  const { db, clock, cache, metrics, config } = infra;
  const users = createUsersService({ db, clock, limiter: createRateLimiter(cache), config });
  const follows = createFollowsService({
    db,
    clock,
    metrics,
    bus: infra.bus,
    creatorExists: (id) => users.creatorExists(id),
    userExists: (id) => users.isActive(id),
  });
  users.onAccountDeleted((q, id) => follows.removeAllOf(q, id));
  const catalog = createCatalog({
    db,
    clock,
    cache,
    bus: infra.bus,
    metrics,
    isCreator: (id) => users.creatorExists(id),
  });
  const dropTerms = createDropTermsReader(db);
  const orders = createOrdersModule({
    db,
    clock,
    registry: metrics.registry,
    dropTerms,
    userExists: (id) => users.isActive(id),
    reservationTtlMs: config.reservationTtlMs,
    paymentSlowMs: config.paymentSlowMs,
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
  });
  return { users, follows, catalog, orders, notifications };
}

export type Services = ReturnType<typeof createServices>;

/** The composition root: infrastructure -> modules -> transports. */
export async function buildApp(
  infra: Infra,
  services: Services = createServices(infra),
): Promise<FastifyInstance> {
  const { config } = infra;
  const app = Fastify({
    logger:
      config.logLevel === "silent"
        ? false
        : {
            level: config.logLevel,
            redact: ["req.headers.authorization", "req.headers.cookie"],
            // The push socket takes its token in the query string: keep it out of logs.
            serializers: {
              req: (req: { method: string; url: string; ip?: string }) => ({
                method: req.method,
                url: req.url.replace(/([?&]token=)[^&]*/, "$1[redacted]"),
                remoteAddress: req.ip,
              }),
            },
          },
    bodyLimit: config.bodyLimitBytes,
    trustProxy: true,
    // Ids are UUIDs; anything else in a path is a 400 from the schema, not a database error.
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<TypeBoxTypeProvider>();

  registerValidation(app);
  registerErrorHandling(app);
  registerRequestMetrics(app, infra.metrics);
  await registerDocs(app);
  registerSeedAliases(app); // before the routes: it adds /drops etc. as their /api twins register
  await app.register(authPlugin, {
    secret: config.jwtSecret,
    expiresIn: config.jwtExpiresIn,
    isActive: (id) => services.users.isActive(id),
  });
  await app.register(observabilityRoutes, { infra });

  await app.register(usersRoutes, { users: services.users, counts: (id) => services.follows.counts(id) });
  await app.register(followsRoutes, { follows: services.follows });
  await app.register(catalogRoutes, services.catalog);
  await app.register(ordersRoutes, services.orders);
  await app.register(internalOrdersRoutes, { ...services.orders, token: config.internalToken });
  await app.register(notificationsRoutes, {
    notifications: services.notifications,
    internalToken: config.internalToken,
  });
  // One WebSocket server for /push and GraphQL subscriptions, fed by one push hub.
  await app.register(websocket, { options: { maxPayload: 16 * 1024 } });
  const hub = createPushHub({
    bus: infra.bus,
    metrics: infra.metrics,
    notifications: services.notifications,
  });
  await hub.start();
  app.addHook("onClose", () => hub.stop());
  await app.register(pushRoutes, { hub, heartbeatMs: config.pushHeartbeatMs });
  await registerGraphql(app, {
    services,
    modules: [
      { typeDefs: catalogTypeDefs, resolvers: catalogResolvers, loaders: catalogLoaders },
      { typeDefs: ordersTypeDefs, resolvers: ordersResolvers },
      { typeDefs: notificationsTypeDefs, resolvers: notificationsResolvers(hub) },
    ],
    development: config.env === "development",
    clock: infra.clock,
  });
  await registerWeb(app); // last: the storefront and its client-route fallback

  return app;
}
