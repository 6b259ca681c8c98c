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
});
