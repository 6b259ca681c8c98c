import { afterEach, describe, expect, it, vi } from "vitest";
import { newId } from "./ids.js";

const msOf = (id: string) => Number.parseInt(id.replaceAll("-", "").slice(0, 12), 16);

describe("newId", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("makes UUIDv7s that are unique and sort in the order they were made, many per millisecond", () => {
    const before = Date.now();
    const ids = Array.from({ length: 20_000 }, newId); // more than the random pool holds, many per ms
    for (const id of ids.slice(0, 50)) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    // The time is the creation time's milliseconds (the first 48 bits).
    expect(msOf(ids[0] as string)).toBeGreaterThanOrEqual(before);
    expect(msOf(ids.at(-1) as string)).toBeLessThanOrEqual(Date.now() + 1);
    // The random parts differ between ids (not one pool slot reused).
    const tails = new Set(ids.map((id) => id.slice(-12)));
    expect(tails.size).toBe(ids.length);
  });

  it("keeps counting in the last millisecond while the clock stands or steps back (last: it leaves the state a minute ahead)", () => {
    const start = Date.now() + 60_000; // later than any id made so far in this process
    const times = [start, start, start, start - 1, start - 500, start, start + 1, start + 1];
    const now = vi.spyOn(Date, "now");
    for (const t of times) now.mockReturnValueOnce(t);
    const ids = times.map(() => newId());
    expect([...ids].sort()).toEqual(ids);
    expect(ids.map(msOf)).toEqual([start, start, start, start, start, start, start + 1, start + 1]);
  });
});
