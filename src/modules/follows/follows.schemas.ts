import { Type } from "typebox";
import { PageQuery, Uuid } from "../users/index.js";

/** Who to follow or unfollow: the REST body and the GraphQL arguments. */
export const CreatorBody = Type.Object({ creatorId: Uuid }, { additionalProperties: false });
/** A page of followers or of followed creators. */
export const ListQuery = Type.Object(PageQuery);
