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

export function decodeCursor(
  cursor: string | null | undefined,
  kind: "time" | "number" = "time",
): CursorKey | null {
  if (cursor === undefined || cursor === null || cursor === "") return null;
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
  /**
   * The cursor of each item, for GraphQL edges. Not enumerable, so REST responses (which
   * only carry endCursor) never serialise it.
   */
  readonly cursors?: string[];
}

/**
 * Build a page from rows fetched with `limit + 1`: the extra row only tells whether there
 * is a next page. `cursorOf` makes each row's opaque cursor.
 */
export function pageFrom<R, T>(
  rows: R[],
  limit: number,
  cursorOf: (r: R) => string,
  map: (r: R) => T,
): Page<T> {
  const hasNextPage = rows.length > limit;
  const pageRows = hasNextPage ? rows.slice(0, limit) : rows;
  const cursors = pageRows.map(cursorOf);
  const page: Page<T> = {
    items: pageRows.map(map),
    pageInfo: { hasNextPage, endCursor: cursors[cursors.length - 1] ?? null },
  };
  return Object.defineProperty(page, "cursors", { value: cursors, enumerable: false });
}

/** pageFrom with the plain `[sortKey, id]` cursor. */
export function toPage<R, T>(rows: R[], limit: number, key: (r: R) => CursorKey, map: (r: R) => T): Page<T> {
  return pageFrom(rows, limit, (r) => encodeCursor(key(r)), map);
}

/** A page as a Relay connection: `{ edges { node cursor }, pageInfo }`. */
export function toConnection<T>(page: Page<T>) {
  const cursors = page.cursors ?? [];
  return {
    edges: page.items.map((node, i) => ({ node, cursor: cursors[i] ?? page.pageInfo.endCursor ?? "" })),
    pageInfo: page.pageInfo,
  };
}
