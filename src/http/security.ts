import helmet from "@fastify/helmet";
import type { FastifyInstance } from "fastify";

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
  await app.register(helmet, {
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
  // GraphiQL (development only) loads its editor from a CDN: its page goes without the CSP.
  if (opts.development) {
    app.addHook("onSend", async (req, reply, payload) => {
      if (req.url.startsWith("/graphiql")) reply.removeHeader("content-security-policy");
      return payload;
    });
  }
}
