import { afterEach, describe, expect, it } from "vitest";
import { createMemoryBus } from "../../infra/bus/memory.js";
import { createMetrics } from "../../infra/metrics.js";
import { systemClock } from "../../shared/clock.js";
import { createOpsService, type OpsService } from "./ops.service.js";

/**
 * The operators' view adds up the whole cluster: each process broadcasts its figures on the
 * bus and whichever one answers reports all of them. Two "processes" here share one bus and
 * each has its own metrics registry, as two `serve`s and a worker would.
 */
describe("operators' cluster view", () => {
  const started: OpsService[] = [];
  afterEach(async () => {
    for (const s of started.splice(0)) await s.stop();
  });
  const pool = () => ({ total: 2, idle: 1, waiting: 0 });
  const process = (bus: ReturnType<typeof createMemoryBus>, instance: string) => {
    const metrics = createMetrics(pool);
    const ops = createOpsService({
      registry: metrics.registry,
      bus,
      clock: systemClock,
      operatorEmails: [],
      emailOf: async () => undefined,
      sampleMs: 50,
      instance,
    });
    started.push(ops);
    return { metrics, ops };
  };
  const until = async (cond: () => Promise<boolean>) => {
    for (let i = 0; i < 100; i++) {
      if (await cond()) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error("condition not met within 2 s");
  };

  it("sums requests and lists every live process; a silent one drops out", async () => {
    const bus = createMemoryBus();
    const a = process(bus, "a");
    const b = process(bus, "b");
    a.metrics.httpRequests.inc({ method: "GET", route: "/api/drops", status: "200" }, 5);
    a.metrics.httpDuration.observe({ method: "GET", route: "/api/drops", status: "200" }, 0.004);
    b.metrics.httpRequests.inc({ method: "POST", route: "/api/orders", status: "201" }, 3);
    b.metrics.httpRequests.inc({ method: "POST", route: "/api/orders", status: "500" }, 1);
    b.metrics.httpDuration.observe({ method: "POST", route: "/api/orders", status: "201" }, 0.2);
    await a.ops.start("serve");
    await b.ops.start("worker");
    await b.ops.start("serve"); // `livedrop all`: one sampler, both roles

    // b's next sample after its second start names both roles.
    await until(async () =>
      (await a.ops.summary()).processes.some((p) => p.instance === "b" && p.role === "serve+worker"),
    );
    const both = await a.ops.summary();
    expect(both.requests.total).toBe(9);
    expect(both.requests.serverErrors).toBe(1);
    expect(both.processes.map((p) => [p.instance, p.role]).sort()).toEqual([
      ["a", "serve"],
      ["b", "serve+worker"],
    ]);
    expect(both.routes.map((r) => r.route).sort()).toEqual(["GET /api/drops", "POST /api/orders"]);
    // The slow route's p99 comes from b's histogram, seen through a.
    expect(both.routes.find((r) => r.route === "POST /api/orders")?.p99Seconds).toBe(0.25);
    expect(both.dbPool.total).toBe(4);

    // b's later requests reach a's view with its next sample.
    b.metrics.httpRequests.inc({ method: "POST", route: "/api/orders", status: "201" }, 10);
    await until(async () => (await a.ops.summary()).requests.total === 19);

    await b.ops.stop();
    await until(async () => (await a.ops.summary()).processes.length === 1);
    expect((await a.ops.summary()).requests.total).toBe(5);
  });

  it("rates look at the recent window, not since start", async () => {
    const bus = createMemoryBus();
    const a = process(bus, "a");
    a.metrics.httpRequests.inc({ method: "GET", route: "/api/drops", status: "200" }, 1_000);
    await a.ops.start("serve");
    // Three samples later the 1,000 early requests have left the window.
    await new Promise((r) => setTimeout(r, 250));
    const s = await a.ops.summary();
    expect(s.requests.total).toBe(1_000);
    expect(s.requests.perSecond).toBe(0);
    a.metrics.httpRequests.inc({ method: "GET", route: "/api/drops", status: "200" }, 50);
    expect((await a.ops.summary()).requests.perSecond).toBeGreaterThan(0);
  });
});
