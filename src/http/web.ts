import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

/** Where `npm run build:web` writes the storefront. */
export const WEB_DIST = fileURLToPath(new URL("../../web/dist/", import.meta.url));

/** Paths the server owns: an unknown one is the JSON 404, never the app's page. */
const SERVER_PATHS = /^\/(api|docs|graphql|graphiql|push|health|metrics|internal|media)(\/|$)/;

/** The app's own scripts only; product images may come from any http(s) host; push over ws(s). */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'", // style attributes (gradients, bar widths)
  "img-src 'self' https: http: data:",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join("; ");

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>LiveDrop</title>
<p style="font-family:system-ui;margin:3rem">The web app is not built yet. Run <code>npm run build:web</code>
(or <code>npm start</code>, which builds it first), then reload.</p>`;

/**
 * The storefront at `/`: the built files under /assets (hashed, cached for good), and
 * index.html for every other GET that is not an API path, so client routes such as
 * /drops/:id load the app. Registered last, so every API route wins over the fallback.
 */
export async function registerWeb(app: FastifyInstance, opts: { dist?: string } = {}): Promise<void> {
  const dist = opts.dist ?? WEB_DIST;
  await app.register(async (web) => {
    const built = existsSync(`${dist}index.html`);
    if (built) {
      await web.register(fastifyStatic, {
        root: dist,
        wildcard: false, // one route per built file; the fallback below handles the rest
        index: false,
        setHeaders(reply, path) {
          reply.header(
            "cache-control",
            path.includes("/assets/") ? "public, max-age=31536000, immutable" : "public, max-age=300",
          );
        },
      });
    }
    let page: string | undefined;
    const index = async (req: FastifyRequest, reply: FastifyReply) => {
      const path = req.url.split("?")[0] ?? "/";
      // Server paths and missing files (anything with an extension) stay real 404s.
      if (SERVER_PATHS.test(path) || /\.[a-z0-9]+$/i.test(path)) return reply.callNotFound();
      if (!built) return reply.type("text/html; charset=utf-8").status(503).send(NOT_BUILT);
      page ??= await readFile(`${dist}index.html`, "utf8");
      return reply
        .type("text/html; charset=utf-8")
        .header("cache-control", "no-cache")
        .header("vary", "accept") // seed paths such as /drops answer JSON to API clients
        .header("x-content-type-options", "nosniff")
        .header("referrer-policy", "same-origin")
        .header("content-security-policy", CSP)
        .send(page);
    };
    // The wildcard answers `/` too; a route of its own at `/` would also reshape printRoutes().
    web.get("/*", { schema: { hide: true } }, index);
  });
}
