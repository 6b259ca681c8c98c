/** Users, authentication and creator profiles. Other modules import only from here. */

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
