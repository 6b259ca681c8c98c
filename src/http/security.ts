import helmet, { type FastifyHelmetOptions } from "@fastify/helmet";
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifySchema,
} from "fastify";

/**
 * The headers helmet adds to an answer with each of these option sets, computed once by
 * helmet itself on throwaway instances (one without helmet, to tell its headers from
 * Fastify's, then one per set): the headers depend on the options only (no CSP nonces), and
 * @fastify/helmet rebuilds the whole middleware (parsing every CSP directive) on every
 * request, which cost ~4% of a server's CPU on a hot route (issue 16).
 */
async function helmetHeaders(...sets: FastifyHelmetOptions[]): Promise<Record<string, string>[]> {
  const answer = async (options?: FastifyHelmetOptions) => {
    const probe = Fastify();
    if (options) await probe.register(helmet, options);
    probe.get("/", (_req, reply) => reply.send("probe"));
    const res = await probe.inject({ method: "GET", url: "/" });
    await probe.close();
    return res.headers;
  };
  const plain = await answer();
  return Promise.all(
    sets.map(async (options) =>
      Object.fromEntries(
        Object.entries(await answer(options))
          .filter(([name, value]) => plain[name] === undefined && value !== undefined)
          .map(([name, value]) => [name, String(value)]),
      ),
    ),
  );
}

type OnSendDone = (err: Error | null, payload: unknown) => void;

/**
 * Types a browser does not render as a page: JSON, and the event stream (hijacked from
 * Fastify, so it must get its headers before any hook that runs at send).
 */
const NOT_A_PAGE = /^(?:application\/(?:[\w.+-]*\+)?json|text\/event-stream)\b/i;

/**
 * What a browser may render as a page: anything but JSON or an event stream. An answer
 * without a type on a route that may serve pages counts as one: a 304 revalidating a page,
 * script or service worker carries no type, and browsers store its headers over the 200's.
 */
const isPage = (contentType: unknown): boolean =>
  typeof contentType !== "string" || !NOT_A_PAGE.test(contentType);

/**
 * Whether every answer a route declares is a type that is not a page (the API's routes: the
 * OpenAPI document declares every response). Such a route never serves a page, so it goes
 * without the per-answer check; a route that declares nothing (static files, the shop's
 * fallback) or another type (CSV, images, /metrics) gets it.
 */
function neverAPage(schema: FastifySchema | undefined): boolean {
  const responses = Object.values((schema?.response ?? {}) as Record<string, { content?: object }>);
  return (
    responses.length > 0 &&
    responses.every((r) => r.content === undefined || Object.keys(r.content).every((t) => NOT_A_PAGE.test(t)))
  );
}

/**
 * Security headers on every response (@fastify/helmet: the maintained set, kept current with
 * browsers, rather than a hand-written list), in two sets computed once by helmet:
 *
 * - every answer, the API's JSON included: `nosniff`, no framing by anyone (CSP
 *   `frame-ancestors 'none'` and `X-Frame-Options: DENY`), a CSP that loads nothing, sends
 *   no form and sets no base (should a JSON answer ever be opened as a page), same-origin
 *   resource policy, and HSTS when the public URL is https (never on plain http, where it
 *   would be ignored or would lock a developer out of a local server). That is OWASP's list
 *   for API responses (REST Security Cheat Sheet, "Security Headers");
 * - an answer a browser renders (HTML, scripts, images, CSV: any type but JSON) gets the
 *   page set instead: the shop's and the docs' CSP (only their own scripts), a referrer
 *   policy, opener and agent-cluster isolation, `SAMEORIGIN` framing for the docs' own
 *   frames, and helmet's legacy switches.
 *
 * Routes that may serve a page (see `neverAPage`) start without the headers whose value
 * depends on the answer's type, and get them when the answer is sent, by its type; any
 * header such a route set itself is kept (the shop's own CSP, a stricter one on user files).
 *
 * Why two sets: the page headers are ~650 bytes that mean nothing to a JSON client and were
 * most of a cached read's headers (issue 16).
 */
export async function registerSecurityHeaders(
  app: FastifyInstance,
  opts: { publicUrl: string | undefined; development: boolean },
): Promise<void> {
  const https = opts.publicUrl?.startsWith("https:") ?? false;
  const hsts = https ? { maxAge: 31_536_000, includeSubDomains: true } : false;
  const [every = {}, page = {}] = await helmetHeaders(
    {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'none'"],
          // Neither falls back to default-src.
          baseUri: ["'none'"],
          formAction: ["'none'"],
          frameAncestors: ["'none'"],
        },
      },
      xFrameOptions: { action: "deny" },
      hsts,
      crossOriginOpenerPolicy: false,
      originAgentCluster: false,
      referrerPolicy: false,
      xDnsPrefetchControl: false,
      xDownloadOptions: false,
      xPermittedCrossDomainPolicies: false,
      xXssProtection: false,
    },
    {
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // Style attributes set by components and the docs' inline styles.
          styleSrc: ["'self'", "'unsafe-inline'"],
          // Product images may live on a CDN or anywhere https.
          imgSrc: ["'self'", "data:", "blob:", "https:"],
          connectSrc: ["'self'", "ws:", "wss:"],
          fontSrc: ["'self'", "data:"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: https ? [] : null,
        },
      },
      hsts,
      referrerPolicy: { policy: "strict-origin-when-cross-origin" },
    },
  );
  // The headers whose value depends on the answer's type; the rest are the same in both sets.
  const byType = [...new Set([...Object.keys(every), ...Object.keys(page)])].filter(
    (name) => every[name] !== page[name],
  );
  const everyByType = Object.entries(every).filter(([name]) => byType.includes(name));
  const pageByType = Object.entries(page).filter(([name]) => byType.includes(name));
  app.addHook("onRequest", (_req, reply, done) => {
    reply.headers(every);
    done();
  });
  // GraphiQL (development only) loads its editor from a CDN: its page goes without a CSP.
  const graphiql = (req: FastifyRequest) => opts.development && req.url.startsWith("/graphiql");
  const clear = (_req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    for (const name of byType) reply.removeHeader(name);
    done();
  };
  const byItsType = (req: FastifyRequest, reply: FastifyReply, payload: unknown, done: OnSendDone) => {
    const headers = isPage(reply.getHeader("content-type")) ? pageByType : everyByType;
    for (const [name, value] of headers) {
      if (reply.getHeader(name) !== undefined) continue; // the route's own
      if (name === "content-security-policy" && graphiql(req)) continue;
      reply.header(name, value);
    }
    done(null, payload);
  };
  // On the routes that may serve a page only: hooks on every route would cost the API's
  // answers about what the shorter set saves them.
  app.addHook("onRoute", (route) => {
    if (neverAPage(route.schema)) return;
    route.onRequest = [route.onRequest ?? []].flat().concat(clear as never);
    route.onSend = [route.onSend ?? []].flat().concat(byItsType as never);
  });
}
