import { defineConfig } from "vitest/config";

/** Browser tests: headless Chromium against the built web app (`npm run test:e2e`). */
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts"],
    pool: "forks",
    // One file at a time: each drives a browser, and the machine has two cores.
    poolOptions: { forks: { singleFork: true } },
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ["default"],
    env: { NODE_ENV: "test", LOG_LEVEL: "silent" },
  },
});
