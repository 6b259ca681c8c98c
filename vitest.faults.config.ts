import { defineConfig } from "vitest/config";

/**
 * `npm run test:faults`: the production topology (nginx, serves, worker, PostgreSQL, Redis,
 * 3 NATS nodes; scripts/topology.ts) broken piece by piece under load. One file at a time:
 * each starts a whole topology of its own.
 */
export default defineConfig({
  test: {
    include: ["test/faults/**/*.test.ts"],
    pool: "forks",
    poolOptions: { forks: { maxForks: 1, minForks: 1 } },
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 300_000,
    reporters: ["default"],
    env: { NODE_ENV: "test", LOG_LEVEL: "silent" },
  },
});
