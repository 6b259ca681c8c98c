import { createHash, createHmac, randomBytes } from "node:crypto";

/**
 * The draw's arithmetic, the same a client runs to check it (web/src: verify view):
 * - the seed is 32 random bytes as 64 lowercase hex characters;
 * - the commitment is hex SHA-256 of those 64 characters as UTF-8, published at creation;
 * - an entry's key is hex HMAC-SHA256(key = the seed's characters, message = the entry id);
 * - entries are ranked by key ascending (hex of equal length sorts as the number does).
 */
export const newSeed = (): string => randomBytes(32).toString("hex");

export const commitmentOf = (seed: string): string => createHash("sha256").update(seed, "utf8").digest("hex");

export const entryKey = (seed: string, entryId: string): string =>
  createHmac("sha256", Buffer.from(seed, "utf8")).update(entryId, "utf8").digest("hex");

/** Entry ids in rank order (rank 1 first). A key tie (never seen in practice) falls back to the id. */
export function rankEntries(seed: string, entryIds: readonly string[]): string[] {
  return entryIds
    .map((id) => ({ id, key: entryKey(seed, id) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : 1))
    .map((e) => e.id);
}

/** How many entries win: one per-user allowance of the stock each. */
export const winnersOf = (initialStock: number, perUserLimit: number | null): number =>
  Math.floor(initialStock / (perUserLimit ?? 1));
