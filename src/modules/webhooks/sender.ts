import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { BlockedAddressError, guardedLookup, isPrivateAddress } from "../../shared/ssrf.js";
import { EVENT_ID_HEADER, SIGNATURE_HEADER, sign } from "./signature.js";

/** What one attempt came to: the status code when the endpoint answered, else why not. */
export type Attempt = { ok: true; code: number } | { ok: false; code: number | null; error: string };

export interface SendOptions {
  timeoutMs: number;
  allowPrivate: boolean;
  /** Unix seconds for the signature (the injected clock). */
  nowSeconds: number;
}

/**
 * POST one delivery: signed body, no redirects followed (a 3xx is a failure, as the target
 * could be a private address), the response body read up to a few KiB and dropped, the
 * whole attempt bounded by `timeoutMs` so a slow endpoint never holds a sender slot long.
 */
export function send(
  d: { url: string; secret: string; body: string; eventId: string },
  opts: SendOptions,
): Promise<Attempt> {
  let target: URL;
  try {
    target = new URL(d.url);
  } catch {
    return Promise.resolve({ ok: false, code: null, error: "invalid url" });
  }
  const host = target.hostname.replace(/^\[|\]$/g, "");
  // A literal address skips `lookup`: check it here.
  if (!opts.allowPrivate && isIP(host) && isPrivateAddress(host)) {
    return Promise.resolve({ ok: false, code: null, error: `${host} is an address webhooks may not reach` });
  }
  const client = target.protocol === "https:" ? https : http;
  return new Promise<Attempt>((resolve) => {
    let settled = false;
    const done = (a: Attempt) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(a);
    };
    const req = client.request(
      target,
      {
        method: "POST",
        lookup: guardedLookup(opts.allowPrivate) as never,
        agent: false, // no pooled sockets: each attempt resolves and checks the address afresh
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(d.body),
          "user-agent": "LiveDrop-Webhooks/1",
          [SIGNATURE_HEADER]: sign(d.secret, d.body, opts.nowSeconds),
          [EVENT_ID_HEADER]: d.eventId,
        },
      },
      (res) => {
        const code = res.statusCode ?? 0;
        let read = 0;
        res.on("data", (chunk: Buffer) => {
          read += chunk.length;
          if (read > 16 * 1024) res.destroy(); // an endpoint's answer is not ours to store
        });
        const finish = () =>
          done(code >= 200 && code < 300 ? { ok: true, code } : { ok: false, code, error: `HTTP ${code}` });
        res.on("end", finish);
        res.on("close", finish);
        res.on("error", finish);
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      done({ ok: false, code: null, error: `no answer within ${opts.timeoutMs} ms` });
    }, opts.timeoutMs);
    req.on("error", (err) =>
      done({
        ok: false,
        code: null,
        error:
          err instanceof BlockedAddressError
            ? err.message
            : `${(err as NodeJS.ErrnoException).code ?? "error"}: ${err.message}`,
      }),
    );
    req.end(d.body);
  });
}
