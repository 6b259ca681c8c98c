import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify, { type FastifyInstance } from "fastify";
import { authPlugin } from "./http/auth.js";
import { registerDocs } from "./http/docs.js";
import { registerErrorHandling } from "./http/envelope.js";
import { observabilityRoutes, registerRequestMetrics } from "./http/observability.js";
import { registerValidation } from "./http/validation.js";
import type { Infra } from "./infra/index.js";
import { createFollowsService, followsRoutes } from "./modules/follows/index.js";
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
    creatorExists: (id) => users.creatorExists(id),
    userExists: (id) => users.isActive(id),
  });
  users.onAccountDeleted((q, id) => follows.removeAllOf(q, id));
  return { users, follows };
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
        : { level: config.logLevel, redact: ["req.headers.authorization", "req.headers.cookie"] },
    bodyLimit: config.bodyLimitBytes,
    trustProxy: true,
    // Ids are UUIDs; anything else in a path is a 400 from the schema, not a database error.
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<TypeBoxTypeProvider>();

  registerValidation(app);
  registerErrorHandling(app);
  registerRequestMetrics(app, infra.metrics);
  await registerDocs(app);
  await app.register(authPlugin, {
    secret: config.jwtSecret,
    expiresIn: config.jwtExpiresIn,
    isActive: (id) => services.users.isActive(id),
  });
  await app.register(observabilityRoutes, { infra });

  await app.register(usersRoutes, { users: services.users, counts: (id) => services.follows.counts(id) });
  await app.register(followsRoutes, { follows: services.follows });

  return app;
}
