import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodyText, header, type SmtpSink, startSmtpSink } from "../../../test/smtp-sink.js";
import { createFileMailer } from "./file.js";
import type { Mailer } from "./index.js";
import { createSmtpMailer } from "./smtp.js";

/**
 * One contract, both mailers: what is sent arrives as one RFC 5322 message with its
 * recipient, subject, extra headers, and a text and an HTML part. Each implementation comes
 * with the way to read back what it delivered: the files it wrote, or a real SMTP server.
 */
interface Setup {
  mailer: Mailer;
  delivered(): string[];
  stop(): Promise<void>;
}

const FROM = "LiveDrop <no-reply@livedrop.test>";
const impls: [string, () => Promise<Setup>][] = [
  [
    "file",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "mail-"));
      const mailer = createFileMailer({ dir, from: FROM });
      return {
        mailer,
        delivered: () =>
          readdirSync(dir)
            .filter((f) => f.endsWith(".eml"))
            .sort()
            .map((f) => readFileSync(join(dir, f), "utf8")),
        stop: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  ],
  [
    "smtp",
    async () => {
      const sink: SmtpSink = await startSmtpSink();
      const mailer = createSmtpMailer({ url: sink.url, from: FROM });
      return {
        mailer,
        delivered: () => sink.received.map((m) => m.raw),
        stop: async () => {
          await mailer.close();
          await sink.stop();
        },
      };
    },
  ],
];

describe.each(impls)("Mailer contract: %s", (_name, make) => {
  let s: Setup;
  beforeAll(async () => {
    s = await make();
  });
  afterAll(() => s.stop());

  it("delivers one message with recipient, subject, headers, text and HTML parts", async () => {
    const before = s.delivered().length;
    const sent = await s.mailer.send({
      to: "buyer@example.com",
      subject: "Your receipt",
      text: "Order 1234 is confirmed",
      html: "<p>Order <b>1234</b> is confirmed</p>",
      headers: {
        "List-Unsubscribe": "<https://example.com/api/unsubscribe?token=abc>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      },
    });
    expect(sent.messageId).toMatch(/^<.+@.+>$/);
    const all = s.delivered();
    expect(all).toHaveLength(before + 1);
    const raw = all[all.length - 1] as string;
    expect(header(raw, "To")).toBe("buyer@example.com");
    expect(header(raw, "From")).toContain("no-reply@livedrop.test");
    expect(header(raw, "Subject")).toBe("Your receipt");
    expect(header(raw, "Message-ID")).toBe(sent.messageId);
    expect(header(raw, "List-Unsubscribe")).toBe("<https://example.com/api/unsubscribe?token=abc>");
    expect(header(raw, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    expect(header(raw, "Content-Type")).toContain("multipart/alternative");
    expect(raw).toContain("text/plain");
    expect(raw).toContain("text/html");
    expect(bodyText(raw)).toContain("<b>1234</b>");
  });

  it("keeps messages apart when many are sent at once", async () => {
    const before = s.delivered().length;
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        s.mailer.send({ to: `u${i}@example.com`, subject: `n${i}`, text: `t${i}`, html: `<p>${i}</p>` }),
      ),
    );
    const subjects = s
      .delivered()
      .slice(before)
      .map((r) => header(r, "Subject"))
      .sort();
    expect(subjects).toEqual(Array.from({ length: 10 }, (_, i) => `n${i}`).sort());
  });
});

describe("SMTP mailer when the server refuses", () => {
  it("rejects the send, so the queue retries it", async () => {
    const sink = await startSmtpSink();
    const mailer = createSmtpMailer({ url: sink.url, from: FROM });
    try {
      sink.reject(1);
      await expect(
        mailer.send({ to: "a@example.com", subject: "s", text: "t", html: "h" }),
      ).rejects.toThrow();
      await mailer.send({ to: "a@example.com", subject: "s", text: "t", html: "h" });
      expect(sink.received).toHaveLength(1);
    } finally {
      await mailer.close();
      await sink.stop();
    }
  });
});

describe("File mailer listing", () => {
  it("lists the newest first and reads a message back by id, refusing path tricks", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mail-"));
    try {
      const box = createFileMailer({ dir, from: FROM });
      await box.send({ to: "a@example.com", subject: "first", text: "1", html: "1" });
      await box.send({ to: "b@example.com", subject: "second", text: "2", html: "2" });
      const list = await box.list(10);
      expect(list.map((m) => m.subject)).toEqual(["second", "first"]);
      expect(await box.raw((list[0] as { id: string }).id)).toContain("Subject: second");
      expect(await box.raw("../../etc/passwd")).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
