import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";

declare module "fastify" {
  interface FastifyInstance {
    /** Every route registered after the docs plugin, as "METHOD /path", for checking the docs cover them. */
    registeredRoutes: string[];
  }
}

/** OpenAPI generated from the route schemas, browsable at /docs (JSON at /docs/json). */
export async function registerDocs(app: FastifyInstance): Promise<void> {
  const routes: string[] = [];
  app.decorate("registeredRoutes", routes);
  app.addHook("onRoute", (r) => {
    for (const m of [r.method].flat()) if (m !== "HEAD") routes.push(`${m} ${r.url}`);
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: "LiveDrop API",
        version: "0.1.0",
        description:
          "Flash-sale & follow platform. Every response is `{ success, data }` or `{ success: false, error: { code, message, details } }`. Lists use opaque keyset cursors (`limit`, `after`).",
      },
      components: {
        securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });
}
