import { describe, expect, it } from "vitest";
import { hasNul } from "./validate.js";

describe("hasNul", () => {
  it("finds a NUL in any string or key, however deep", () => {
    expect(hasNul("a\u0000b")).toBe(true);
    expect(hasNul({ a: [{ b: ["ok", "x\u0000"] }] })).toBe(true);
    expect(hasNul({ "k\u0000": 1 })).toBe(true);
    expect(hasNul(Object.assign(Object.create(null), { id: "\u0000" }))).toBe(true);
    let deep: unknown = "\u0000";
    for (let i = 0; i < 10_000; i++) deep = { d: [deep] };
    expect(hasNul(deep)).toBe(true);
    expect(hasNul({ a: [1, null, true, { b: "fine" }] })).toBe(false);
  });

  it("walks own keys only: a polluted prototype is neither walked nor walked forever", () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.pollutedLoop = {}; // every object inherits an object that inherits it again
    proto.pollutedNul = "\u0000";
    try {
      expect(hasNul({ a: { b: "fine" } })).toBe(false);
      expect(hasNul({})).toBe(false);
    } finally {
      delete proto.pollutedLoop;
      delete proto.pollutedNul;
    }
  });
});
