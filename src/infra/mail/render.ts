import nodemailer from "nodemailer";
import type { MailMessage } from "./index.js";

/**
 * Renders a message to its RFC 5322 bytes with nodemailer's own composer (a stream
 * transport that keeps the buffer), so the file mailer writes exactly what SMTP would send.
 */
const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });

export async function renderMessage(
  from: string,
  msg: MailMessage,
): Promise<{ messageId: string; raw: Buffer }> {
  const info = await composer.sendMail({ from, ...mailOptions(msg) });
  return { messageId: info.messageId, raw: info.message as Buffer };
}

/** The nodemailer options of a message (shared by both mailers). */
export function mailOptions(msg: MailMessage) {
  return { to: msg.to, subject: msg.subject, text: msg.text, html: msg.html, headers: msg.headers };
}
