import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

/**
 * Adds a preHandler to the /graphql routes only (POST, GET and the WebSocket upgrade), in the
 * order of the calls. Registered on the root as a global hook it would also run, to return at
 * once, on every REST request: each async hook is a promise and a turn of the microtask queue.
 * Call before Mercurius registers its routes; the app refuses to start if the hook reached no
 * route (a moved path or a late call would otherwise drop the check without a sound).
 */
export function onGraphqlRoute(
  app: FastifyInstance,
  hook: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>,
): void {
  let attached = 0;
  app.addHook("onRoute", (route) => {
    if (route.url !== "/graphql") return;
    const existing = route.preHandler === undefined ? [] : [route.preHandler].flat();
    route.preHandler = [...existing, hook as (typeof existing)[number]];
    attached++;
  });
  app.addHook("onReady", async () => {
    if (attached === 0) throw new Error("a GraphQL preHandler reached no /graphql route");
  });
}
