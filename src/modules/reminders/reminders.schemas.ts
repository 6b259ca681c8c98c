import { type Static, Type } from "typebox";
import { Uuid } from "../../shared/schemas.js";

/** Whether the caller asked to be reminded of the drop (REST answers and GraphQL results). */
export const ReminderState = Type.Object({ dropId: Uuid, reminder: Type.Boolean() });
export type ReminderState = Static<typeof ReminderState>;

/** The GraphQL mutations' arguments, checked like REST's path. */
export const ReminderArgs = Type.Object({ dropId: Uuid }, { additionalProperties: false });
