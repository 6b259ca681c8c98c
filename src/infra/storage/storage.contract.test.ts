import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startS3Sink } from "../../../test/s3-sink.js";
import { InvalidKeyError, readAll, type Storage } from "./index.js";
import { createLocalStorage } from "./local.js";
import { createS3Storage, parseS3Url } from "./s3.js";

/**
 * One contract, every store: what is put comes back whole with its content type, a missing
 * key is null, a put replaces, a delete removes (twice is fine), and no key reaches outside
 * the store. The local folder and memory always run; S3 runs against a real S3-compatible
 * server in this process (s3rver), on the embedded and the services suites alike.
 */
interface Setup {
  storage: Storage;
  stop(): Promise<void>;
}

let s3: Awaited<ReturnType<typeof startS3Sink>> | undefined;
const sink = async () => {
  s3 ??= await startS3Sink();
  return s3;
};
afterAll(async () => {
  await s3?.stop();
});

const impls: [string, () => Promise<Setup>][] = [
  [
    "local folder",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "storage-"));
      const storage = createLocalStorage({ dir: join(dir, "assets") });
      return { storage, stop: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  ],
  [
    "local in memory",
    async () => ({ storage: createLocalStorage({ dir: undefined }), stop: async () => {} }),
  ],
  [
    "s3 (s3rver)",
    async () => {
      const storage = createS3Storage({ url: (await sink()).url, region: "us-east-1" });
      return { storage, stop: () => storage.close() };
    },
  ],
  [
    "s3 (s3rver) under a key prefix",
    async () => {
      const storage = createS3Storage({ url: `${(await sink()).url}/tenant-a`, region: "us-east-1" });
      return { storage, stop: () => storage.close() };
    },
  ],
];

const HOSTILE_KEYS = [
  "",
  "../outside.txt",
  "a/../../outside.txt",
  "a/./b",
  "/etc/passwd",
  ".hidden",
  "a/.b.type",
  "a//b",
  "a/",
  "a\\..\\b",
  "%2e%2e/x",
  "a\u0000b",
  "ключ",
  "x".repeat(600),
];

describe.each(impls)("Storage contract: %s", (_name, make) => {
  let s: Setup;
  beforeAll(async () => {
    s = await make();
  });
  afterAll(() => s.stop());

  const read = async (key: string) => {
    const obj = await s.storage.get(key);
    return obj && { bytes: await readAll(obj), contentType: obj.contentType, size: obj.size };
  };

  it("gives back what was put, byte for byte, with its content type", async () => {
    const bytes = randomBytes(300_000);
    await s.storage.put("img/abc/one-640.webp", bytes, "image/webp");
    const got = await read("img/abc/one-640.webp");
    expect(got?.contentType).toBe("image/webp");
    expect(got?.size).toBe(bytes.length);
    expect(got?.bytes.equals(bytes)).toBe(true);
  });

  it("answers null for a key that was never put", async () => {
    expect(await s.storage.get("img/none/missing.webp")).toBeNull();
    expect(await s.storage.get("img")).toBeNull(); // a "folder" of other keys is no object
  });

  it("replaces an object put again under the same key", async () => {
    await s.storage.put("replace/me.bin", Buffer.from("first"), "text/plain");
    await s.storage.put("replace/me.bin", Buffer.from("second, longer"), "application/octet-stream");
    const got = await read("replace/me.bin");
    expect(got?.bytes.toString()).toBe("second, longer");
    expect(got?.contentType).toBe("application/octet-stream");
  });

  it("deletes, and deleting again (or something never put) is fine", async () => {
    await s.storage.put("del/a/b.png", Buffer.from([1, 2, 3]), "image/png");
    await s.storage.put("del/a/c.png", Buffer.from([4]), "image/png");
    await s.storage.delete("del/a/b.png");
    expect(await s.storage.get("del/a/b.png")).toBeNull();
    await s.storage.delete("del/a/b.png");
    await s.storage.delete("never/put.png");
    expect((await read("del/a/c.png"))?.bytes).toEqual(Buffer.from([4]));
  });

  it("keeps objects apart when many are put at once", async () => {
    const keys = Array.from({ length: 20 }, (_, i) => `many/${i}/x.bin`);
    await Promise.all(keys.map((k, i) => s.storage.put(k, Buffer.from(`object ${i}`), "text/plain")));
    const got = await Promise.all(keys.map(read));
    expect(got.map((g) => g?.bytes.toString())).toEqual(keys.map((_, i) => `object ${i}`));
  });

  it("refuses keys that could climb out of the store or mean two things", async () => {
    for (const key of HOSTILE_KEYS) {
      await expect(s.storage.put(key, Buffer.from("x"), "text/plain"), key).rejects.toThrow(InvalidKeyError);
      await expect(s.storage.delete(key), key).rejects.toThrow(InvalidKeyError);
      expect(await s.storage.get(key), key).toBeNull();
    }
  });
});

describe("Local folder", () => {
  it("never touches a file outside its folder, and leaves no emptied folders behind", async () => {
    const dir = mkdtempSync(join(tmpdir(), "storage-"));
    try {
      const root = join(dir, "assets");
      mkdirSync(root);
      writeFileSync(join(dir, "outside.txt"), "keep me");
      const storage = createLocalStorage({ dir: root });
      await expect(storage.delete("../outside.txt")).rejects.toThrow(InvalidKeyError);
      expect(await storage.get("../outside.txt")).toBeNull();
      expect(existsSync(join(dir, "outside.txt"))).toBe(true);

      await storage.put("img/0001/a-320.webp", Buffer.from("a"), "image/webp");
      await storage.put("img/0001/a-640.webp", Buffer.from("b"), "image/webp");
      // Whole files only: no temporary file is left beside them.
      expect(readdirSync(join(root, "img/0001")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
      await storage.delete("img/0001/a-320.webp");
      await storage.delete("img/0001/a-640.webp");
      expect(readdirSync(root)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("S3 store", () => {
  it("fails loudly with credentials the server refuses", async () => {
    const { port } = await sink();
    const storage = createS3Storage({
      url: `http://WRONG:KEY@127.0.0.1:${port}/assets`,
      region: "us-east-1",
    });
    try {
      await expect(storage.put("a/b.txt", Buffer.from("x"), "text/plain")).rejects.toThrow();
      await expect(storage.get("a/b.txt")).rejects.toThrow();
    } finally {
      await storage.close();
    }
  });

  it("keeps a prefixed store's objects under its prefix in the bucket", async () => {
    const { url } = await sink();
    const prefixed = createS3Storage({ url: `${url}/tenant-b`, region: "us-east-1" });
    const whole = createS3Storage({ url, region: "us-east-1" });
    try {
      await prefixed.put("img/p.webp", Buffer.from("p"), "image/webp");
      const seen = await whole.get("tenant-b/img/p.webp");
      expect(seen && (await readAll(seen)).toString()).toBe("p");
      expect(await whole.get("img/p.webp")).toBeNull();
    } finally {
      await prefixed.close();
      await whole.close();
    }
  });

  it("reads endpoint, bucket, prefix and percent-encoded credentials from S3_URL", () => {
    expect(parseS3Url("https://AKIA1:se%2Fcr%2Bet@s3.eu-west-1.amazonaws.com/my-bucket/live/drop")).toEqual({
      endpoint: "https://s3.eu-west-1.amazonaws.com",
      bucket: "my-bucket",
      prefix: "live/drop/",
      credentials: { accessKeyId: "AKIA1", secretAccessKey: "se/cr+et" },
    });
    expect(parseS3Url("http://127.0.0.1:9000/b")).toEqual({
      endpoint: "http://127.0.0.1:9000",
      bucket: "b",
      prefix: "",
      credentials: undefined,
    });
    expect(() => parseS3Url("http://127.0.0.1:9000/")).toThrow(/bucket/);
  });
});
