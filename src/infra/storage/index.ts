import type { Readable } from "node:stream";

/**
 * Object storage for uploaded files (product images). One small interface, two
 * implementations: a local folder for the embedded default (in memory when the database is)
 * and any S3-compatible store when S3_URL is set. Objects are written once and read many
 * times; a key names one object for good (callers put a hash of the bytes in it).
 */
export interface StoredObject {
  body: Readable;
  contentType: string;
  /** Bytes, when the store knows it before reading. */
  size: number | undefined;
}

export interface Storage {
  readonly kind: "local" | "s3";
  /** Writes the object whole (readers never see part of it); an existing key is replaced. */
  put(key: string, bytes: Buffer, contentType: string, opts?: { cacheControl?: string }): Promise<void>;
  /** The object, or null when there is none (or the key could never name one). */
  get(key: string): Promise<StoredObject | null>;
  /** Removes the object; removing one that is not there is not an error. */
  delete(key: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * What a key may be: `/`-separated segments of letters, digits, `.`, `_` and `-`, none empty
 * and none starting with a dot, so no key climbs out of a folder (`..`), hides a file or
 * means different things to different stores. Every implementation applies the same rule.
 */
const KEY = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;
export const MAX_KEY_LENGTH = 512;

export const isValidKey = (key: string): boolean => key.length <= MAX_KEY_LENGTH && KEY.test(key);

export class InvalidKeyError extends Error {
  constructor(key: string) {
    super(`Invalid storage key ${JSON.stringify(key.slice(0, 80))}`);
    this.name = "InvalidKeyError";
  }
}

export function checkKey(key: string): void {
  if (!isValidKey(key)) throw new InvalidKeyError(key);
}

/** Reads a stored object's body whole (tests, small objects). */
export async function readAll(obj: StoredObject): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of obj.body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}
