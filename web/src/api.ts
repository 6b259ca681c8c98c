import { session, signOut } from "./session.ts";
import type { ApiErrorCode, ErrorBody } from "./types.ts";

/** Codes the client makes up: no answer, an answer that is not JSON, a GraphQL error. */
type ClientErrorCode = "NETWORK" | "BAD_RESPONSE" | "ERROR" | "GRAPHQL";

/** An answer `{ success: false, error }` from the API, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode | ClientErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
  /** Worth retrying with the same idempotency key: the outcome is unknown or still being decided. */
  get retryable(): boolean {
    return this.status === 0 || this.status >= 500 || this.code === "IDEMPOTENCY_IN_PROGRESS";
  }
}

/** Milliseconds to add to Date.now() to get the server's time (from the Date header). */
let serverSkew = 0;
export const serverNow = () => Date.now() + serverSkew;

function noteServerTime(res: Response) {
  const date = res.headers.get("date");
  if (!date) return;
  const skew = new Date(date).getTime() + 500 - Date.now(); // the header has whole seconds
  // Only a clearly wrong local clock is corrected; the header is too coarse for more.
  if (Number.isFinite(skew)) serverSkew = Math.abs(skew) > 2_000 ? skew : 0;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json", ...opts.headers };
  const token = session.get()?.token;
  if (token) headers.authorization = `Bearer ${token}`;
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  let res: Response;
  try {
    res = await fetch(path, {
      method: opts.method ?? "GET",
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (err) {
    if ((err as Error).name === "AbortError") throw err;
    throw new ApiError(0, "NETWORK", "Can't reach LiveDrop. Check your connection and try again.");
  }
  noteServerTime(res);
  let json: { success: true; data: unknown } | Partial<ErrorBody>;
  try {
    json = await res.json();
  } catch {
    throw new ApiError(res.status, "BAD_RESPONSE", `Unexpected answer from the server (${res.status})`);
  }
  if (res.ok && json.success !== false) return (json as { data?: unknown }).data as T;
  const e: Partial<ErrorBody["error"]> = ("error" in json && json.error) || {};
  if (res.status === 401 && token) signOut(); // the token expired or the account is gone
  throw new ApiError(res.status, e.code ?? "ERROR", e.message ?? `Request failed (${res.status})`, e.details);
}

/**
 * Uploads a file as multipart field `file`, reporting progress (0..1) as the bytes leave:
 * XMLHttpRequest, because fetch cannot tell upload progress. Answers like `api`.
 */
export function uploadFile<T>(path: string, file: Blob, onProgress: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    xhr.setRequestHeader("accept", "application/json");
    const token = session.get()?.token;
    if (token) xhr.setRequestHeader("authorization", `Bearer ${token}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () =>
      reject(new ApiError(0, "NETWORK", "Can't reach LiveDrop. Check your connection and try again."));
    xhr.onload = () => {
      let json: { success?: boolean; data?: unknown; error?: Partial<ErrorBody["error"]> };
      try {
        json = JSON.parse(xhr.responseText);
      } catch {
        return reject(
          new ApiError(xhr.status, "BAD_RESPONSE", `Unexpected answer from the server (${xhr.status})`),
        );
      }
      if (xhr.status >= 200 && xhr.status < 300 && json.success !== false) return resolve(json.data as T);
      const e = json.error ?? {};
      if (xhr.status === 401 && token) signOut();
      reject(
        new ApiError(xhr.status, e.code ?? "ERROR", e.message ?? `Upload failed (${xhr.status})`, e.details),
      );
    };
    const form = new FormData();
    form.append("file", file);
    xhr.send(form);
  });
}

/** Query string from the defined values. */
export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== "") p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : "";
}

/** A GraphQL call; used where REST only answers with a 404 for "no". */
export async function gql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const token = session.get()?.token;
  const res = await fetch("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const json = (await res.json()) as {
    data?: T;
    errors?: { message: string; extensions?: { code?: ApiErrorCode } }[];
  };
  // A refusal carries the REST error code (NOT_FOUND, ...) in extensions.code.
  if (json.errors?.length || !json.data)
    throw new ApiError(
      res.status,
      json.errors?.[0]?.extensions?.code ?? "GRAPHQL",
      json.errors?.[0]?.message ?? "",
    );
  return json.data;
}

export const newIdempotencyKey = () =>
  typeof crypto.randomUUID === "function"
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
