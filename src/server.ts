import type { FastifyInstance } from "fastify";
import { buildApp } from "./app.js";
import type { LoadedConfig } from "./config.js";
import { startMetricsListener } from "./http/observability.js";
import { closeInfra, createInfra, type Infra } from "./infra/index.js";
import { createServices, type Services } from "./services.js";

export interface Running {
  app: FastifyInstance;
  infra: Infra;
  services: Services;
  url: string;
  /** The separate /metrics listener's address, when METRICS_PORT is set. */
  metricsUrl: string | undefined;
  close(): Promise<void>;
}

/**
 * Boot only: infrastructure, the app, `prepare` (e.g. seeding), listen; so a ready server
 * is a prepared one. `close` finishes in-flight requests first.
 */
export async function startServer(
  config: LoadedConfig,
  prepare?: (infra: Infra, services: Services) => Promise<void>,
): Promise<Running> {
  const infra = await createInfra(config);
  const services = createServices(infra);
  const app = await buildApp(infra, services);
  await prepare?.(infra, services);
  const address = await app.listen({ host: config.host, port: config.port });
  const metrics =
    config.metricsPort === undefined
      ? undefined
      : await startMetricsListener(infra.metrics, config.metricsHost, config.metricsPort).catch(
          async (err) => {
            await app.close();
            await closeInfra(infra);
            throw err;
          },
        );
  let closing: Promise<void> | undefined;
  return {
    app,
    infra,
    services,
    url: address.replace("0.0.0.0", "localhost").replace("[::]", "localhost"),
    metricsUrl: metrics?.url,
    close() {
      closing ??= (async () => {
        await metrics?.close();
        await app.close(); // stops accepting, waits for in-flight requests, closes keep-alive sockets
        await services.orders.drain(); // batches still in flight (their requests' sockets are gone)
        await closeInfra(infra);
      })();
      return closing;
    },
  };
}
