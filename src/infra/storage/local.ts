import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rmdir, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve, sep } from "node:path";
import { Readable } from "node:stream";
import { checkKey, isValidKey, type Storage } from "./index.js";

const missing = (err: unknown) => (err as NodeJS.ErrnoException).code === "ENOENT";

/**
 * The embedded default: each object is a file under `dir` at its key's path, its content type
 * in a dotfile beside it (`.<name>.type`; keys never start a segment with a dot, so no key
 * names it). Both are written aside and renamed into place, the type first, so a reader sees
 * a whole object with its type or nothing. `dir` undefined keeps objects in memory (an
 * in-memory database: tests).
 */
export function createLocalStorage(opts: { dir: string | undefined }): Storage {
  if (!opts.dir) return memoryStorage();
  const root = resolve(opts.dir);

  /** The file of a key, checked to be inside the root (the key rule already ensures it). */
  const pathOf = (key: string) => {
    const path = resolve(root, key);
    if (!path.startsWith(root + sep)) throw new Error(`storage key escapes the folder: ${key}`);
    return path;
  };
  const typePath = (path: string) => join(dirname(path), `.${basename(path)}.type`);

  /** Writes aside, then renames into place: atomic on one filesystem. */
  const writeWhole = async (path: string, data: Buffer | string) => {
    const aside = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
    try {
      await writeFile(aside, data, { flag: "wx" });
    } catch (err) {
      if (!missing(err)) throw err;
      // The folder was not there, or an emptied one was just removed by a delete.
      await mkdir(dirname(path), { recursive: true });
      await writeFile(aside, data, { flag: "wx" });
    }
    try {
      await rename(aside, path);
    } catch (err) {
      await unlink(aside).catch(() => {});
      throw err;
    }
  };

  return {
    kind: "local",
    async put(key, bytes, contentType) {
      checkKey(key);
      const path = pathOf(key);
      await writeWhole(typePath(path), contentType);
      await writeWhole(path, bytes);
    },
    async get(key) {
      if (!isValidKey(key)) return null;
      const path = pathOf(key);
      let handle: Awaited<ReturnType<typeof open>>;
      try {
        handle = await open(path, "r");
      } catch (err) {
        if (missing(err) || (err as NodeJS.ErrnoException).code === "EISDIR") return null;
        throw err;
      }
      try {
        const stat = await handle.stat();
        if (!stat.isFile()) {
          await handle.close();
          return null;
        }
        const contentType = await readFile(typePath(path), "utf8").catch((err) => {
          if (missing(err)) return "application/octet-stream";
          throw err;
        });
        // The open handle keeps the bytes readable even if the object is deleted meanwhile.
        return { body: handle.createReadStream(), contentType, size: stat.size };
      } catch (err) {
        await handle.close();
        throw err;
      }
    },
    async delete(key) {
      checkKey(key);
      const path = pathOf(key);
      for (const p of [path, typePath(path)]) {
        await unlink(p).catch((err) => {
          if (!missing(err)) throw err;
        });
      }
      // Folders emptied by the delete go too, so deleted objects leave nothing behind.
      for (let d = dirname(path); d.startsWith(root + sep); d = dirname(d)) {
        try {
          await rmdir(d);
        } catch {
          break; // not empty (or already gone): the folders above are not empty either
        }
      }
    },
    async close() {},
  };
}

/** Objects in a map: the local store of an in-memory database. */
function memoryStorage(): Storage {
  const objects = new Map<string, { bytes: Buffer; contentType: string }>();
  return {
    kind: "local",
    async put(key, bytes, contentType) {
      checkKey(key);
      objects.set(key, { bytes: Buffer.from(bytes), contentType });
    },
    async get(key) {
      const o = isValidKey(key) ? objects.get(key) : undefined;
      if (!o) return null;
      return { body: Readable.from([o.bytes]), contentType: o.contentType, size: o.bytes.length };
    },
    async delete(key) {
      checkKey(key);
      objects.delete(key);
    },
    async close() {
      objects.clear();
    },
  };
}
