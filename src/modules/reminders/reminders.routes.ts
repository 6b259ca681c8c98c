import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { requireUser, userOf } from "../../http/auth.js";
import { errors } from "../../http/contract.js";
import { Envelope, ok } from "../../http/envelope.js";
import { IdParams } from "../../shared/schemas.js";
import { ReminderState } from "./reminders.schemas.js";
import type { RemindersService } from "./reminders.service.js";

/** The caller's reminder for a drop: ask, cancel, read (each only ever the caller's own). */
export const remindersRoutes: FastifyPluginAsyncTypebox<{ reminders: RemindersService }> = async (
  app,
  { reminders },
) => {
  const tags = ["reminders"];
  const schema = (operationId: string, summary: string, ...codes: Parameters<typeof errors>) => ({
    tags,
    operationId,
    summary,
    params: IdParams,
    response: { 200: Envelope(ReminderState), ...errors("NOT_FOUND", ...codes) },
  });

  app.put(
    "/api/drops/:id/reminder",
    {
      preHandler: requireUser,
      schema: schema(
        "setDropReminder",
        "Ask for `drop.reminder` shortly before the drop starts (push, inbox); asking twice is a no-op",
        "INVALID_STATE",
      ),
    },
    async (req) => ok(await reminders.set(userOf(req), req.params.id)),
  );
  app.delete(
    "/api/drops/:id/reminder",
    {
      preHandler: requireUser,
      schema: schema("cancelDropReminder", "Cancel your reminder for the drop; cancelling twice is a no-op"),
    },
    async (req) => ok(await reminders.cancel(userOf(req), req.params.id)),
  );
  app.get(
    "/api/drops/:id/reminder",
    {
      preHandler: requireUser,
      schema: schema("getDropReminder", "Whether you asked to be reminded of the drop"),
    },
    async (req) => ok(await reminders.state(userOf(req), req.params.id)),
  );
};
