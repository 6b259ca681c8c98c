import { type Static, Type } from "typebox";
import { PageQuery, Uuid } from "../../shared/schemas.js";

/** A page of followers or of followed creators. */
export const ListQuery = Type.Object(PageQuery);

/**
 * The creator to follow or unfollow (the REST body and the GraphQL arguments). `userId` is optional and, when sent, must be the
 * caller: seed 003's clients send `{ userId, creatorId }`; anyone else's id is a 403.
 */
export const CreatorBody = Type.Object(
  {
    creatorId: Uuid,
    userId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type CreatorBody = Static<typeof CreatorBody>;

export const FollowState = Type.Object({ creatorId: Uuid, following: Type.Boolean() });
export type FollowState = Static<typeof FollowState>;

export const Follower = Type.Object({
  id: Uuid,
  name: Type.String(),
  followedAt: Type.String({ format: "date-time" }),
});
export type Follower = Static<typeof Follower>;

export const Following = Type.Object({
  id: Uuid,
  handle: Type.String(),
  displayName: Type.String(),
  followedAt: Type.String({ format: "date-time" }),
});
export type Following = Static<typeof Following>;
