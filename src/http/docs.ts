import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance, FastifySchema } from "fastify";
import { documentedResponses, documentRoute } from "./contract.js";

declare module "fastify" {
  interface FastifyInstance {
    /** Every route registered after the docs plugin, as "METHOD /path", for checking the docs cover them. */
    registeredRoutes: string[];
  }
  interface FastifyContextConfig {
    /**
     * A request body the document shows but the validator never sees: a multipart upload
     * (`schema.consumes: ["multipart/form-data"]`), read by the route itself (src/http/upload.ts).
     */
    openapiBody?: object;
  }
}

/**
 * A response check installed by the test harness before any app is built: it sees every
 * response so the suite fails when one disagrees with the document. Never set in production,
 * where no hook is added at all.
 */
export type ResponseCheck = (
  app: FastifyInstance,
  r: { method: string; route: string; status: number; contentType: string | undefined; payload: unknown },
) => void;
let responseCheck: ResponseCheck | undefined;
export function checkResponsesWith(check: ResponseCheck | undefined): void {
  responseCheck = check;
}

/** GraphQL's own routes (mercurius) are documented here; their runtime schema stays untouched. */
const GRAPHQL: Record<string, FastifySchema> = {
  POST: { operationId: "graphql", summary: "Run a GraphQL query or mutation (schema: GET /graphql?sdl)" },
  GET: { operationId: "graphqlGet", summary: "Run a GraphQL query sent in the query string" },
};

/** OpenAPI generated from the route schemas, browsable at /docs (JSON at /docs/json). */
export async function registerDocs(app: FastifyInstance): Promise<void> {
  const routes: string[] = [];
  app.decorate("registeredRoutes", routes);
  // Before the swagger plugin's own hook, so the document sees the completed schemas.
  app.addHook("onRoute", (r) => {
    for (const m of [r.method].flat()) if (m !== "HEAD") routes.push(`${m} ${r.url}`);
    if (r.url !== "/graphql") documentRoute(r);
  });
  const check = responseCheck;
  if (check) {
    app.addHook("onSend", async (req, reply, payload) => {
      const route = req.routeOptions.url;
      if (route) {
        const contentType = reply.getHeader("content-type");
        check(app, {
          method: req.method,
          route,
          status: reply.statusCode,
          contentType: typeof contentType === "string" ? contentType : undefined,
          payload,
        });
      }
      return payload;
    });
  }
  await app.register(swagger, {
    openapi: {
      info: {
        title: "LiveDrop API",
        version: "0.1.0",
        // As package.json: a private package with no licence granted.
        license: { name: "UNLICENSED" },
        description:
          "Flash-sale & follow platform. Every response is `{ success, data }` or `{ success: false, error: { code, message, details } }`; each operation lists the error codes each status can carry. Lists use opaque keyset cursors (`limit`, `after`).",
      },
      servers: [{ url: "/", description: "This server" }],
      components: {
        securitySchemes: {
          bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
          serviceToken: {
            type: "http",
            scheme: "bearer",
            description: "The static INTERNAL_TOKEN, for /internal routes and /metrics only",
          },
        },
      },
    },
    transform: ({ schema, url, route }) => {
      const documented = documentedResponses(route.config);
      const body = route.config?.openapiBody;
      if (documented && schema) {
        return { schema: { ...schema, response: documented, ...(body ? { body } : {}) }, url };
      }
      const method = [route.method].flat()[0] ?? "";
      const graphql = url === "/graphql" ? GRAPHQL[method] : undefined;
      if (!graphql || !schema) return { schema, url };
      const response = schema.response as Record<string, unknown>;
      const ok = response["2xx"] ?? response["2XX"];
      return {
        url,
        schema: {
          ...schema,
          ...graphql,
          tags: ["graphql"],
          security: [{}, { bearer: [] }],
          // Invalid documents are a 400 with the same `{ data, errors }` body; an operation
          // refused whole by a rate limit a 429, for capacity a 503 (both with Retry-After).
          response: ok
            ? {
                ...response,
                400: ok,
                429: { ...ok, description: "RATE_LIMITED: an operation limit refused it; see Retry-After" },
                503: {
                  ...ok,
                  description:
                    "OVERLOADED: refused for capacity (admission control, the order queue); see Retry-After",
                },
              }
            : response,
        },
      };
    },
  });
  // staticCSP: the UI page gets a CSP with hashes of its own inline scripts.
  await app.register(swaggerUi, { routePrefix: "/docs", staticCSP: true });
}
