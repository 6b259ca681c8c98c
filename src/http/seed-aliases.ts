import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from "fastify";

/**
 * Seed 000 names its REST fallbacks without the `/api` prefix. Each is its `/api` twin under
 * a second path: the same options (schema, hooks, handler) copied when the twin registers,
 * so the two cannot drift. Each alias has its own operationId (`<twin's>Seed`, or the one
 * below while the twin has none), since an OpenAPI document needs one per operation.
 *
 * A GET alias sits where the web app also has a page (`/drops` is the shop's drop list): it
 * answers JSON unless the client prefers HTML, so a browser navigating there still gets the
 * app and curl, fetch() or a generated client (Accept absent, `*\/*` or application/json)
 * get the API.
 */
const SEED_ALIASES: readonly { method: "GET" | "POST"; twin: string; at: string; operationId: string }[] = [
  { method: "GET", twin: "/api/drops", at: "/drops", operationId: "listDropsSeed" },
  {
    method: "GET",
    twin: "/api/creators/:id/followers",
    at: "/creators/:id/followers",
    operationId: "listCreatorFollowersSeed",
  },
  { method: "POST", twin: "/api/orders", at: "/orders", operationId: "placeOrderSeed" },
];

/** The route constraint that splits a GET alias's path between the API and the web app. */
const WANTS = "wants";
type Wants = "json" | "html";

/**
 * Whether an Accept header ranks HTML above JSON (RFC 9110 q-values, the most specific range
 * deciding each). Equal ranks go to JSON: the client said JSON is as good.
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept?.includes("html")) return false;
  const q = new Map<string, number>();
  for (const part of accept.toLowerCase().split(",")) {
    const [range = "", ...params] = part.split(";").map((s) => s.trim());
    const qParam = params.find((p) => p.startsWith("q="));
    const value = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (range && Number.isFinite(value)) q.set(range, Math.max(q.get(range) ?? 0, value));
  }
  const rank = (type: string, sub: string) =>
    q.get(`${type}/${sub}`) ?? q.get(`${type}/*`) ?? q.get("*/*") ?? 0;
  const html = Math.max(rank("text", "html"), q.get("application/xhtml+xml") ?? 0);
  return html > rank("application", "json");
}

type Hook = (req: FastifyRequest, reply: FastifyReply) => Promise<void>;
const withHook = (hooks: RouteOptions["onRequest"], hook: Hook) =>
  [hooks ?? []].flat().concat(hook as never) as RouteOptions["onRequest"];

/** The same URL answers JSON or HTML by Accept: shared caches must key on it. */
const varyAccept: Hook = async (_req, reply) => {
  reply.header("vary", "accept");
};

/** Call before registering the module routes: aliases are added as their twins register. */
export function registerSeedAliases(app: FastifyInstance): void {
  app.addConstraintStrategy({
    name: WANTS,
    storage() {
      const handlers = new Map<Wants, never>();
      return {
        get: (value: Wants) => handlers.get(value) ?? null,
        set: (value: Wants, handler: never) => void handlers.set(value, handler),
      };
    },
    deriveConstraint: (req): Wants => (prefersHtml(req.headers.accept) ? "html" : "json"),
    // Requests that derive "html" still match every route that is not an alias.
    mustMatchWhenDerived: false,
  });

  app.addHook("onRoute", function (route) {
    const alias = SEED_ALIASES.find((a) => a.method === route.method && a.twin === route.url);
    if (!alias) return;
    const { url: _url, path: _path, routePath: _routePath, prefix: _prefix, ...twin } = route;
    const operationId = twin.schema?.operationId ? `${twin.schema.operationId}Seed` : alias.operationId;
    this.route({
      ...twin,
      url: alias.at,
      schema: {
        ...twin.schema,
        operationId,
        summary: `Seed 000's REST fallback: the same operation as ${alias.method} ${alias.twin}`,
        description:
          [twin.schema?.summary, twin.schema?.description].filter(Boolean).join("\n\n") || undefined,
      },
      ...(alias.method === "GET"
        ? {
            constraints: { ...twin.constraints, [WANTS]: "json" },
            onRequest: withHook(twin.onRequest, varyAccept),
          }
        : {}),
    });
  });
}
