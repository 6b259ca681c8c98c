import { randomBytes } from "node:crypto";
import { appendFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { MailBox, Mailer, MailMessage, StoredMail } from "./index.js";
import { renderMessage } from "./render.js";

const INDEX = "index.jsonl";

/**
 * The embedded default: each message is written as `<id>.eml` under `dir`, and a line of
 * JSON appended to `index.jsonl` (one line per message: appends from several processes do
 * not overwrite each other, as rewriting one JSON array would). `dir` undefined keeps them
 * in memory (an in-memory database, tests).
 */
export function createFileMailer(opts: { dir: string | undefined; from: string }): Mailer & MailBox {
  const memory = new Map<string, { entry: StoredMail; raw: string }>();
  let ready: Promise<unknown> | undefined;
  const ensureDir = () => {
    if (!opts.dir) return Promise.resolve();
    ready ??= mkdir(opts.dir, { recursive: true });
    return ready;
  };
  // The id names a file: a time prefix keeps `ls` in order, the random part avoids clashes.
  const newMailId = () => `${Date.now().toString(36)}-${randomBytes(6).toString("hex")}`;
  const validId = (id: string) => /^[a-z0-9]+-[a-f0-9]{12}$/.test(id);

  return {
    kind: "file",
    async send(msg: MailMessage) {
      const { messageId, raw } = await renderMessage(opts.from, msg);
      const entry: StoredMail = {
        id: newMailId(),
        messageId,
        to: msg.to,
        subject: msg.subject,
        sentAt: new Date().toISOString(),
      };
      if (opts.dir) {
        await ensureDir();
        await writeFile(join(opts.dir, `${entry.id}.eml`), raw, { mode: 0o600 });
        await appendFile(join(opts.dir, INDEX), `${JSON.stringify(entry)}\n`, { mode: 0o600 });
      } else {
        memory.set(entry.id, { entry, raw: raw.toString("utf8") });
      }
      return { messageId };
    },
    async list(limit: number) {
      if (!opts.dir)
        return [...memory.values()]
          .map((m) => m.entry)
          .reverse()
          .slice(0, limit);
      let text: string;
      try {
        text = await readFile(join(opts.dir, INDEX), "utf8");
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
        throw err;
      }
      const lines = text.split("\n").filter(Boolean);
      return lines
        .slice(-limit)
        .reverse()
        .flatMap((l) => {
          try {
            return [JSON.parse(l) as StoredMail];
          } catch {
            return []; // a line cut short by a crash mid-append
          }
        });
    },
    async raw(id: string) {
      if (!validId(id)) return undefined; // never a path outside the mail directory
      if (!opts.dir) return memory.get(id)?.raw;
      try {
        return await readFile(join(opts.dir, `${id}.eml`), "utf8");
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw err;
      }
    },
    async close() {},
  };
}
