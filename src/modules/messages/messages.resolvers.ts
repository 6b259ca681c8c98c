import { type GqlContext, requireCaller } from "../../graphql/context.js";
import { inputOf } from "../../graphql/validate.js";
import { PreferencesUpdate } from "./messages.schemas.js";
import type { MessagesService } from "./messages.service.js";

export const messagesTypeDefs = /* GraphQL */ `
  "Which mails and browser pushes you get, per event type. The inbox and in-app push always get everything."
  type Preferences {
    "Email switches by event type, e.g. { \\"drop.started\\": false } (on by default for order events, drop.reminder and raffles; off for drop.started)."
    email: JSON!
    "Web Push switches by event type (on by default)."
    webPush: JSON!
  }

  extend type Query {
    "Your notification preferences."
    preferences: Preferences!
  }

  extend type Mutation {
    "Change some of your notification switches (the same body as PUT /api/users/{id}/preferences); answers all of them."
    updatePreferences(email: JSON, webPush: JSON): Preferences!
  }
`;

// The REST body's schema, compiled once: the same input gets the same error on both transports.
const updateArgs = inputOf(PreferencesUpdate, "arguments");

export function createMessagesResolvers({ messages }: { messages: MessagesService }) {
  return {
    Query: {
      preferences: (_: unknown, _args: unknown, ctx: GqlContext) => {
        const me = requireCaller(ctx);
        return messages.preferences(me, me);
      },
    },
    Mutation: {
      updatePreferences: (_: unknown, args: Record<string, unknown>, ctx: GqlContext) => {
        const me = requireCaller(ctx);
        return messages.updatePreferences(me, me, updateArgs(args));
      },
    },
  };
}
