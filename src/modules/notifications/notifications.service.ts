import type { Db } from "../../infra/db/index.js";
import { writeDirectEvent } from "../../infra/outbox/index.js";
import type { Clock } from "../../shared/clock.js";
import { decodeKeyset, type Page, toPage } from "../../shared/cursor.js";
import { forbidden, invalid, notFound } from "../../shared/errors.js";
import { CATALOGUE_NAMESPACES, type CatalogueEvent, type OutboxEvent } from "../../shared/events.js";
import type { RateLimits } from "../../shared/rate-limit.js";
import { createNotificationsRepository, type InboxEvent } from "./notifications.repository.js";
import type { Notification, Sent } from "./notifications.schemas.js";
import { type DropEventType, isDropEvent, recipientOf } from "./routing.js";

export interface NotificationsDeps {
  db: Db;
  clock: Clock;
  /** Creators with at least this many followers get fan-out on read. */
  fanoutThreshold: number;
  /** The other modules' answers, through their facades (the composition root wires them). */
  userExists: (userId: string) => Promise<boolean>;
  creatorOfDrop: (dropId: string) => Promise<string | undefined>;
  followerCount: (creatorId: string) => Promise<number>;
  /** The creators a user follows, newest first, at most `max`. */
  followedCreators: (userId: string, max: number) => Promise<string[]>;
  limits: Pick<RateLimits, "check">;
}

const reserved: ReadonlySet<string> = new Set(CATALOGUE_NAMESPACES);

/** The inbox (owner only), direct notifications, and the fan-out of events into inboxes. */
export function createNotificationsService(deps: NotificationsDeps) {
  const { db, clock } = deps;
  const repo = createNotificationsRepository(db);
  const creators = new Map<string, string>();
  const written = new Set<() => void>();

  /** The creator of a drop, or undefined when there is no such drop. */
  const creatorOfDrop = async (dropId: string): Promise<string | undefined> => {
    let c = creators.get(dropId);
    if (!c) {
      c = await deps.creatorOfDrop(dropId);
      // A drop never changes creator, so the answer can be kept; the map is bounded below.
      if (c) {
        if (creators.size > 50_000) creators.clear();
        creators.set(dropId, c);
      }
    }
    return c;
  };

  const creatorOf = async (e: CatalogueEvent<DropEventType>): Promise<string | undefined> =>
    "creatorId" in e.payload ? e.payload.creatorId : creatorOfDrop(e.payload.dropId);

  const asInbox = (e: OutboxEvent): InboxEvent => ({
    id: e.id,
    type: e.type,
    payload: e.payload,
    createdAt: new Date(e.createdAt),
  });

  return {
    creatorOf,
    /** Whether a drop exists (a push channel may only name one). */
    dropExists: async (dropId: string) => (await creatorOfDrop(dropId)) !== undefined,
    repo,
    followedCreators: deps.followedCreators,

    /** Run `fn` after this service commits an outbox event, so a relay in this process sends it at once. */
    onEventWritten(fn: () => void): () => void {
      written.add(fn);
      return () => written.delete(fn);
    },

    async list(
      actorId: string,
      userId: string,
      opts: { limit: number; after?: string; unread?: boolean },
    ): Promise<Page<Notification>> {
      if (actorId !== userId) throw forbidden("You can only read your own notifications");
      const after = decodeKeyset(opts.after);
      const rows = await repo.page(userId, after, opts.limit, opts.unread === true);
      return toPage(
        rows,
        opts.limit,
        (r) => [r.created_at.toISOString(), r.id],
        (r) => ({
          id: r.id,
          eventId: r.event_id,
          type: r.type,
          data: r.payload,
          createdAt: r.created_at.toISOString(),
          read: r.read,
        }),
      );
    },

    async unreadCount(actorId: string, userId: string): Promise<number> {
      if (actorId !== userId) throw forbidden("You can only read your own notifications");
      return repo.unreadCount(userId);
    },

    /** Someone else's notification is a 404, as if it did not exist. */
    async markRead(actorId: string, id: string): Promise<void> {
      if (!(await repo.markRead(actorId, id, clock.now()))) throw notFound("Notification");
    },

    async markAllRead(actorId: string, userId: string): Promise<void> {
      if (actorId !== userId) throw forbidden("You can only change your own notifications");
      await repo.markAllRead(userId, clock.now());
    },

    /**
     * A direct notification: the inbox row and its outbox event commit together. Its type
     * stays out of the catalogue's namespaces, so `drop.*` or `order.*` always mean theirs.
     */
    async send(
      input: { userId: string; type: string; payload: Record<string, unknown> },
      requestId?: string,
    ): Promise<Sent> {
      const namespace = input.type.includes(".") ? input.type.slice(0, input.type.indexOf(".")) : "";
      if (reserved.has(namespace)) {
        throw invalid(`type must not start with "${namespace}.": that namespace is the platform's own`, {
          field: "type",
        });
      }
      // Per recipient: a runaway caller cannot flood one inbox (per address: the route's limit).
      await deps.limits.check("notifications", { account: input.userId, address: null });
      if (!(await deps.userExists(input.userId))) throw notFound("User");
      const now = clock.now();
      const payload = { ...input.payload, recipientId: input.userId };
      const event = await db.tx(async (q) => {
        const written = await writeDirectEvent(q, {
          type: input.type,
          aggregateId: input.userId,
          payload,
          createdAt: now,
          requestId,
        });
        await repo.insertFor(q, input.userId, { id: written.id, type: input.type, payload, createdAt: now });
        return written;
      });
      for (const fn of written) fn();
      return { eventId: event.id, userId: input.userId, type: input.type, createdAt: now.toISOString() };
    },

    /**
     * Put one published event into the inboxes it belongs in. Idempotent (unique keys on
     * every effect), so a redelivery changes nothing. Returns how it was delivered.
     */
    async deliver(e: OutboxEvent): Promise<"direct" | "fanout" | "feed" | "none"> {
      const recipient = recipientOf(e);
      if (recipient) {
        await repo.insertFor(db, recipient, asInbox(e));
        return "direct";
      }
      if (!isDropEvent(e)) return "none";
      const creatorId = await creatorOf(e);
      if (!creatorId) return "none";
      if ((await deps.followerCount(creatorId)) >= deps.fanoutThreshold) {
        await repo.insertFeed(creatorId, asInbox(e));
        return "feed";
      }
      await repo.fanOut(creatorId, asInbox(e));
      return "fanout";
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
