import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { requireUser, userOf } from "../../http/auth.js";
import { errors } from "../../http/contract.js";
import { Envelope, ok } from "../../http/envelope.js";
import type { MailBox } from "../../infra/mail/index.js";
import { IdParams } from "../../shared/schemas.js";
import {
  Preferences,
  PreferencesUpdate,
  PushSubscriptionBody,
  PushUnsubscribeBody,
  Unsubscribed,
  UnsubscribeQuery,
  VapidKey,
} from "./messages.schemas.js";
import type { MessagesService } from "./messages.service.js";
import { escapeHtml } from "./templates.js";

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

const Html = { description: "A page for people", content: { "text/html": { schema: { type: "string" } } } };

const page = (title: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
  `<body style="font-family:sans-serif;max-width:560px;margin:2rem auto">${body}</body></html>`;

/** Preferences (self only), one-click unsubscribe (RFC 8058) and, outside production, the dev mailbox. */
export const messagesRoutes: FastifyPluginAsyncTypebox<{
  messages: MessagesService;
  /** The file mailer's listing; undefined with SMTP or in production (no /dev/mail). */
  mailBox: MailBox | undefined;
}> = async (app, { messages, mailBox }) => {
  const tags = ["messages"];
  // RFC 8058: mail providers POST `List-Unsubscribe=One-Click` as a form. The token in the
  // URL is all that counts, so form bodies are accepted (in this plugin only) and ignored.
  for (const type of ["application/x-www-form-urlencoded", "multipart/form-data"]) {
    app.addContentTypeParser(type, { parseAs: "string", bodyLimit: 4096 }, (_req, _body, done) =>
      done(null, {}),
    );
  }

  app.get(
    "/api/users/:id/preferences",
    {
      preHandler: requireUser,
      schema: {
        tags,
        operationId: "getPreferences",
        summary: "Your notification preferences: email and Web Push, per event type",
        params: IdParams,
        response: { 200: Envelope(Preferences), ...errors("FORBIDDEN") },
      },
    },
    async (req) => ok(await messages.preferences(userOf(req), req.params.id)),
  );

  app.put(
    "/api/users/:id/preferences",
    {
      preHandler: requireUser,
      schema: {
        tags,
        operationId: "updatePreferences",
        summary: "Change some notification switches; answers all of them",
        description:
          'Send only the switches to change, e.g. `{ "email": { "drop.started": true } }`. ' +
          "In-app push and the inbox always get everything.",
        params: IdParams,
        body: PreferencesUpdate,
        response: { 200: Envelope(Preferences), ...errors("FORBIDDEN") },
      },
    },
    async (req) => ok(await messages.updatePreferences(userOf(req), req.params.id, req.body)),
  );

  app.get(
    "/api/push/vapid-key",
    {
      schema: {
        tags,
        operationId: "getVapidKey",
        summary: "The VAPID public key browsers subscribe to Web Push with",
        response: { 200: Envelope(VapidKey) },
      },
    },
    async () => ok({ publicKey: (await messages.vapidKeys()).publicKey }),
  );

  app.post(
    "/api/users/:id/push-subscriptions",
    {
      preHandler: requireUser,
      schema: {
        tags,
        operationId: "addPushSubscription",
        summary: "Register this browser for Web Push (the PushSubscription's JSON)",
        description:
          "Pushes follow your webPush preferences. An endpoint the push service reports gone (404/410) is " +
          "removed; an account keeps its newest WEB_PUSH_MAX_SUBSCRIPTIONS.",
        params: IdParams,
        body: PushSubscriptionBody,
        response: { 201: Envelope(Type.Object({ subscribed: Type.Literal(true) })), ...errors("FORBIDDEN") },
      },
    },
    async (req, reply) => {
      await messages.subscribePush(userOf(req), req.params.id, req.body);
      return reply.status(201).send(ok({ subscribed: true as const }));
    },
  );

  app.delete(
    "/api/users/:id/push-subscriptions",
    {
      preHandler: requireUser,
      schema: {
        tags,
        operationId: "removePushSubscription",
        summary: "Stop Web Push to this browser (its endpoint)",
        params: IdParams,
        body: PushUnsubscribeBody,
        response: { 200: Envelope(Type.Object({ removed: Type.Boolean() })), ...errors("FORBIDDEN") },
      },
    },
    async (req) =>
      ok({ removed: await messages.unsubscribePush(userOf(req), req.params.id, req.body.endpoint) }),
  );

  app.post(
    "/api/unsubscribe",
    {
      schema: {
        tags,
        operationId: "unsubscribe",
        summary: "One-click unsubscribe (RFC 8058): turns the token's kind of mail off",
        description:
          "The URL of every mail's `List-Unsubscribe` header; mail providers POST to it with the body " +
          "`List-Unsubscribe=One-Click`, which is ignored (the signed token says who and what). " +
          "A token that was not signed by this service is a 400.",
        querystring: UnsubscribeQuery,
        response: { 200: Envelope(Unsubscribed), 201: Html, ...errors("NOT_FOUND") },
      },
    },
    async (req, reply) => {
      const { kind } = await messages.unsubscribe(req.query.token);
      if (req.query.format !== "html") return ok({ unsubscribed: true as const, kind });
      // 201: the page for people (the confirm page's button), a status of its own so each
      // status has one content type in the published contract.
      return reply
        .status(201)
        .type("text/html; charset=utf-8")
        .send(page("Unsubscribed", `<p>Done: you will get no more <b>${escapeHtml(kind)}</b> mails.</p>`));
    },
  );

  app.get(
    "/api/unsubscribe",
    {
      schema: {
        tags,
        operationId: "unsubscribePage",
        summary: "The unsubscribe link for people: a page with a button (a GET changes nothing)",
        description:
          "Link scanners and mail previews fetch links, so only the POST (the button, or the provider's " +
          "one-click) turns mail off. The token is checked here too: a forged one is a 400.",
        querystring: UnsubscribeQuery,
        response: { 200: Html },
      },
    },
    async (req, reply) => {
      const kind = messages.checkUnsubscribeToken(req.query.token);
      const action = `/api/unsubscribe?token=${encodeURIComponent(req.query.token)}&format=html`;
      return reply
        .type("text/html; charset=utf-8")
        .send(
          page(
            "Unsubscribe",
            `<p>Stop <b>${escapeHtml(kind)}</b> mails from LiveDrop?</p>` +
              `<form method="post" action="${escapeHtml(action)}"><button type="submit">Unsubscribe</button></form>`,
          ),
        );
    },
  );

  if (!mailBox) return;
  // Development only: what the file mailer wrote (hidden from the published contract). The
  // mails hold reset links, and development is the default mode: only this machine may look.
  const localOnly = async (req: FastifyRequest, reply: FastifyReply) => {
    if (!LOOPBACK.has(req.ip)) return reply.status(404).type("text/plain").send("Not found\n");
  };
  app.get("/dev/mail", { preHandler: localOnly, schema: { hide: true } }, async (_req, reply) => {
    const list = await mailBox.list(200);
    const rows = list
      .map(
        (m) =>
          `<tr><td>${escapeHtml(m.sentAt)}</td><td>${escapeHtml(m.to)}</td>` +
          `<td><a href="/dev/mail/${escapeHtml(m.id)}">${escapeHtml(m.subject)}</a></td></tr>`,
      )
      .join("");
    return reply
      .type("text/html; charset=utf-8")
      .send(
        page(
          "Mail (development)",
          `<h1>Mail written by the file mailer</h1><table>${rows || "<tr><td>No mail yet</td></tr>"}</table>`,
        ),
      );
  });
  app.get(
    "/dev/mail/:id",
    {
      preHandler: localOnly,
      schema: { hide: true, params: Type.Object({ id: Type.String({ maxLength: 64 }) }) },
    },
    async (req, reply) => {
      const raw = await mailBox.raw(req.params.id);
      if (raw === undefined) return reply.status(404).type("text/plain").send("No such mail\n");
      return reply.type("text/plain; charset=utf-8").send(raw);
    },
  );
};
