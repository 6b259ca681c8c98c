import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeKeyset, encodeCursor } from "./cursor.js";
import { AppError } from "./errors.js";

const id = "0b6f3c1e-8f4a-4c1b-9d2e-3a5b7c9d1e2f";
const code = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (err) {
    return err instanceof AppError ? err.code : `not an AppError: ${String(err)}`;
  }
};

describe("keyset cursors", () => {
  it("round-trips a page's own position, typed by the sort kind", () => {
    const at = "2030-01-01T12:00:00.000Z";
    expect(decodeKeyset(encodeCursor([at, id]))).toEqual([at, id]);
    expect(decodeKeyset(encodeCursor([0.25, id], "q:tee"), "number", "q:tee")).toEqual([0.25, id]);
    expect(decodeKeyset(encodeCursor([at, id], "live"), "time", "live")).toEqual([at, id]);
    expect(decodeKeyset(undefined)).toBeNull();
    expect(decodeKeyset("")).toBeNull();
  });

  it("refuses a cursor of another shape as a VALIDATION_ERROR", () => {
    const at = "2030-01-01T12:00:00.000Z";
    const cases = [
      encodeCursor([1, id]), // a rank where a time belongs
      () => decodeKeyset(encodeCursor([at, id]), "number"),
      encodeCursor([at, "not-a-uuid"]),
      encodeCursor([at, id], "live"), // tagged, read as untagged
      Buffer.from(JSON.stringify({ at, id })).toString("base64url"),
      Buffer.from(JSON.stringify([at, id, id])).toString("base64url"),
      "%%%not base64%%%",
    ];
    for (const c of cases) {
      expect(code(typeof c === "string" ? () => decodeKeyset(c) : c), String(c)).toBe("VALIDATION_ERROR");
    }
    expect(code(() => decodeKeyset(encodeCursor([at, id], "live"), "time", "upcoming"))).toBe(
      "VALIDATION_ERROR",
    );
  });

  it("any string either decodes to a valid position or is a VALIDATION_ERROR, never another error", () => {
    const anyCursor = fc.oneof(
      fc.string(),
      fc.string().map((s) => Buffer.from(s).toString("base64url")),
      fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v)).toString("base64url")),
    );
    fc.assert(
      fc.property(anyCursor, fc.constantFrom("time" as const, "number" as const), (c, kind) => {
        const got = code(() => (kind === "time" ? decodeKeyset(c, kind) : decodeKeyset(c, kind)));
        expect(got === undefined || got === "VALIDATION_ERROR", `${c}: ${got}`).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
