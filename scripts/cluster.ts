import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startTopology } from "./topology.js";

/**
 * `npm run cluster [-- --serve 2 --worker 1 --port 8080]`: the production topology on this
 * machine (scripts/topology.ts), until Ctrl-C.
 */
const { values } = parseArgs({
  options: {
    serve: { type: "string", default: "2" },
    worker: { type: "string", default: "1" },
    port: { type: "string", default: "8080" },
  },
});
const count = (name: string, raw: string, min: number) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > 16)
    throw new Error(`--${name} must be a whole number ${min}..16`);
  return n;
};

const runDir = mkdtempSync(join(tmpdir(), "livedrop-cluster-"));
console.log(
  `Starting nginx, ${values.serve} serve, ${values.worker} worker, PostgreSQL, Redis and 3 NATS nodes...`,
);
const started = Date.now();
// Ctrl-C while starting stops whatever has started; after that it stops the whole cluster.
const abort = new AbortController();
let stop = async () => abort.abort();
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
const topology = await startTopology({
  signal: abort.signal,
  serves: count("serve", values.serve, 1),
  workers: count("worker", values.worker, 0),
  port: Number(values.port),
  runDir,
  // Demo data so there is something to look at; a real deployment leaves it off.
  env: { SEED_DEMO: process.env.SEED_DEMO ?? "true" },
}).catch((err: unknown) => {
  console.error(
    abort.signal.aborted ? "Stopped while starting." : `The cluster did not start: ${String(err)}`,
  );
  console.error(`Logs: ${runDir}`);
  process.exit(abort.signal.aborted ? 0 : 1);
});
console.log(`
LiveDrop cluster is up in ${((Date.now() - started) / 1000).toFixed(1)} s: ${topology.url}

  nginx       ${topology.url}  (gateway and load balancer; deploy/nginx/livedrop.conf.template)
${topology.serves.map((s, i) => `  serve ${i}     ${s.url}`).join("\n")}
${topology.workers.map((_, i) => `  worker ${i}`).join("\n")}
  PostgreSQL  ${topology.postgres.url}
  Redis       ${topology.redis.url}
  NATS        ${topology.nats.url}  (JetStream, stream replicated 3 ways)

Logs: ${runDir}
Press Ctrl-C to stop everything.`);

let stopping = false;
stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log("\nStopping the cluster...");
  await topology.stop();
  console.log(`Stopped. Logs kept in ${runDir}`);
  process.exit(0);
};
