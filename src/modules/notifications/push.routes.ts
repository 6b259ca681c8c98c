import type { OutgoingHttpHeaders } from "node:http";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import type { WebSocket } from "ws";
import { requireUser, userOf } from "../../http/auth.js";
import { errors } from "../../http/contract.js";
import { unavailableError } from "../../infra/db/unavailable.js";
import { AppError } from "../../shared/errors.js";
import { isUuid } from "../../shared/ids.js";
import type { RateLimits } from "../../shared/rate-limit.js";
import { EventStream, StreamHeaders, StreamQuery } from "./notifications.schemas.js";
import { type PushConnection, type PushSink, REVOKED_CLOSE } from "./push.connection.js";
import type { PushHub } from "./push.hub.js";

interface ClientMessage {
  type?: unknown;
  channel?: unknown;
  dropId?: unknown;
}

/**
 * One event goes to thousands of sockets in a row with the same string: encode it once.
 */
let lastJson = "";
let lastBytes = Buffer.alloc(0);
function encoded(json: string): Buffer {
  if (json !== lastJson) {
    lastJson = json;
    lastBytes = Buffer.from(json);
  }
  return lastBytes;
}

/** Browsers cannot set headers on a WebSocket or EventSource: the token may come as `?token=`. */
async function authenticate(req: FastifyRequest): Promise<void> {
  const token = (req.query as { token?: string }).token;
  if (token && !req.headers.authorization) req.headers.authorization = `Bearer ${token}`;
  await requireUser(req);
}

/**
 * `subscribe=a,b` as a list. The admission check runs before schema validation, where a
 * repeated parameter is still an array: each part counts (the schema refuses it later).
 */
const listOf = (s: unknown): string[] =>
  Array.isArray(s) ? s.flatMap(listOf) : typeof s === "string" ? s.split(",").filter(Boolean) : [];
const errorOf = (err: unknown) => {
  const e = unavailableError(err) ?? err;
  return e instanceof AppError
    ? { code: e.code, message: e.message }
    : { code: "INTERNAL", message: "Something went wrong on our side" };
};

/**
 * WebSocket `/push` and the Server-Sent Events fallback. Both authenticate at connect
 * (JWT), resume from `lastEventId` (`Last-Event-ID` for SSE) and are fed by the hub.
 * Heartbeats: WebSocket ping/pong (a socket that missed a pong is dropped), SSE comments.
 * A deleted account or a revoked token ends the connection: a last `revoked` message, then
 * WebSocket close code 4401 (SSE: the stream ends).
 */
/** A WebSocket closed by a limit: an application close code (4000-4999) and the error code. */
const WS_RATE_LIMITED = 4429;

export const pushRoutes: FastifyPluginAsyncTypebox<{
  hub: PushHub;
  heartbeatMs: number;
  limits: RateLimits;
}> = async (app, opts) => {
  // The hub and @fastify/websocket belong to the app (GraphQL subscriptions share them).
  const { heartbeatMs, hub, limits } = opts;

  /**
   * The limits on a new connection, before it is accepted (a WebSocket upgrade is refused
   * with the 429 envelope, as an SSE request is): new connections per window per account
   * and per address, the account's open connections, and the channels asked for at once.
   */
  const admit = async (req: FastifyRequest): Promise<void> => {
    const userId = userOf(req);
    await limits.check("connections", { account: userId, address: req.ip });
    limits.sockets.check(userId);
    const asked = listOf((req.query as { subscribe?: unknown }).subscribe).length;
    if (asked > 0) limits.subscriptions(asked - 1);
  };
  const alive = new Map<WebSocket, boolean>();
  const streams = new Set<NodeJS.WritableStream>();
  const beat = setInterval(() => {
    for (const [ws, ok] of alive) {
      if (!ok) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
    for (const s of streams) s.write(": ping\n\n");
  }, heartbeatMs);
  app.addHook("onClose", async () => {
    clearInterval(beat);
    for (const ws of alive.keys()) ws.close(1001, "server shutting down");
    for (const s of streams) s.end();
  });

  app.get(
    "/push",
    {
      websocket: true,
      preValidation: [authenticate, admit],
      schema: { hide: true, querystring: StreamQuery },
    },
    (socket, req) => {
      const userId = userOf(req);
      const query = req.query as { lastEventId?: string; subscribe?: string };
      let release: () => void;
      try {
        release = limits.sockets.acquire(userId); // checked in admit; this closes the race
      } catch (err) {
        const e = errorOf(err);
        socket.send(JSON.stringify({ type: "error", error: e }));
        return socket.close(WS_RATE_LIMITED, `${e.code}: ${e.message}`.slice(0, 120));
      }
      // Channels this client asked for (MAX_SUBSCRIPTIONS_PER_CONNECTION), not the ones it
      // listens to by being who it is (its own, its followed creators).
      const asked = new Set(listOf(query.subscribe));
      alive.set(socket, true);
      socket.on("pong", () => alive.set(socket, true));
      const sink: PushSink = {
        event: (_e, json) => socket.send(encoded(json), { binary: false }),
        control: (msg) => socket.send(JSON.stringify(msg)),
        buffered: () => socket.bufferedAmount,
        close: (code, reason) => {
          socket.close(code, reason);
          // A client that does not read may not answer the close either.
          setTimeout(() => socket.terminate(), 1_000).unref();
        },
      };
      let conn: PushConnection | undefined;
      const early: ClientMessage[] = [];
      const handle = (m: ClientMessage) => {
        if (!conn) return void early.push(m);
        const channel =
          typeof m.channel === "string" ? m.channel : typeof m.dropId === "string" ? `drop:${m.dropId}` : "";
        const open = conn;
        try {
          if (m.type === "subscribe") {
            if (!asked.has(channel)) limits.subscriptions(asked.size);
            asked.add(channel); // held while the check runs, so a burst cannot slip past the cap
            hub.subscribe(open, channel).then(
              (ch) => open.control({ type: "subscribed", data: { channel: ch } }),
              (err) => {
                asked.delete(channel);
                open.control({ type: "error", data: { channel }, error: errorOf(err) });
              },
            );
          } else if (m.type === "unsubscribe") {
            asked.delete(channel);
            conn.control({ type: "unsubscribed", data: { channel: hub.unsubscribe(conn, channel) } });
          } else if (m.type === "ping") conn.control({ type: "pong" });
          else
            conn.control({
              type: "error",
              error: { code: "VALIDATION_ERROR", message: "Unknown message type" },
            });
        } catch (err) {
          conn.control({ type: "error", data: { channel }, error: errorOf(err) });
        }
      };
      socket.on("message", (raw) => {
        let m: ClientMessage;
        try {
          m = JSON.parse(String(raw)) as ClientMessage;
        } catch {
          const error = { code: "VALIDATION_ERROR", message: "Malformed JSON" };
          return void socket.send(JSON.stringify({ type: "error", error }));
        }
        handle(m);
      });
      socket.on("close", () => {
        alive.delete(socket);
        release();
        if (conn) hub.close(conn);
      });
      const opening = {
        lastEventId: query.lastEventId,
        subscribe: listOf(query.subscribe),
        tokenVersion: req.tokenVersion,
      };
      hub.open(userId, sink, opening).then(
        (c) => {
          conn = c;
          if (socket.readyState !== socket.OPEN) return hub.close(c);
          for (const m of early.splice(0)) handle(m);
        },
        (err) => {
          socket.send(JSON.stringify({ type: "error", error: errorOf(err) }));
          // Revoked between the upgrade and the registration: the same close as a revocation.
          const revoked = err instanceof AppError && err.code === "UNAUTHENTICATED";
          socket.close(revoked ? REVOKED_CLOSE : 1008, revoked ? "token revoked" : "refused");
        },
      );
    },
  );

  app.get(
    "/api/notifications/stream",
    {
      preValidation: [authenticate, admit],
      schema: {
        tags: ["notifications"],
        operationId: "streamNotifications",
        summary: "Server-Sent Events: your push stream (the WebSocket /push fallback)",
        description:
          "Authenticate with a bearer token or `?token=` (EventSource cannot set headers). `subscribe` " +
          "adds drop channels from the start; on reconnect the stream resumes after `Last-Event-ID`.",
        security: [{ bearer: [] }],
        querystring: StreamQuery,
        headers: StreamHeaders,
        response: {
          200: EventStream,
          ...errors("UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "VALIDATION_ERROR", "RATE_LIMITED"),
        },
      },
    },
    async (req, reply) => {
      const userId = userOf(req);
      const subscribe = listOf(req.query.subscribe);
      for (const ch of subscribe) await hub.allowChannel(userId, ch); // refused before the stream starts
      const release = limits.sockets.acquire(userId);
      const header = req.headers["last-event-id"];
      const lastEventId =
        (typeof header === "string" && isUuid(header) ? header : undefined) ?? req.query.lastEventId;
      const res = reply.hijack().raw;
      res.writeHead(200, {
        // A hijacked answer skips Fastify's send: the security headers and request id set
        // for it so far go out here.
        ...(reply.getHeaders() as OutgoingHttpHeaders),
        "content-type": "text/event-stream",
        "cache-control": "no-cache, no-transform",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      });
      res.write(": connected\n\n");
      streams.add(res);
      const sink: PushSink = {
        event: (e, json) => res.write(`id: ${e.id}\nevent: ${e.type}\ndata: ${json}\n\n`),
        control: (msg) => res.write(`event: ${msg.type}\ndata: ${JSON.stringify(msg)}\n\n`),
        buffered: () => res.writableLength,
        close: (code) => {
          // A revoked stream ends after its last (`revoked`) event; a slow one is cut at once.
          if (code !== REVOKED_CLOSE) return void res.destroy();
          res.end();
          setTimeout(() => res.destroy(), 1_000).unref();
        },
      };
      let conn: PushConnection | undefined;
      res.on("close", () => {
        streams.delete(res);
        release();
        if (conn) hub.close(conn);
      });
      try {
        conn = await hub.open(userId, sink, { lastEventId, subscribe, tokenVersion: req.tokenVersion });
        if (res.destroyed) hub.close(conn);
      } catch (err) {
        res.end(`event: error\ndata: ${JSON.stringify({ type: "error", error: errorOf(err) })}\n\n`);
      }
    },
  );
};
