import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import type { WebSocket } from "ws";
import { requireUser, userOf } from "../../http/auth.js";
import { errors } from "../../http/contract.js";
import { unavailableError } from "../../infra/db/unavailable.js";
import { AppError } from "../../shared/errors.js";
import { isUuid } from "../../shared/ids.js";
import { EventStream, StreamHeaders, StreamQuery } from "./notifications.schemas.js";
import type { PushConnection, PushSink } from "./push.connection.js";
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

const listOf = (s: string | undefined) => (s ? s.split(",").filter(Boolean) : []);
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
 */
export const pushRoutes: FastifyPluginAsyncTypebox<{ hub: PushHub; heartbeatMs: number }> = async (
  app,
  opts,
) => {
  // The hub and @fastify/websocket belong to the app (GraphQL subscriptions share them).
  const { heartbeatMs, hub } = opts;
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
    { websocket: true, preValidation: authenticate, schema: { hide: true, querystring: StreamQuery } },
    (socket, req) => {
      const userId = userOf(req);
      const query = req.query as { lastEventId?: string; subscribe?: string };
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
          if (m.type === "subscribe")
            hub.subscribe(open, channel).then(
              (ch) => open.control({ type: "subscribed", data: { channel: ch } }),
              (err) => open.control({ type: "error", data: { channel }, error: errorOf(err) }),
            );
          else if (m.type === "unsubscribe")
            conn.control({ type: "unsubscribed", data: { channel: hub.unsubscribe(conn, channel) } });
          else if (m.type === "ping") conn.control({ type: "pong" });
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
        if (conn) hub.close(conn);
      });
      hub.open(userId, sink, { lastEventId: query.lastEventId, subscribe: listOf(query.subscribe) }).then(
        (c) => {
          conn = c;
          if (socket.readyState !== socket.OPEN) return hub.close(c);
          for (const m of early.splice(0)) handle(m);
        },
        (err) => {
          socket.send(JSON.stringify({ type: "error", error: errorOf(err) }));
          socket.close(1008, "refused");
        },
      );
    },
  );

  app.get(
    "/api/notifications/stream",
    {
      preValidation: authenticate,
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
          ...errors("UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "VALIDATION_ERROR"),
        },
      },
    },
    async (req, reply) => {
      const userId = userOf(req);
      const subscribe = listOf(req.query.subscribe);
      for (const ch of subscribe) await hub.allowChannel(userId, ch); // refused before the stream starts
      const header = req.headers["last-event-id"];
      const lastEventId =
        (typeof header === "string" && isUuid(header) ? header : undefined) ?? req.query.lastEventId;
      const res = reply.hijack().raw;
      res.writeHead(200, {
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
        close: () => res.destroy(),
      };
      let conn: PushConnection | undefined;
      res.on("close", () => {
        streams.delete(res);
        if (conn) hub.close(conn);
      });
      try {
        conn = await hub.open(userId, sink, { lastEventId, subscribe });
        if (res.destroyed) hub.close(conn);
      } catch (err) {
        res.end(`event: error\ndata: ${JSON.stringify({ type: "error", error: errorOf(err) })}\n\n`);
      }
    },
  );
};
