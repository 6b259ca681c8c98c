import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "s3rver";

/**
 * A real S3-compatible server in the test process (s3rver), on a free port, keeping its
 * objects in a temporary folder: the S3 store talks to it over HTTP with signed requests as
 * it would to AWS or MinIO. s3rver accepts only its own key pair (S3RVER:S3RVER).
 */
export async function startS3Sink(bucket = "assets") {
  const dir = mkdtempSync(join(tmpdir(), "s3rver-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory: dir,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  return {
    /** S3_URL for this server and bucket. */
    url: `http://S3RVER:S3RVER@127.0.0.1:${port}/${bucket}`,
    port,
    /** Where s3rver keeps the bucket's objects (`<dir>/<bucket>/<key>._S3rver_object`). */
    dir,
    async stop() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
