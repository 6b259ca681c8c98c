import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { AppError, invalid } from "../shared/errors.js";

/** The largest file an upload may carry. */
export const UPLOAD_MAX_BYTES = 10 * 1024 * 1024;
/** Room for the multipart framing and a few small fields around the file. */
const FRAMING_BYTES = 64 * 1024;

const tooLarge = () =>
  new AppError("PAYLOAD_TOO_LARGE", `The file is larger than ${UPLOAD_MAX_BYTES / 1024 / 1024} MB`, {
    field: "file",
    maxBytes: UPLOAD_MAX_BYTES,
  });

/**
 * Multipart parsing for the routes of `scope` only (register it in the plugin that holds the
 * upload route): one file of at most UPLOAD_MAX_BYTES and a handful of small fields. Every
 * other route keeps refusing multipart bodies (415).
 */
export async function registerUploads(scope: FastifyInstance): Promise<void> {
  const { default: multipart } = await import("@fastify/multipart");
  await scope.register(multipart, {
    limits: {
      fileSize: UPLOAD_MAX_BYTES,
      files: 1,
      fields: 5,
      fieldSize: 1024,
      parts: 6,
      headerPairs: 50,
    },
  });
}

/** The request body of an upload route, for the API document only (multipart is not validated as JSON). */
export const FileUploadBody = Type.Object(
  { file: Type.String({ format: "binary", description: "The file" }) },
  { required: ["file"] },
);

export interface Upload {
  bytes: Buffer;
  /** Hex SHA-256 of the bytes, computed as they arrived (no pass over 10 MB on the event loop). */
  sha256: string;
}

/**
 * Reads the file of multipart field `field` whole. What is wrong with the request is a
 * refusal in the envelope: not multipart (415), no such file or a malformed body (400), a
 * file past the limit (413, known from Content-Length before reading when the client sent it).
 */
export async function readUpload(req: FastifyRequest, field = "file"): Promise<Upload> {
  if (!req.isMultipart()) {
    throw new AppError(
      "UNSUPPORTED_MEDIA_TYPE",
      `Send multipart/form-data with the file in the field "${field}"`,
    );
  }
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > UPLOAD_MAX_BYTES + FRAMING_BYTES) throw tooLarge();
  try {
    const part = await req.file();
    if (!part) throw invalid(`No file: send it in the multipart field "${field}"`, { field });
    if (part.fieldname !== field) {
      part.file.resume(); // let the parser drain the rest of the body
      throw invalid(`Send the file in the multipart field "${field}", not "${part.fieldname}"`, { field });
    }
    const chunks: Buffer[] = [];
    const hash = createHash("sha256");
    for await (const chunk of part.file) {
      chunks.push(chunk);
      hash.update(chunk);
    }
    if (part.file.truncated) throw tooLarge();
    const bytes = Buffer.concat(chunks);
    if (bytes.length === 0) throw invalid("The file is empty", { field });
    return { bytes, sha256: hash.digest("hex") };
  } catch (err) {
    if (err instanceof AppError) throw err;
    // The parser's own refusals: a limit (413) or a body that is not well-formed multipart.
    if ((err as { statusCode?: number }).statusCode === 413) throw tooLarge();
    throw invalid(`Malformed multipart body: ${(err as Error).message}`, { field });
  }
}
