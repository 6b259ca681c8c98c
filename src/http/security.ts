import helmet, { type FastifyHelmetOptions } from "@fastify/helmet";
import Fastify, { type FastifyInstance } from "fastify";

/**
 * The headers helmet adds to an answer with these options, computed once by helmet itself
 * on a throwaway instance: the headers depend on the options only (no CSP nonces), and
 * @fastify/helmet rebuilds the whole middleware (parsing every CSP directive) on every
 * request, which cost ~4% of a server's CPU on a hot route (issue 16).
 */
async function helmetHeaders(options: FastifyHelmetOptions): Promise<Record<string, string>> {
  const answer = async (withHelmet: boolean) => {
    const probe = Fastify();
    if (withHelmet) await probe.register(helmet, options);
    probe.get("/", (_req, reply) => reply.send("probe"));
    const res = await probe.inject({ method: "GET", url: "/" });
    await probe.close();
    return res.headers;
  };
  const [plain, helmeted] = [await answer(false), await answer(true)];
  return Object.fromEntries(
    Object.entries(helmeted)
      .filter(([name, value]) => plain[name] === undefined && value !== undefined)
      .map(([name, value]) => [name, String(value)]),
  );
}

/**
 * Security headers on every response (@fastify/helmet: the maintained set, kept current with
 * browsers, rather than a hand-written list): `nosniff`, no framing by other sites, a
 * referrer policy, and a Content-Security-Policy for the shop and the API docs, which only
 * load their own scripts. HSTS is sent when the public URL is https (never on plain http,
 * where it would be ignored or would lock a developer out of a local server).
 */
export async function registerSecurityHeaders(
  app: FastifyInstance,
  opts: { publicUrl: string | undefined; development: boolean },
): Promise<void> {
  const https = opts.publicUrl?.startsWith("https:") ?? false;
  const headers = await helmetHeaders({
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
    hsts: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: "strict-origin-when-cross-origin" },
  });
  app.addHook("onRequest", (_req, reply, done) => {
    reply.headers(headers);
    done();
  });
  // GraphiQL (development only) loads its editor from a CDN: its page goes without the CSP.
  if (opts.development) {
    app.addHook("onSend", async (req, reply, payload) => {
      if (req.url.startsWith("/graphiql")) reply.removeHeader("content-security-policy");
      return payload;
    });
  }
}
