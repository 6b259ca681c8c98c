#!/usr/bin/env node
import { ConfigError, type LoadedConfig, loadConfig } from "./config.js";
import { startMetricsListener } from "./http/observability.js";
import { createDb } from "./infra/db/connect.js";
import { migrate } from "./infra/db/migrate.js";
import { installFaultHandlers } from "./infra/faults.js";
import { closeInfra, createInfra, dbTimeouts } from "./infra/index.js";
import { checkInvariants } from "./modules/orders/index.js";
import { DEMO_PASSWORD, seedDemo } from "./seed.js";
import { startServer } from "./server.js";
import { createServices } from "./services.js";
import { startWorker } from "./worker.js";

const USAGE = `livedrop <command>

  serve     HTTP API, GraphQL and WebSocket push
  worker    background jobs (reservation expiry, outbox relay, scheduler)
  all       serve and worker in one process (the default for npm start)
  migrate   apply database migrations and exit
  seed      seed demo data (once per database) and exit
  check     reconcile every drop's stock with its orders; exits 1 on any drift
`;

/**
 * Ctrl-C / SIGTERM: stop whatever has started, in reverse order, then exit 0. Installed
 * before anything starts, so a signal during a slow start still shuts down cleanly. The
 * shutdown has a deadline (SHUTDOWN_TIMEOUT_MS): a request or job that hangs (a database
 * that does not answer, say) cannot keep the process from exiting; past it, exit 1.
 */
function shutdownOnSignals(deadlineMs: number): {
  defer(stop: () => Promise<void>): void;
  shutdown(reason: string, code: number): void;
} {
  const stops: (() => Promise<void>)[] = [];
  let stopping = false;
  const shutdown = (reason: string, code: number) => {
    if (stopping) process.exit(1); // a second Ctrl-C forces it
    stopping = true;
    console.error(`\n${reason}: shutting down…`);
    setTimeout(() => {
      console.error(`shutdown took longer than ${deadlineMs} ms: exiting anyway`);
      process.exit(1);
    }, deadlineMs).unref();
    (async () => {
      for (const stop of stops.reverse()) await stop();
    })().then(
      () => process.exit(code),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT", 0));
  process.on("SIGTERM", () => shutdown("SIGTERM", 0));
  current = shutdown;
  return { defer: (stop) => void stops.push(stop), shutdown };
}

/** The running command's orderly shutdown, once it has one (serve, worker). */
let current: ((reason: string, code: number) => void) | undefined;

// An unhandled rejection is logged and counted (/metrics); an uncaught exception shuts the
// process down in order, under the deadline (src/infra/faults.ts says why).
installFaultHandlers((err) => {
  if (current) current(`uncaught exception (${String(err)})`, 1);
  else process.exit(1);
});

async function serve(config: LoadedConfig, withWorker: boolean): Promise<void> {
  const shutdown = shutdownOnSignals(config.shutdownTimeoutMs);
  const embedded = !config.databaseUrl;
  const running = await startServer(config, async (infra, services) => {
    if (config.seedDemo && embedded && (await seedDemo(infra, services))) {
      console.error(`Seeded demo data. Sign in as fan1@livedrop.dev / ${DEMO_PASSWORD}`);
    }
  });
  shutdown.defer(() => running.close());
  if (withWorker) {
    const worker = await startWorker(running.infra, running.services);
    shutdown.defer(() => worker.stop());
  }
  const { db, cache, bus } = running.infra;
  console.error(
    [
      "",
      `LiveDrop is up (${withWorker ? "serve + worker" : "serve"}; database: ${db.kind}, cache: ${cache.kind}, bus: ${bus.kind})`,
      `  Shop       ${running.url}/`,
      `  API        ${running.url}/api`,
      `  API docs   ${running.url}/docs`,
      `  GraphQL    ${running.url}/graphql${config.env === "development" ? ` (GraphiQL: ${running.url}/graphiql)` : ""}`,
      `  Health     ${running.url}/health/ready`,
      `  Metrics    ${running.metricsUrl ? `${running.metricsUrl}/metrics` : `${running.url}/metrics (with the service token)`}`,
      "Press Ctrl-C to stop.",
      "",
    ].join("\n"),
  );
}

async function main(argv: string[]): Promise<void> {
  const command = argv[0] ?? "all";
  let config: LoadedConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Configuration error: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  switch (command) {
    case "serve":
      return serve(config, false);
    case "all":
      return serve(config, true);
    case "worker": {
      const shutdown = shutdownOnSignals(config.shutdownTimeoutMs);
      const infra = await createInfra(config);
      shutdown.defer(() => closeInfra(infra));
      const worker = await startWorker(infra, createServices(infra));
      shutdown.defer(() => worker.stop());
      // A worker has no HTTP port: its metrics (outbox lag, jobs) only on the separate listener.
      const metrics =
        config.metricsPort === undefined
          ? undefined
          : await startMetricsListener(infra.metrics, config.metricsHost, config.metricsPort);
      if (metrics) shutdown.defer(() => metrics.close());
      console.error(
        `LiveDrop worker is running${metrics ? ` (metrics: ${metrics.url}/metrics)` : ""}. Press Ctrl-C to stop.`,
      );
      return;
    }
    case "migrate": {
      const db = await createDb({
        databaseUrl: config.databaseUrl,
        dataDir: config.dataDir,
        poolSize: 1,
        timeouts: dbTimeouts(config, true),
      });
      const applied = await migrate(db);
      console.error(applied.length ? `Applied ${applied.join(", ")}` : "Database is up to date");
      await db.close();
      return;
    }
    case "check": {
      const db = await createDb({
        databaseUrl: config.databaseUrl,
        dataDir: config.dataDir,
        poolSize: 1,
        timeouts: dbTimeouts(config, true),
      });
      const report = await checkInvariants(db);
      await db.close();
      for (const p of report.problems) console.error(`DRIFT ${p}`);
      console.error(report.ok ? `OK: ${report.drops} drops reconcile` : `${report.problems.length} problems`);
      process.exit(report.ok ? 0 : 1);
      return;
    }
    case "seed": {
      const infra = await createInfra(config);
      const seeded = await seedDemo(infra, createServices(infra));
      console.error(seeded ? "Seeded demo data" : "Demo data was already seeded");
      await closeInfra(infra);
      return;
    }
    default:
      console.error(USAGE);
      process.exit(command === "help" || command === "--help" ? 0 : 2);
  }
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err);
  process.exit(1);
});
