import { topic } from "../../infra/bus/topic.js";

/** A follow or unfollow that took effect. */
export type FollowChange = {
  userId: string;
  creatorId: string;
  following: boolean;
};

/**
 * Announced on the bus after a follow or unfollow (not an outbox event: best effort, a
 * socket that misses it picks the creator up at its next connect). Push servers re-route
 * that user's open sockets.
 */
export const FOLLOWS_CHANGED = topic<FollowChange>("follows.changed");
