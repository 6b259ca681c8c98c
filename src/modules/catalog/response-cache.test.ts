import { describe, expect, it } from "vitest";
import { createMemoryBus } from "../../infra/bus/memory.js";
import { createMemoryCache } from "../../infra/cache/memory.js";
import { createMetrics } from "../../infra/metrics.js";
import { ManualClock } from "../../shared/clock.js";
import { createResponseCache } from "./response-cache.js";

const setup = () => {
  const clock = new ManualClock(Date.parse("2030-01-01T00:00:00Z"));
  const bus = createMemoryBus();
  const deps = {
    cache: createMemoryCache(),
    bus,
    clock,
    metrics: createMetrics(() => ({ total: 0, idle: 0, waiting: 0 })),
  };
  return { clock, bus, deps, sut: createResponseCache(deps) };
};

describe("response cache", () => {
  it("loads a cold key once for any number of concurrent readers", async () => {
    const { sut } = setup();
    let loads = 0;
    const load = async () => {
      loads++;
      await new Promise((r) => setTimeout(r, 20));
      return { data: { n: loads }, ttlMs: 1_000 };
    };
    const all = await Promise.all(Array.from({ length: 50 }, () => sut.get("drop", "k", load)));
    expect(loads).toBe(1);
    expect(new Set(all.map((r) => r.json))).toEqual(new Set(['{"n":1}']));
  });

  it("serves an entry until its TTL on the injected clock, then loads again", async () => {
    const { sut, clock } = setup();
    let n = 0;
    const load = async () => ({ data: ++n, ttlMs: 1_000 });
    expect((await sut.get("drop", "k", load)).json).toBe("1");
    clock.advance(999);
    expect((await sut.get("drop", "k", load)).json).toBe("1");
    clock.advance(1);
    expect((await sut.get("drop", "k", load)).json).toBe("2");
  });

  it("reloads a hot entry in the background shortly before it expires, readers never wait", async () => {
    const { sut, clock } = setup();
    let n = 0;
    const load = async () => ({ data: ++n, ttlMs: 1_000 });
    expect((await sut.get("drop", "k", load)).json).toBe("1");
    clock.advance(850);
    expect((await sut.get("drop", "k", load)).json).toBe("1");
    await new Promise((r) => setImmediate(r));
    expect((await sut.get("drop", "k", load)).json).toBe("2");
    clock.advance(999); // past the first load's second; the reload's runs until 1,850
    expect((await sut.get("drop", "k", load)).json).toBe("2");
    clock.advance(1);
    await new Promise((r) => setImmediate(r));
    expect((await sut.get("drop", "k", load)).json).toBe("3");
  });

  it("does not reload ahead of a status boundary it cannot pass", async () => {
    const { sut, clock } = setup();
    const boundary = clock.now().getTime() + 500;
    let n = 0;
    const load = async () => ({ data: ++n, ttlMs: Math.min(1_000, boundary - clock.now().getTime()) });
    await sut.get("drop", "k", load);
    clock.advance(400);
    await sut.get("drop", "k", load);
    await new Promise((r) => setImmediate(r));
    for (let i = 0; i < 5; i++) {
      clock.advance(10);
      await sut.get("drop", "k", load);
      await new Promise((r) => setImmediate(r));
    }
    expect(n).toBe(2);
    clock.set(boundary);
    expect((await sut.get("drop", "k", load)).json).toBe("3");
  });

  it("retires everything on invalidate, here and in a process that shares the bus", async () => {
    const { sut, deps } = setup();
    const other = createResponseCache({ ...deps, cache: createMemoryCache() });
    let n = 0;
    const load = async () => ({ data: ++n, ttlMs: 60_000 });
    const a1 = await sut.get("product", "p", load);
    const b1 = await other.get("product", "p", load);
    expect(a1.etag).not.toBe(b1.etag);
    expect((await other.get("product", "p", load)).etag).toBe(b1.etag);
    await sut.invalidate();
    expect((await sut.get("product", "p", load)).etag).not.toBe(a1.etag);
    await new Promise((r) => setImmediate(r));
    expect((await other.get("product", "p", load)).etag).not.toBe(b1.etag);
  });

  it("does not keep an answer whose load ran across an invalidation", async () => {
    const { sut } = setup();
    let n = 0;
    let release = () => {};
    const slow = async () => {
      const v = ++n;
      if (v === 1) await new Promise<void>((r) => (release = r));
      return { data: v, ttlMs: 60_000 };
    };
    const pending = sut.get("drop", "k", slow);
    await new Promise((r) => setImmediate(r));
    await sut.invalidate();
    release();
    expect((await pending).json).toBe("1");
    expect((await sut.get("drop", "k", slow)).json).toBe("2");
  });
});
