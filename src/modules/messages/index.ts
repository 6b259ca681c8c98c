/** Messages outside the app: mail (and its queue), preferences, unsubscribes. Other modules import only from here. */
import type { Config } from "../../config.js";
import type { Bus } from "../../infra/bus/index.js";
import type { Db } from "../../infra/db/index.js";
import { createMailer } from "../../infra/mail/connect.js";
import type { Metrics } from "../../infra/metrics.js";
import { createWebPushSender } from "../../infra/push/webpush.js";
import type { Clock } from "../../shared/clock.js";
import { createMailSender } from "./mail.sender.js";
import { createMessagesConsumer } from "./messages.consumer.js";
import { createMessagesRepository } from "./messages.repository.js";
import { createMessagesService } from "./messages.service.js";
import { createPushRepository } from "./push.repository.js";
import { createUnsubscribeTokens } from "./unsubscribe.js";

export { createMessagesResolvers, messagesTypeDefs } from "./messages.resolvers.js";
export { messagesRoutes } from "./messages.routes.js";
export type { MessagesService } from "./messages.service.js";
export { DEFAULTS as PREFERENCE_DEFAULTS, type EmailKind } from "./preferences.js";

type MessagesConfig = Pick<Config, "jwtSecret" | "mail" | "publicUrl" | "port" | "env" | "webPush">;

/** Where links in mail point: PUBLIC_URL, or this server on localhost in development. */
export const publicBase = (config: Pick<Config, "publicUrl" | "port">) =>
  (config.publicUrl ?? `http://localhost:${config.port}`).replace(/\/+$/, "");

export function createMessages(deps: { db: Db; clock: Clock; config: MessagesConfig }) {
  const repo = createMessagesRepository(deps.db);
  const pushRepo = createPushRepository(deps.db);
  const tokens = createUnsubscribeTokens(deps.config.jwtSecret);
  const service = createMessagesService({
    db: deps.db,
    clock: deps.clock,
    repo,
    pushRepo,
    tokens,
    webPush: deps.config.webPush,
  });
  // The listing of the file mailer for /dev/mail (never in production, never with SMTP).
  const { box } = createMailer({
    smtpUrl: deps.config.mail.smtpUrl,
    from: deps.config.mail.from,
    dir: deps.config.mail.dir,
  });
  return Object.assign(service, {
    mailBox: deps.config.env === "production" ? undefined : box,
    /** Internals the worker jobs need. */
    internals: { repo, pushRepo, tokens },
  });
}
export type Messages = ReturnType<typeof createMessages>;

/**
 * The worker's share: the consumer that turns events into queued mail and the sender that
 * works through the queue. Safe with several workers (a shared group, skip-locked claims).
 */
export function messagesJobs(
  infra: { db: Db; bus: Bus; clock: Clock; metrics?: Metrics; config: MessagesConfig },
  messages: Messages,
) {
  const { mail } = infra.config;
  // A memory-kept file mailer must be the one /dev/mail lists; otherwise each role makes its own.
  const mailer =
    !mail.smtpUrl && !mail.dir && messages.mailBox
      ? messages.mailBox
      : createMailer({
          smtpUrl: mail.smtpUrl,
          from: mail.from,
          dir: mail.dir,
          maxConnections: mail.smtpConnections,
        }).mailer;
  const sender = createMailSender({
    repo: messages.internals.repo,
    pushRepo: messages.internals.pushRepo,
    mailer,
    clock: infra.clock,
    tokens: messages.internals.tokens,
    baseUrl: publicBase(infra.config),
    settings: mail,
    metrics: infra.metrics,
    push: createWebPushSender(() => messages.vapidKeys(), {
      allowPrivate: infra.config.webPush.allowInsecure,
    }),
    onError: (err) => console.error(`mail sender: ${String(err)}`),
  });
  return [
    {
      name: sender.name,
      start() {
        messages.wakeSenderWith(sender.kick);
        sender.start();
      },
      async stop() {
        messages.wakeSenderWith(undefined);
        await sender.stop();
      },
    },
    createMessagesConsumer({ bus: infra.bus, messages }),
  ];
}
