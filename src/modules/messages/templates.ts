import type { EmailKind } from "./preferences.js";

/**
 * Mail templates: each kind's subject, and its body as paragraphs with an optional button,
 * rendered once as text and once as HTML. Every value put into HTML is escaped; params come
 * from events and the queue, never trusted as markup.
 */
export type Params = Record<string, unknown>;

interface Body {
  subject: string;
  paragraphs: string[];
  action?: { label: string; url: string };
}

const str = (v: unknown) => (v === undefined || v === null ? "" : String(v));

const TEMPLATES: Record<EmailKind, (p: Params, base: string) => Body> = {
  "order.confirmed": (p, base) => ({
    subject: `Your receipt for order ${str(p.orderId)}`,
    paragraphs: [
      `Thanks for your order. Order ${str(p.orderId)} is paid and confirmed.`,
      `Quantity: ${str(p.quantity)}.`,
    ],
    action: { label: "See your orders", url: `${base}/orders` },
  }),
  "order.cancelled": (p, base) =>
    p.status === "refunded"
      ? {
          subject: `Order ${str(p.orderId)} was refunded`,
          paragraphs: [`Order ${str(p.orderId)} was cancelled and refunded to your payment method.`],
          action: { label: "See your orders", url: `${base}/orders` },
        }
      : {
          subject: `Order ${str(p.orderId)} was cancelled`,
          paragraphs: [`Order ${str(p.orderId)} was cancelled before payment; nothing was charged.`],
        },
  "order.fulfilled": (p, base) => ({
    subject: `Order ${str(p.orderId)} has shipped`,
    paragraphs: [
      `Order ${str(p.orderId)} is on its way.`,
      `Carrier: ${str(p.carrier)}. Tracking number: ${str(p.trackingNumber)}.`,
    ],
    action: { label: "See your orders", url: `${base}/orders` },
  }),
  "order.refunded": (p, base) => ({
    subject: `Order ${str(p.orderId)} was refunded`,
    paragraphs: [`The creator refunded order ${str(p.orderId)} to your payment method.`],
    action: { label: "See your orders", url: `${base}/orders` },
  }),
  "order.failed": (p) => ({
    subject: `Payment for order ${str(p.orderId)} did not go through`,
    paragraphs: [`The payment for order ${str(p.orderId)} failed and its items were released.`],
  }),
  "order.expired": (p) => ({
    subject: `Your reservation for order ${str(p.orderId)} expired`,
    paragraphs: [`Order ${str(p.orderId)} was not paid in time and its items were released.`],
  }),
  "drop.started": (p, base) => ({
    subject: "A drop you follow is live",
    paragraphs: [`A drop from a creator you follow started at ${str(p.startsAt)}. Quantities are limited.`],
    action: { label: "Open the drop", url: `${base}/drops/${encodeURIComponent(str(p.dropId))}` },
  }),
  "drop.reminder": (p, base) => ({
    subject: "Your drop starts soon",
    paragraphs: [`A drop you asked to be reminded of starts at ${str(p.startsAt)}.`],
    action: { label: "Open the drop", url: `${base}/drops/${encodeURIComponent(str(p.dropId))}` },
  }),
  "raffle.won": (p, base) => ({
    subject: "You won the raffle",
    paragraphs: ["You were drawn in the raffle. Complete your purchase before the deadline."],
    action: { label: "Open the drop", url: `${base}/drops/${encodeURIComponent(str(p.dropId))}` },
  }),
  "raffle.lost": () => ({
    subject: "Raffle results",
    paragraphs: ["You were not drawn this time. Thanks for entering."],
  }),
  "account.password_reset": (p) => ({
    subject: "Reset your LiveDrop password",
    paragraphs: [
      "Someone (hopefully you) asked to reset the password of your LiveDrop account.",
      `The link works once and expires in ${str(p.expiresMinutes ?? 60)} minutes. If you did not ask, ignore this mail: your password stays as it is.`,
    ],
    action: { label: "Choose a new password", url: str(p.url) },
  }),
};

export function escapeHtml(s: string): string {
  return s
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** Subject, text and HTML of a mail; `unsubscribeUrl` goes in the footer of both parts. */
export function renderMail(
  kind: EmailKind,
  params: Params,
  links: { base: string; unsubscribeUrl: string },
): { subject: string; text: string; html: string } {
  const b = TEMPLATES[kind](params, links.base);
  const footer = "You get this mail because of your LiveDrop notification settings.";
  const text = [
    ...b.paragraphs,
    ...(b.action ? [`${b.action.label}: ${b.action.url}`] : []),
    "--",
    footer,
    `Stop these mails: ${links.unsubscribeUrl}`,
  ].join("\n\n");
  const e = escapeHtml;
  const html = [
    "<!doctype html>",
    '<html><body style="font-family:sans-serif;max-width:560px;margin:auto">',
    ...b.paragraphs.map((p) => `<p>${e(p)}</p>`),
    b.action ? `<p><a href="${e(b.action.url)}">${e(b.action.label)}</a></p>` : "",
    `<hr><p style="color:#666;font-size:12px">${e(footer)} <a href="${e(links.unsubscribeUrl)}">Unsubscribe</a></p>`,
    "</body></html>",
  ].join("\n");
  return { subject: b.subject, text, html };
}

/** A browser notification for a kind: the mail's subject as title, its first line, where a click goes. */
export function renderPush(
  kind: EmailKind,
  params: Params,
  base: string,
): { title: string; body: string; url: string } {
  const b = TEMPLATES[kind](params, base);
  return { title: b.subject, body: b.paragraphs[0] ?? "", url: b.action?.url ?? `${base}/notifications` };
}
