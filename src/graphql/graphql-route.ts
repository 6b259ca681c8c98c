import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

/**
 * Adds a preHandler to the /graphql routes only (POST, GET and the WebSocket upgrade), in the
 * order of the calls. Registered on the root as a global hook it would also run, to return at
 * once, on every REST request: each async hook is a promise and a turn of the microtask queue.
 * Call before Mercurius registers its routes.
 */
export function onGraphqlRoute(
  app: FastifyInstance,
  hook: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>,
): void {
  app.addHook("onRoute", (route) => {
    if (route.url !== "/graphql") return;
    const existing = route.preHandler === undefined ? [] : [route.preHandler].flat();
    route.preHandler = [...existing, hook as (typeof existing)[number]];
  });
}
