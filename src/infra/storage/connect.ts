import type { StorageConfig } from "../../config.js";
import type { Storage } from "./index.js";
import { createLocalStorage } from "./local.js";
import { createS3Storage } from "./s3.js";

/** The store the configuration asks for: S3 when S3_URL is set, else the local folder. */
export function createStorage(config: StorageConfig): Storage {
  if (config.s3Url) return createS3Storage({ url: config.s3Url, region: config.s3Region });
  return createLocalStorage({ dir: config.dir });
}
