/** The follow graph: follows, lists and counts. Other modules import only from here. */

export { FOLLOWS_CHANGED, type FollowChange } from "./follows.events.js";
export { createFollowsLoaders, createFollowsResolvers, followsTypeDefs } from "./follows.resolvers.js";
export { followsRoutes } from "./follows.routes.js";
export { createFollowsService, type FollowsService } from "./follows.service.js";
