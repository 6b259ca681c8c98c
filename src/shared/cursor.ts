import { invalid } from "./errors.js";
import { isUuid } from "./ids.js";

/**
 * Opaque keyset cursors: base64url of a JSON tuple of the sort key and the id of the last
 * row on a page, optionally led by the name of the list it belongs to. A named cursor handed
 * to another list (say `live` to `upcoming`, or one search to another) is a 400 instead of a
 * silently wrong page. Clients must treat cursors as opaque; the server validates their
 * shape so a tampered cursor is a 400, never a 500 or a wrong page.
 */
export type CursorKey = [string | number, string];

export function encodeCursor(key: CursorKey, list?: string): string {
  return Buffer.from(JSON.stringify(list === undefined ? key : [list, ...key])).toString("base64url");
}

export function decodeCursor(
  cursor: string | null | undefined,
  kind: "time" | "number" = "time",
  list?: string,
): CursorKey | null {
  if (cursor === undefined || cursor === null || cursor === "") return null;
  const bad = () => invalid("Invalid cursor", { after: cursor });
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw bad();
  }
  if (!Array.isArray(parsed) || parsed.length !== (list === undefined ? 2 : 3)) throw bad();
  if (list !== undefined) {
    const tag = parsed.shift();
    if (tag !== list) {
      throw invalid("This cursor belongs to a different list", { after: cursor, expected: list, got: tag });
    }
  }
  const [sort, id] = parsed as [unknown, unknown];
  const sortOk =
    kind === "time"
      ? typeof sort === "string" && !Number.isNaN(Date.parse(sort))
      : typeof sort === "number" && Number.isFinite(sort);
  if (!sortOk || typeof id !== "string" || !isUuid(id)) throw bad();
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
