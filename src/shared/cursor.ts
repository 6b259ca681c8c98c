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

/** What a list sorts by: a timestamp (ISO string) or a number (a search rank). */
export type SortKind = "time" | "number";

const sortOk = (kind: SortKind, v: unknown): v is string | number =>
  kind === "time"
    ? typeof v === "string" && !Number.isNaN(Date.parse(v))
    : typeof v === "number" && Number.isFinite(v);

/**
 * The `after` position of a keyset page, typed by the list's sort kind: `[sort, id]`, or
 * null for the first page. Every shape the list's own pages could not have produced (not
 * base64url JSON, the wrong length, another list's tag, a sort of the wrong kind, an id
 * that is not a UUID) is a VALIDATION_ERROR.
 */
export function decodeKeyset(
  after: string | null | undefined,
  kind?: "time",
  list?: string,
): [string, string] | null;
export function decodeKeyset(
  after: string | null | undefined,
  kind: "number",
  list?: string,
): [number, string] | null;
export function decodeKeyset(
  after: string | null | undefined,
  kind: SortKind = "time",
  list?: string,
): CursorKey | null {
  if (after === undefined || after === null || after === "") return null;
  const bad = () => invalid("Invalid cursor", { after });
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(after, "base64url").toString("utf8"));
  } catch {
    throw bad();
  }
  if (!Array.isArray(parsed) || parsed.length !== (list === undefined ? 2 : 3)) throw bad();
  if (list !== undefined) {
    const tag = parsed.shift();
    if (tag !== list) {
      throw invalid("This cursor belongs to a different list", { after, expected: list, got: tag });
    }
  }
  const [sort, id] = parsed as [unknown, unknown];
  if (!sortOk(kind, sort) || typeof id !== "string" || !isUuid(id)) throw bad();
  return [sort, id];
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
