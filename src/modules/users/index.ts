/** Users, authentication and creator profiles. Other modules import only from here. */

export { passwordResetRoutes } from "./password-reset.routes.js";
export { createPasswordReset, type PasswordReset } from "./password-reset.service.js";
export type { AccountRevokedPayload, UserEvents } from "./users.events.js";
export { createUsersLoaders, createUsersResolvers, usersTypeDefs } from "./users.resolvers.js";
export { usersRoutes } from "./users.routes.js";
export { Creator } from "./users.schemas.js";
export {
  type AccountDeletedHook,
  createUsersService,
  toCreator,
  type UsersService,
  type UserUpdate,
} from "./users.service.js";
