import type { ResolverMap } from "../../graphql/context.js";
import { requireCaller } from "../../graphql/context.js";
import { inputOf } from "../../graphql/validate.js";
import { ReminderArgs } from "./reminders.schemas.js";
import type { RemindersService } from "./reminders.service.js";

export const remindersTypeDefs = /* GraphQL */ `
  "Whether the caller asked to be reminded of a drop."
  type ReminderState {
    "The drop."
    dropId: ID!
    "True while a reminder is set (it stays true after it fired)."
    reminder: Boolean!
  }

  extend type Query {
    "Whether you asked to be reminded of the drop (NOT_FOUND for an unknown drop)."
    dropReminder(dropId: ID!): ReminderState!
  }

  extend type Mutation {
    "Ask for drop.reminder shortly before the drop starts; asking twice is a no-op (NOT_FOUND, INVALID_STATE when it is over)."
    remindMe(dropId: ID!): ReminderState!
    "Cancel your reminder for the drop; cancelling twice is a no-op (NOT_FOUND)."
    cancelReminder(dropId: ID!): ReminderState!
  }
`;

// The same schema as REST's path parameter.
const dropArgs = inputOf(ReminderArgs, "arguments");

export function createRemindersResolvers({ reminders }: { reminders: RemindersService }): ResolverMap {
  return {
    Query: {
      dropReminder: (_p, args, ctx) => reminders.state(requireCaller(ctx), dropArgs(args).dropId),
    },
    Mutation: {
      remindMe: (_p, args, ctx) => reminders.set(requireCaller(ctx), dropArgs(args).dropId),
      cancelReminder: (_p, args, ctx) => reminders.cancel(requireCaller(ctx), dropArgs(args).dropId),
    },
  };
}
