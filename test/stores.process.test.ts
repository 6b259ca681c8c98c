import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Node, spawnNode } from "./cluster.js";
import { isolatedEnv } from "./harness.js";
import { openShop, type Shop } from "./load.js";

/**
 * The process policy (src/infra/faults.ts, src/cli.ts): an unhandled rejection is logged and
 * counted and the process goes on; an uncaught exception shuts it down; a shutdown that
 * hangs (here: a request waiting on a 20 s charge) ends at SHUTDOWN_TIMEOUT_MS anyway.
 */
const ROOT = join(import.meta.dirname, "..");

/** Run a snippet with the fault handlers installed, as the CLI installs them. */
function withHandlers(code: string) {
  const script = `
    import { installFaultHandlers, processFaults } from "./src/infra/faults.ts";
    installFaultHandlers(() => { console.log("fatal " + JSON.stringify(processFaults)); process.exit(3); });
    ${code}
    setTimeout(() => { console.log("alive " + JSON.stringify(processFaults)); }, 100);
  `;
  return spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 30_000,
  });
}

describe("process faults", () => {
  it("logs and counts an unhandled rejection, and the process goes on", () => {
    const r = withHandlers(
      `Promise.reject(new Error("nobody catches this")); Promise.reject(new Error("nor this"));`,
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('alive {"unhandledRejections":2,"uncaughtExceptions":0}');
    expect(r.stderr).toContain("nobody catches this");
  });

  it("shuts down on an uncaught exception", () => {
    const r = withHandlers(`setTimeout(() => { throw new Error("thrown outside any request"); }, 10);`);
    expect(r.status).toBe(3);
    expect(r.stdout).toContain('fatal {"unhandledRejections":0,"uncaughtExceptions":1}');
    expect(r.stderr).toContain("thrown outside any request");
  });
});

describe("shutdown deadline", () => {
  let node: Node;
  let shop: Shop;
  let dropSchema = async () => {};
  let serviceToken = "";
  beforeAll(async () => {
    // Embedded: the deadline is the CLI's, whatever the stores.
    const isolated = await isolatedEnv({
      DATABASE_URL: "",
      REDIS_URL: "",
      NATS_URL: "",
      SHUTDOWN_TIMEOUT_MS: "1000",
      PAYMENT_SLOW_MS: "20000",
    });
    dropSchema = isolated.dropSchema;
    serviceToken = isolated.env.INTERNAL_TOKEN as string;
    node = await spawnNode(isolated.env, "serve");
    shop = await openShop(node.url, 1);
  }, 60_000);
  afterAll(async () => {
    node?.kill9();
    await dropSchema();
  });

  it("counts unhandled rejections in /metrics", async () => {
    const text = await (
      await fetch(`${node.url}/metrics`, { headers: { authorization: `Bearer ${serviceToken}` } })
    ).text();
    expect(text).toMatch(/^process_unhandled_rejections_total 0$/m);
    expect(text).toMatch(/^process_uncaught_exceptions_total 0$/m);
  });

  it("exits by SHUTDOWN_TIMEOUT_MS even while a request still waits", async () => {
    const buyer = shop.buyers[0] as Shop["buyers"][number];
    // A 20 s charge: the graceful close would wait for it.
    const inFlight = fetch(`${node.url}/api/orders`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${buyer.token}`,
        "idempotency-key": randomUUID(),
      },
      body: JSON.stringify({ dropId: shop.dropId, quantity: 1, paymentMethodId: "pm_card_slow" }),
    }).catch(() => null);
    await new Promise((r) => setTimeout(r, 500));
    const started = Date.now();
    const code = await node.stop();
    expect(code).toBe(1);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(node.stderr()).toContain("exiting anyway");
    await inFlight;
  });
});
