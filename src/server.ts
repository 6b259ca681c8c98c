import type { FastifyInstance } from "fastify";
import { buildApp } from "./app.js";
import type { Config } from "./config.js";
import { closeInfra, createInfra, type Infra } from "./infra/index.js";
import { createServices, type Services } from "./services.js";

export interface Running {
  app: FastifyInstance;
  infra: Infra;
  services: Services;
  url: string;
  close(): Promise<void>;
}

/**
 * Boot only: infrastructure, the app, `prepare` (e.g. seeding), listen; so a ready server
 * is a prepared one. `close` finishes in-flight requests first.
 */
export async function startServer(
  config: Config,
  prepare?: (infra: Infra, services: Services) => Promise<void>,
): Promise<Running> {
  const infra = await createInfra(config);
  const services = createServices(infra);
  const app = await buildApp(infra, services);
  await prepare?.(infra, services);
  const address = await app.listen({ host: config.host, port: config.port });
  let closing: Promise<void> | undefined;
  return {
    app,
    infra,
    services,
    url: address.replace("0.0.0.0", "localhost").replace("[::]", "localhost"),
    close() {
      closing ??= (async () => {
        await app.close(); // stops accepting, waits for in-flight requests, closes keep-alive sockets
        await closeInfra(infra);
      })();
      return closing;
    },
  };
}
