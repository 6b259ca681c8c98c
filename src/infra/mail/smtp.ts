import nodemailer from "nodemailer";
import type { Mailer, MailMessage } from "./index.js";
import { mailOptions } from "./render.js";

/**
 * SMTP through nodemailer's pooled transport: a few connections kept open and reused, so a
 * batch of thousands does not pay a TCP + TLS + AUTH handshake per message. `url` is
 * nodemailer's connection URL (smtp://user:pass@host:587, smtps://... for implicit TLS).
 */
export function createSmtpMailer(opts: { url: string; from: string; maxConnections?: number }): Mailer {
  const transport = nodemailer.createTransport({
    url: opts.url,
    pool: true,
    maxConnections: opts.maxConnections ?? 5,
    // A provider that hangs must not hold a worker's batch forever: the row is retried.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    kind: "smtp",
    async send(msg: MailMessage) {
      const info = await transport.sendMail({ from: opts.from, ...mailOptions(msg) });
      return { messageId: info.messageId };
    },
    async close() {
      transport.close();
    },
  };
}
