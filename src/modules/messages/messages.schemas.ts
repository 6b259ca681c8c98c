import { type Static, Type } from "typebox";
import { EMAIL_KINDS, PUSH_KINDS } from "./preferences.js";

const switches = (kinds: readonly string[], description: string, optional: boolean) =>
  Type.Object(
    Object.fromEntries(
      kinds.map((k) => [k, optional ? Type.Optional(Type.Boolean()) : Type.Boolean()]),
    ) as Record<string, ReturnType<typeof Type.Boolean>>,
    { additionalProperties: false, description },
  );

const EMAIL_DOC =
  "Email per event type (true: on). Defaults: on for order events, reminders, raffles; off for drop.started.";
const PUSH_DOC = "Web Push per event type (true: on). Defaults: on.";

/** Every switch with its value (defaults filled in). */
export const Preferences = Type.Object({
  email: switches(EMAIL_KINDS, EMAIL_DOC, false),
  webPush: switches(PUSH_KINDS, PUSH_DOC, false),
});

/** A change: any switches of either channel; those left out stay as they are. */
export const PreferencesUpdate = Type.Object(
  {
    email: Type.Optional(switches(EMAIL_KINDS, EMAIL_DOC, true)),
    webPush: Type.Optional(switches(PUSH_KINDS, PUSH_DOC, true)),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type PreferencesUpdate = Static<typeof PreferencesUpdate>;

export const UnsubscribeQuery = Type.Object({
  token: Type.String({ minLength: 1, maxLength: 300, description: "The signed token from the mail's link" }),
  format: Type.Optional(
    Type.Union([Type.Literal("json"), Type.Literal("html")], {
      description: "html: answer a page for people (the confirm page's button); default json",
    }),
  ),
});

export const Unsubscribed = Type.Object({
  unsubscribed: Type.Literal(true),
  kind: Type.String({ description: "The event type whose mails are now off" }),
});

/** A browser's PushSubscription as `subscription.toJSON()` gives it. */
export const PushSubscriptionBody = Type.Object(
  {
    endpoint: Type.String({ format: "uri", maxLength: 1000, description: "The push service URL (https)" }),
    expirationTime: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
    keys: Type.Object(
      {
        p256dh: Type.String({
          pattern: "^[A-Za-z0-9_-]{80,100}$",
          description: "The browser's P-256 key, base64url",
        }),
        auth: Type.String({ pattern: "^[A-Za-z0-9_-]{16,32}$", description: "The auth secret, base64url" }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type PushSubscriptionInput = Static<typeof PushSubscriptionBody>;

export const PushUnsubscribeBody = Type.Object(
  { endpoint: Type.String({ minLength: 1, maxLength: 1000 }) },
  { additionalProperties: false },
);

export const VapidKey = Type.Object({
  publicKey: Type.String({ description: "applicationServerKey for pushManager.subscribe (base64url)" }),
});
