import { describe, expect, it } from "vitest";
import { GroupCommit } from "./group-commit.js";

const tick = () => new Promise((r) => setTimeout(r, 5));

describe("GroupCommit", () => {
  it("flushes a lone request at once and coalesces what arrives while a batch is in flight", async () => {
    const batches: number[][] = [];
    const sut = new GroupCommit<number, number>(
      async (_key, batch) => {
        batches.push(batch.items);
        await tick();
        return batch.items.map((x) => x * 10);
      },
      { maxBatch: 100 },
    );
    const first = sut.submit("d", 1);
    await Promise.resolve();
    const rest = [2, 3, 4].map((x) => sut.submit("d", x));
    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it("is idle once every submitted item is answered, failed ones included", async () => {
    const written: number[] = [];
    const sut = new GroupCommit<number, void>(
      async (_key, batch) => {
        await tick();
        if (batch.items.includes(13)) throw new Error("unlucky");
        written.push(...batch.items);
        return batch.items.map(() => undefined);
      },
      { maxBatch: 2 },
    );
    await sut.idle(); // nothing submitted: at once
    const all = [1, 2, 3, 13, 5].map((x) => sut.submit(x % 2 ? "odd" : "even", x).catch(() => "failed"));
    await sut.idle();
    // Batches of two: odd [1, 3] then [13, 5], which fails whole; even [2].
    expect(written.sort((a, b) => a - b)).toEqual([1, 2, 3]);
    expect(await Promise.all(all)).toEqual([undefined, undefined, undefined, "failed", "failed"]);
  });

  it("keeps keys apart, caps batch size and defers what `admit` refuses, in order", async () => {
    const batches: string[][] = [];
    const sut = new GroupCommit<string, string>(
      async (key, batch) => {
        batches.push(batch.items.map((x) => `${key}:${x}`));
        return batch.items;
      },
      { maxBatch: 2, admit: (x, taken) => !taken.includes(x) },
    );
    await Promise.all(["a", "a", "b", "c"].map((x) => sut.submit("d1", x)).concat(sut.submit("d2", "z")));
    expect(batches).toEqual([["d1:a", "d1:b"], ["d2:z"], ["d1:a", "d1:c"]]);
  });

  it("runs up to `concurrency` batches of a key at once, each taking what queued", async () => {
    let inFlight = 0;
    let most = 0;
    const sizes: number[] = [];
    const sut = new GroupCommit<number, number>(
      async (_key, batch) => {
        inFlight++;
        most = Math.max(most, inFlight);
        sizes.push(batch.items.length);
        await tick();
        inFlight--;
        return batch.items;
      },
      { maxBatch: 100, concurrency: 2 },
    );
    const first = [sut.submit("d", 1)];
    await Promise.resolve();
    const second = [sut.submit("d", 2)];
    await Promise.resolve();
    const rest = [3, 4, 5].map((x) => sut.submit("d", x));
    expect(await Promise.all([...first, ...second, ...rest])).toEqual([1, 2, 3, 4, 5]);
    expect(most).toBe(2);
    expect(sizes).toEqual([1, 1, 3]);
  });

  it("fails every request of a failed batch and keeps serving the next", async () => {
    let fail = true;
    const sut = new GroupCommit<number, number>(
      async (_key, batch) => {
        if (fail) {
          fail = false;
          throw new Error("database down");
        }
        return batch.items;
      },
      { maxBatch: 10 },
    );
    await expect(sut.submit("d", 1)).rejects.toThrow("database down");
    expect(await sut.submit("d", 2)).toBe(2);
  });

  it("retries a failed batch in halves so that only the bad item fails", async () => {
    const batches: number[][] = [];
    const sut = new GroupCommit<number, number>(
      async (_key, batch) => {
        batches.push(batch.items);
        if (batch.items.includes(13)) throw Object.assign(new Error("bad row"), { code: "23514" });
        return batch.items.map((x) => x * 10);
      },
      { maxBatch: 100, isolate: (err) => (err as { code?: string }).code === "23514" },
    );
    const items = [10, 11, 12, 13, 14, 15, 16];
    const results = await Promise.allSettled(items.map((x) => sut.submit("d", x)));
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : "failed"))).toEqual([
      100,
      110,
      120,
      "failed",
      140,
      150,
      160,
    ]);
    // One batch, then halves down to the bad item: a handful of statements, not one per item.
    expect(batches[0]).toEqual(items);
    expect(batches.length).toBeLessThanOrEqual(1 + 2 * Math.ceil(Math.log2(items.length)));
  });

  it("does not split a batch on a failure that is not about one row", async () => {
    let runs = 0;
    const sut = new GroupCommit<number, number>(
      async () => {
        runs++;
        throw Object.assign(new Error("connection lost"), { code: "57P01" });
      },
      { maxBatch: 100, isolate: (err) => (err as { code?: string }).code === "23514" },
    );
    const results = await Promise.allSettled([1, 2, 3, 4].map((x) => sut.submit("d", x)));
    expect(results.every((r) => r.status === "rejected")).toBe(true);
    expect(runs).toBe(1);
  });

  it("refuses at once when too many items wait for a key", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const sut = new GroupCommit<number, number>(
      async (_key, batch) => {
        await gate;
        return batch.items;
      },
      { maxBatch: 100, maxQueue: 2, overloaded: () => new Error("overloaded") },
    );
    const first = sut.submit("d", 1); // in flight: no longer queued
    await Promise.resolve();
    await Promise.resolve();
    const queued = [sut.submit("d", 2), sut.submit("d", 3)];
    await expect(sut.submit("d", 4)).rejects.toThrow("overloaded");
    const otherKey = sut.submit("other", 5); // the cap is per key
    release();
    expect(await Promise.all([first, ...queued, otherKey])).toEqual([1, 2, 3, 5]);
  });

  it("refuses new items at once while the oldest queued one has waited past maxWaitMs", async () => {
    let release = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const sut = new GroupCommit<number, number>(
      async (_key, batch) => {
        await gate;
        return batch.items;
      },
      { maxBatch: 100, maxWaitMs: 20, overloaded: () => new Error("overloaded") },
    );
    const first = sut.submit("d", 1); // in flight
    await Promise.resolve();
    await Promise.resolve();
    const queued = sut.submit("d", 2); // waits behind it: fine while it is young
    const young = sut.submit("d", 3);
    await new Promise((r) => setTimeout(r, 40));
    await expect(sut.submit("d", 4)).rejects.toThrow("overloaded");
    const otherKey = sut.submit("other", 5); // per key
    release();
    expect(await Promise.all([first, queued, young, otherKey])).toEqual([1, 2, 3, 5]);
    expect(await sut.submit("d", 6)).toBe(6); // the queue drained: accepted again
  });

  it("counts that wait from one batch's time: a queue that the next batch clears is not refused", async () => {
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    let hold = 60;
    const sut = new GroupCommit<number, number>(
      async (_key, batch) => {
        await sleep(hold);
        return batch.items;
      },
      { maxBatch: 100, maxWaitMs: 20, overloaded: () => new Error("overloaded") },
    );
    expect(await sut.submit("d", 0)).toBe(0); // batches of this key take about 60 ms
    hold = 300;
    const inFlight = sut.submit("d", 1);
    await Promise.resolve();
    await Promise.resolve();
    const queued = sut.submit("d", 2);
    await sleep(45);
    // The oldest queued item has waited past maxWaitMs but not past a batch's time and it.
    const accepted = sut.submit("d", 3);
    await sleep(60);
    // Now it has (over 100 ms against 60 + 20): refused.
    await expect(sut.submit("d", 4)).rejects.toThrow("overloaded");
    expect(await Promise.all([inFlight, queued, accepted])).toEqual([1, 2, 3]);
  });
});
