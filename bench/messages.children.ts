/**
 * The child processes of bench/messages.ts, forked from this file (BENCH_CHILD=sink|sockets),
 * so neither the SMTP sink nor the sockets share an event loop with the bench or each other.
 * - sink: an SMTP server (smtp-server, no TLS, no auth) that keeps only the arrival time of
 *   each message (a million bodies would not fit).
 * - sockets: opens its share of the WebSockets and records, per drop id, when each socket
 *   first got its `drop.started`.
 */
import { type ChildProcess, fork } from "node:child_process";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { SMTPServer } from "smtp-server";
import { WebSocket } from "ws";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface SinkReport {
  count: number;
  /** Arrival of the last message, and of message number `from` (the request's). */
  last: number | undefined;
  firstFrom: number | undefined;
}
export interface SocketsReport {
  /** Per drop id, per socket: when it first got that drop's start (-1: never). */
  firsts: Record<string, number[]>;
}

function sinkProcess(): void {
  const times: number[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, callback) {
      stream.on("end", () => {
        times.push(Date.now());
        callback();
      });
      stream.resume();
    },
  });
  process.on("message", (m: { cmd: string; from?: number }) => {
    if (m.cmd === "listen") {
      server.listen(0, "127.0.0.1", () => {
        const port = (server.server.address() as AddressInfo).port;
        process.send?.({ url: `smtp://127.0.0.1:${port}` });
      });
    } else if (m.cmd === "report") {
      const report: SinkReport = { count: times.length, last: times.at(-1), firstFrom: times[m.from ?? 0] };
      process.send?.(report);
    }
  });
  process.send?.({ up: true });
}

function socketsProcess(): void {
  const sockets: WebSocket[] = [];
  const got: Map<string, number>[] = [];
  process.on("message", async (m: any) => {
    if (m.cmd === "connect") {
      let next = 0;
      const one = async (): Promise<void> => {
        for (;;) {
          const i = next++;
          if (i >= m.tokens.length) return;
          const base = (m.urls[i % m.urls.length] as string).replace("http", "ws");
          const ws = new WebSocket(`${base}/push?token=${m.tokens[i]}`);
          sockets.push(ws);
          const mine = new Map<string, number>();
          got.push(mine);
          await new Promise<void>((resolve, reject) => {
            ws.on("message", (raw) => {
              const at = Date.now();
              const msg = JSON.parse(String(raw));
              if (msg.type === "welcome") resolve();
              else if (msg.type === "drop.started" && !mine.has(msg.data.dropId))
                mine.set(msg.data.dropId, at);
            });
            ws.on("error", reject);
          });
        }
      };
      await Promise.all(Array.from({ length: m.parallel }, one));
      process.send?.({ ready: sockets.length });
    } else if (m.cmd === "collect") {
      const ids = m.dropIds as string[];
      while (Date.now() < m.deadline && !got.every((g) => ids.every((id) => g.has(id)))) await sleep(50);
      const firsts: Record<string, number[]> = {};
      for (const id of ids) firsts[id] = got.map((g) => g.get(id) ?? -1);
      process.send?.({ firsts } satisfies SocketsReport);
    }
  });
  process.send?.({ up: true });
}

if (process.env.BENCH_CHILD === "sink") sinkProcess();
else if (process.env.BENCH_CHILD === "sockets") socketsProcess();

export interface Child {
  /** Sends `msg` and resolves with the first answer that has `key`. */
  ask<T>(msg: unknown, key: string): Promise<T>;
  child: ChildProcess;
}

export function forkChild(role: "sink" | "sockets"): Promise<Child> {
  const child = fork(fileURLToPath(import.meta.url), [], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, BENCH_CHILD: role },
  });
  const ask = <T>(msg: unknown, key: string) =>
    new Promise<T>((resolve) => {
      const on = (m: any) => {
        if (m && key in m) {
          child.off("message", on);
          resolve(m);
        }
      };
      child.on("message", on);
      if (msg) child.send(msg as object);
    });
  return ask<{ up: true }>(null, "up").then(() => ({ ask, child }));
}
