import type { Readable } from "node:stream";
import type { S3Client } from "@aws-sdk/client-s3";
import { checkKey, isValidKey, type Storage } from "./index.js";

/** Where S3_URL points: the endpoint, the bucket, a key prefix inside it, and credentials if given. */
export interface S3Location {
  endpoint: string;
  bucket: string;
  /** Keys are stored under this prefix ("" or ending in "/"), so deployments can share a bucket. */
  prefix: string;
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
}

/**
 * `http(s)://KEY:SECRET@host[:port]/bucket[/prefix]`: the key and secret percent-encoded
 * (AWS secrets often hold `/` and `+`). Without them the SDK's own chain is used
 * (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, a web identity, an instance role).
 */
export function parseS3Url(raw: string): S3Location {
  const u = new URL(raw);
  const [bucket, ...rest] = u.pathname.split("/").filter(Boolean);
  if (!bucket) throw new Error("S3_URL must name the bucket as its path: http(s)://host/bucket");
  return {
    endpoint: `${u.protocol}//${u.host}`,
    bucket: decodeURIComponent(bucket),
    prefix: rest.length ? `${rest.map(decodeURIComponent).join("/")}/` : "",
    credentials: u.username
      ? {
          accessKeyId: decodeURIComponent(u.username),
          secretAccessKey: decodeURIComponent(u.password),
        }
      : undefined,
  };
}

/** A missing key; a missing bucket is a misconfiguration, not an empty answer. */
const notFound = (err: unknown) => {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === "NoSuchKey" || (e.$metadata?.httpStatusCode === 404 && e.name !== "NoSuchBucket");
};

/**
 * Any S3-compatible store (AWS S3, MinIO, R2, Ceph, s3rver in the tests) through the AWS
 * SDK: path-style addressing (`endpoint/bucket/key`, which every S3-compatible server
 * understands, unlike bucket subdomains), and checksums only where the API requires them
 * (the SDK's newer default headers are not understood by every S3-compatible server).
 */
export function createS3Storage(opts: { url: string; region: string }): Storage {
  const loc = parseS3Url(opts.url);
  // The SDK is loaded with the first request: a process that stores nothing never pays for it.
  let sdk: Promise<{ client: S3Client; s3: typeof import("@aws-sdk/client-s3") }> | undefined;
  const connect = () =>
    (sdk ??= import("@aws-sdk/client-s3").then((s3) => ({
      s3,
      client: new s3.S3Client({
        endpoint: loc.endpoint,
        region: opts.region,
        forcePathStyle: true,
        credentials: loc.credentials,
        requestChecksumCalculation: "WHEN_REQUIRED",
        responseChecksumValidation: "WHEN_REQUIRED",
        maxAttempts: 3,
      }),
    })));
  const Bucket = loc.bucket;
  const keyOf = (key: string) => loc.prefix + key;

  return {
    kind: "s3",
    async put(key, bytes, contentType, putOpts) {
      checkKey(key);
      const { client, s3 } = await connect();
      await client.send(
        new s3.PutObjectCommand({
          Bucket,
          Key: keyOf(key),
          Body: bytes,
          ContentType: contentType,
          ContentLength: bytes.length,
          // What a CDN or browser reading the bucket directly is told (PUBLIC_ASSET_URL on the bucket).
          CacheControl: putOpts?.cacheControl,
        }),
      );
    },
    async get(key) {
      if (!isValidKey(key)) return null;
      const { client, s3 } = await connect();
      try {
        const res = await client.send(new s3.GetObjectCommand({ Bucket, Key: keyOf(key) }));
        if (!res.Body) return null;
        return {
          body: res.Body as Readable,
          contentType: res.ContentType ?? "application/octet-stream",
          size: res.ContentLength,
        };
      } catch (err) {
        if (notFound(err)) return null;
        throw err;
      }
    },
    async delete(key) {
      checkKey(key);
      const { client, s3 } = await connect();
      await client.send(new s3.DeleteObjectCommand({ Bucket, Key: keyOf(key) }));
    },
    async close() {
      if (sdk) (await sdk).client.destroy();
    },
  };
}
