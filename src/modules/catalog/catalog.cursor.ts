import { invalid } from "../../shared/errors.js";
import { isUuid } from "../../shared/ids.js";

/**
 * Opaque keyset cursors that name the list they belong to: base64url of
 * `[list, sortKey, id]`. A cursor from one list (say `live`) handed to another (`upcoming`),
 * or from one search handed to a different one, is a 400 instead of a silently wrong page.
 */
export function encodeListCursor(list: string, key: string | number, id: string): string {
  return Buffer.from(JSON.stringify([list, key, id])).toString("base64url");
}

export function decodeListCursor(
  cursor: string | null | undefined,
  list: string,
  kind: "time" | "number",
): [string | number, string] | null {
  if (cursor === undefined || cursor === null || cursor === "") return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid("Invalid cursor", { after: cursor });
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw invalid("Invalid cursor", { after: cursor });
  const [tag, key, id] = parsed as unknown[];
  if (tag !== list) {
    throw invalid("This cursor belongs to a different list", { after: cursor, expected: list, got: tag });
  }
  const keyOk =
    kind === "time"
      ? typeof key === "string" && !Number.isNaN(Date.parse(key))
      : typeof key === "number" && Number.isFinite(key);
  if (!keyOk || typeof id !== "string" || !isUuid(id)) throw invalid("Invalid cursor", { after: cursor });
  return [key as string | number, id];
}

/** Pages are built by the shared builder, which also gives GraphQL its per-edge cursors. */
export { pageFrom as pageOf } from "../../shared/cursor.js";
