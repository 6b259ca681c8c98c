import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Browser tests need Chromium and a built web app: `npm run test:e2e` (vitest.e2e.config.ts);
    // the topology's fault tests start a whole cluster each: `npm run test:faults`.
    exclude: ["**/node_modules/**", "test/e2e/**", "test/faults/**"],
    pool: "forks",
    // Two cores here: a few files at a time, each with its own database.
    poolOptions: { forks: { maxForks: 3, minForks: 1 } },
    // A guard against a hang, not a speed goal: a race test on a loaded 2-core CI machine
    // (three files at once, each with its own database) may take over a minute.
    testTimeout: 120_000,
    // Building an app (PGlite in WebAssembly, every migration) is slow on a loaded 2-core machine.
    hookTimeout: 120_000,
    reporters: ["default"],
    env: { NODE_ENV: "test", LOG_LEVEL: "silent" },
  },
});
