/**
 * What a user can choose to hear about outside the app, per channel. The keys are event
 * types; the defaults (spec): email on for order events, reminders and raffles, off for
 * `drop.started` (a celebrity's start must not mail a million people who did not ask).
 * In-app push and the inbox always get everything and have no switch here.
 */
export const EMAIL_KINDS = [
  "order.confirmed",
  "order.cancelled",
  "order.fulfilled",
  "order.refunded",
  "order.failed",
  "order.expired",
  "drop.started",
  "drop.reminder",
  "raffle.won",
  "raffle.lost",
  // The reset mail is one the user asked for; turning it off is the answer to someone else
  // requesting resets for your address (a signed-in user can turn it back on).
  "account.password_reset",
] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];

/** Web Push has no password reset: a browser push is no proof of owning the address. */
export const PUSH_KINDS = EMAIL_KINDS.filter((k) => k !== "account.password_reset") as Exclude<
  EmailKind,
  "account.password_reset"
>[];
export type PushKind = (typeof PUSH_KINDS)[number];

export type Channel = "email" | "webPush";

export const DEFAULTS: { email: Record<EmailKind, boolean>; webPush: Record<PushKind, boolean> } = {
  email: Object.fromEntries(EMAIL_KINDS.map((k) => [k, k !== "drop.started"])) as Record<EmailKind, boolean>,
  // A push is lighter than a mail, and the browser already asked for permission.
  webPush: Object.fromEntries(PUSH_KINDS.map((k) => [k, true])) as Record<PushKind, boolean>,
};

export interface Preferences {
  email: Record<EmailKind, boolean>;
  webPush: Record<PushKind, boolean>;
}

/** The stored overrides over the defaults; unknown keys in storage (a retired kind) are dropped. */
export function withDefaults(stored: { email?: unknown; webPush?: unknown } | undefined): Preferences {
  const pick = <K extends string>(defaults: Record<K, boolean>, over: unknown): Record<K, boolean> => {
    const o = (over ?? {}) as Record<string, unknown>;
    const out = { ...defaults };
    for (const k of Object.keys(defaults) as K[]) if (typeof o[k] === "boolean") out[k] = o[k] as boolean;
    return out;
  };
  return { email: pick(DEFAULTS.email, stored?.email), webPush: pick(DEFAULTS.webPush, stored?.webPush) };
}

export const isEmailKind = (k: string): k is EmailKind => (EMAIL_KINDS as readonly string[]).includes(k);
