/** The follow graph: follows, lists and counts. Other modules import only from here. */
export { createFollowsLoaders, createFollowsResolvers, followsTypeDefs } from "./follows.resolvers.js";
export { followsRoutes } from "./follows.routes.js";
export {
  createFollowsService,
  FOLLOWS_CHANGED,
  type FollowChange,
  type FollowsService,
} from "./follows.service.js";
