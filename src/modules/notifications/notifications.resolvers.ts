import { GraphQLScalarType } from "graphql";
import { Type } from "typebox";
import { type GqlContext, type ResolverMap, requireCaller } from "../../graphql/context.js";
import { inputOf, pageArgsOf } from "../../graphql/validate.js";
import { toConnection } from "../../shared/cursor.js";
import { type CatalogueEvent, isDirect, type OutboxEvent } from "../../shared/events.js";
import type { RateLimits } from "../../shared/rate-limit.js";
import { IdParams, Uuid } from "../../shared/schemas.js";
import { InboxQuery } from "./notifications.schemas.js";
import type { NotificationsService } from "./notifications.service.js";
import { REVOKED_CLOSE } from "./push.connection.js";
import type { PushHub } from "./push.hub.js";
import { toPushMessage } from "./routing.js";

export const notificationsTypeDefs = /* GraphQL */ `
  "Any JSON value (event payloads)."
  scalar JSON

  "An item of your inbox."
  type Notification {
    "The item's id."
    id: ID!
    "The event it came from."
    eventId: ID
    "The event type, e.g. drop.started or order.confirmed."
    type: String!
    "The event's payload."
    data: JSON
    "When it happened (ISO 8601)."
    createdAt: String!
    "Whether you marked it read."
    read: Boolean!
  }
  "An inbox item in a list, with its cursor."
  type NotificationEdge {
    "The inbox item."
    node: Notification!
    "Pass as after to continue after this item."
    cursor: String!
  }
  "A page of the inbox."
  type NotificationConnection {
    "The items of this page."
    edges: [NotificationEdge!]!
    "Where this page ends."
    pageInfo: PageInfo!
  }

  "A real-time event, as /push sends it."
  type PushEvent {
    "The event's id (resume from it on /push)."
    id: ID!
    "The event type, e.g. stock.changed."
    type: String!
    "When it happened (ISO 8601)."
    createdAt: String!
    "The event's payload."
    data: JSON
    "On the outcome of your own order (order.confirmed, order.failed): the request that caused it (its X-Request-Id), the same id as in the server's logs."
    requestId: String
  }

  extend type Query {
    "Your inbox, newest first; unread: true for unread items only."
    notifications(unread: Boolean, first: Int = 20, after: String): NotificationConnection!
    "How many inbox items are unread."
    unreadNotificationCount: Int!
  }

  extend type Mutation {
    "Mark one inbox item read."
    markNotificationRead(id: ID!): Boolean!
    "Mark every inbox item read."
    markAllNotificationsRead: Boolean!
  }

  "Real-time events over graphql-ws (the token in connection_init)."
  type Subscription {
    "The caller's events: orders, followed creators' drops (graphql-ws, token in connection_init)."
    notifications: PushEvent!
    "A drop's stock as it changes (coalesced to a few updates a second)."
    dropStock(dropId: ID!): Stock!
  }
`;

// The REST routes' schemas, compiled once.
const byId = inputOf(IdParams, "arguments");
const inboxArgs = pageArgsOf(InboxQuery);
const dropArgs = inputOf(Type.Object({ dropId: Uuid }), "arguments");

/**
 * Events of the hub's channels as an async iterator for a GraphQL subscription. A slow
 * subscriber's queue is bounded: past it the subscription ends instead of growing memory.
 */
function fromHub<T>(
  hub: PushHub,
  caller: { userId: string; ctx: GqlContext },
  channels: string[],
  pick: (e: OutboxEvent) => T | undefined,
  onEnd: () => void,
  maxQueued = 1_000,
): AsyncIterableIterator<T> {
  const { userId, ctx } = caller;
  const queue: T[] = [];
  let wake: (() => void) | undefined;
  let done = false;
  const conn = hub.open(
    userId,
    {
      event: (e) => {
        const value = pick(e);
        if (value === undefined || done) return;
        if (queue.length >= maxQueued) done = true;
        else queue.push(value);
        wake?.();
      },
      control: () => {},
      buffered: () => 0,
      close: (code, reason) => {
        done = true;
        wake?.();
        // A revoked token ends the whole graphql-ws connection, not just this subscription:
        // nothing else may run on it as a caller whose tokens are revoked.
        if (code === REVOKED_CLOSE) ctx.socket?.close(code, reason);
      },
    },
    { subscribe: channels, tokenVersion: ctx.tokenVersion },
  );
  const finish = async () => {
    done = true;
    wake?.();
    onEnd();
    hub.close(await conn);
    return { value: undefined, done: true as const };
  };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      await conn;
      while (queue.length === 0 && !done) await new Promise<void>((r) => (wake = r));
      const value = queue.shift();
      if (value !== undefined) return { value, done: false };
      return finish();
    },
    return: finish,
  };
}

/**
 * The caller of a subscription, with the socket's token checked again: it was checked at
 * connection_init, and may have been revoked (or its account deleted) since.
 */
async function subscriber(ctx: GqlContext): Promise<string> {
  const me = requireCaller(ctx);
  if (ctx.app && ctx.tokenVersion !== undefined) await ctx.app.checkToken(me, ctx.tokenVersion);
  return me;
}

const stockOf = (e: CatalogueEvent<"stock.changed">) => {
  const p = e.payload;
  return {
    initial: p.initial,
    available: p.available,
    reserved: p.reserved,
    sold: p.sold,
    soldOut: p.available === 0,
    variant: p.variant ? { ...p.variant, soldOut: p.variant.available === 0 } : null,
  };
};

export function createNotificationsResolvers({
  notifications,
  hub,
  limits,
}: {
  notifications: NotificationsService;
  hub: PushHub;
  limits: Pick<RateLimits, "subscriptions">;
}): ResolverMap {
  /**
   * A subscription takes one of its connection's slots (MAX_SUBSCRIPTIONS_PER_CONNECTION),
   * given back when it ends; the returned function is safe to call twice.
   */
  const slot = (ctx: GqlContext): (() => void) => {
    const subs = ctx.subscriptions;
    if (!subs) return () => {};
    limits.subscriptions(subs.open);
    subs.open++;
    let freed = false;
    return () => {
      if (freed) return;
      freed = true;
      subs.open--;
    };
  };
  return {
    JSON: new GraphQLScalarType({
      name: "JSON",
      description: "Any JSON value (event payloads).",
      serialize: (v) => v,
    }) as never,
    Query: {
      notifications: async (_p, args, ctx) => {
        const me = requireCaller(ctx);
        return toConnection(await notifications.list(me, me, inboxArgs(args)));
      },
      unreadNotificationCount: (_p, _a, ctx) => {
        const me = requireCaller(ctx);
        return notifications.unreadCount(me, me);
      },
    },
    Mutation: {
      markNotificationRead: async (_p, args, ctx) => {
        await notifications.markRead(requireCaller(ctx), byId(args).id);
        return true;
      },
      markAllNotificationsRead: async (_p, _a, ctx) => {
        const me = requireCaller(ctx);
        await notifications.markAllRead(me, me);
        return true;
      },
    },
    Subscription: {
      notifications: {
        subscribe: async (_p: unknown, _a: unknown, ctx: GqlContext) =>
          fromHub(
            hub,
            { userId: await subscriber(ctx), ctx },
            [],
            (e) => (!isDirect(e) && e.type === "stock.changed" ? undefined : toPushMessage(e)),
            slot(ctx),
          ),
        resolve: (e: unknown) => e,
      },
      dropStock: {
        subscribe: async (_p: unknown, args: { dropId: string }, ctx: GqlContext) => {
          const { dropId } = dropArgs(args);
          const me = await subscriber(ctx);
          // The push routes' rule: a drop channel names a drop that exists.
          await hub.allowChannel(me, `drop:${dropId}`);
          return fromHub(
            hub,
            { userId: me, ctx },
            [`drop:${dropId}`],
            (e) =>
              !isDirect(e) &&
              e.type === "stock.changed" &&
              e.payload.dropId.toLowerCase() === dropId.toLowerCase()
                ? stockOf(e)
                : undefined,
            slot(ctx),
          );
        },
        resolve: (s: unknown) => s,
      },
    } as never,
  };
}
