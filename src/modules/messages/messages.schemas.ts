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
