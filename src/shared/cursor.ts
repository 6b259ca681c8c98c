import { invalid } from "./errors.js";

/**
 * Opaque keyset cursors: base64url of a JSON tuple of the sort key and the id of the last
 * row on a page. Clients must treat them as opaque; the server validates their shape so a
 * tampered cursor is a 400, never a 500 or a wrong page.
 */
export type CursorKey = [string | number, string];

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

export function decodeCursor(cursor: string | undefined, kind: "time" | "number" = "time"): CursorKey | null {
  if (cursor === undefined || cursor === "") return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid("Invalid cursor", { cursor });
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[1] !== "string") {
    throw invalid("Invalid cursor", { cursor });
  }
  const [sort, id] = parsed as [unknown, string];
  const sortOk =
    kind === "time"
      ? typeof sort === "string" && !Number.isNaN(Date.parse(sort))
      : typeof sort === "number" && Number.isFinite(sort);
  if (!sortOk || !/^[0-9a-f-]{36}$/i.test(id)) throw invalid("Invalid cursor", { cursor });
  return [sort as string | number, id];
}

export interface Page<T> {
  items: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/**
 * Build a page from rows fetched with `limit + 1`: the extra row only tells whether there
 * is a next page.
 */
export function toPage<R, T>(rows: R[], limit: number, key: (r: R) => CursorKey, map: (r: R) => T): Page<T> {
  const hasNextPage = rows.length > limit;
  const pageRows = hasNextPage ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return {
    items: pageRows.map(map),
    pageInfo: { hasNextPage, endCursor: last === undefined ? null : encodeCursor(key(last)) },
  };
}
