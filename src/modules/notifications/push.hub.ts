import { type Bus, type Subscription, subscribeTo } from "../../infra/bus/index.js";
import type { Metrics } from "../../infra/metrics.js";
import { ALL_EVENTS, coalesceStock, toEvent } from "../../infra/outbox/index.js";
import { forbidden, invalid, notFound } from "../../shared/errors.js";
import { type CatalogueEvent, isDirect, type OutboxEvent } from "../../shared/events.js";
import { FOLLOWS_CHANGED } from "../follows/index.js";
import type { NotificationsService } from "./notifications.service.js";
import { PushConnection, type PushSink } from "./push.connection.js";
import { pushMetrics } from "./push.metrics.js";
import { channelsOf, isDropEvent, toPushMessage } from "./routing.js";

export interface PushHubOptions {
  bus: Bus;
  metrics: Metrics;
  notifications: NotificationsService;
  /** A client with more than this many bytes unread is disconnected. */
  maxBufferedBytes?: number;
  /** At most one `stock.changed` per drop per this interval (the newest wins). */
  stockIntervalMs?: number;
  /** Creator channels joined at connect (the newest follows first). */
  maxFollowedChannels?: number;
  /**
   * The safety net behind `account.revoked`: live accounts' token versions (deleted ones
   * absent), asked every `recheckMs` for the users with connections here, in case an event
   * was lost. Without it only the event ends connections.
   */
  tokenVersions?: (userIds: string[]) => Promise<Map<string, number>>;
  recheckMs?: number;
  /** Called for each revocation heard on the bus (the auth cache forgets the account). */
  onAccountRevoked?: (userId: string) => void;
  /**
   * Checks the token again once the connection is registered (throws when revoked): a
   * revocation heard between the connect's check and the registration is not missed.
   */
  checkToken?: (userId: string, tokenVersion: number) => Promise<void>;
}

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const CHANNEL = new RegExp(`^(user|creator|drop):(${UUID})$`, "i");
const REPLAY_MAX = 1_000;
/** Followed creators (up to maxFollowedChannels) plus drops a client asked for. */
const MAX_CHANNELS = 6_000;

/**
 * The push side of one server process. It listens to every published event on the bus
 * (broadcast: each process gets all of them) and hands each to the local connections on
 * the event's channels, serialised once. `stock.changed` is throttled per drop.
 */
export function createPushHub(opts: PushHubOptions) {
  const { bus, notifications } = opts;
  const maxBuffered = opts.maxBufferedBytes ?? 1024 * 1024;
  const stockMs = opts.stockIntervalMs ?? 250;
  const channels = new Map<string, Set<PushConnection>>();
  type StockChanged = CatalogueEvent<"stock.changed">;
  const stock = new Map<string, { last: number; pending?: StockChanged; timer?: NodeJS.Timeout }>();
  let sub: Subscription | undefined;
  let followSub: Subscription | undefined;

  const { connections, sent, slow, handOut, revoked } = pushMetrics(opts.metrics);

  const dispatch = async (e: OutboxEvent) => {
    // Only followers' events need the creator; stock and order events route without a lookup.
    const creator = isDropEvent(e) ? await notifications.creatorOf(e).catch(() => undefined) : undefined;
    const targets = new Set<PushConnection>();
    for (const ch of channelsOf(e, creator)) for (const c of channels.get(ch) ?? []) targets.add(c);
    if (targets.size === 0) return;
    const end = handOut.startTimer();
    const json = JSON.stringify(toPushMessage(e));
    for (const c of targets) c.deliver(e, json);
    sent.inc(targets.size);
    end();
  };

  /** Leading edge at once, then at most one per interval carrying the newest snapshot. */
  const throttleStock = (e: StockChanged) => {
    const key = e.aggregateId;
    const s = stock.get(key) ?? { last: 0 };
    stock.set(key, s);
    const now = performance.now();
    if (!s.timer && now - s.last >= stockMs) {
      s.last = now;
      return void dispatch(e);
    }
    s.pending = e;
    s.timer ??= setTimeout(
      () => {
        s.timer = undefined;
        s.last = performance.now();
        const p = s.pending;
        s.pending = undefined;
        if (p) void dispatch(p);
        else stock.delete(key);
      },
      Math.max(0, stockMs - (now - s.last)),
    );
  };

  /** End the user's connections here whose token is older than `tokenVersion` (all of them when deleted). */
  const revoke = (userId: string, tokenVersion: number | null, why: string) => {
    for (const c of [...(channels.get(`user:${userId}`) ?? [])]) {
      if (tokenVersion === null || c.tokenVersion < tokenVersion) {
        c.revoke(why);
        revoked.inc();
        close(c);
      }
    }
  };

  const onEvent = (e: OutboxEvent) => {
    if (isDirect(e)) return dispatch(e);
    // Internal, never delivered to a client: it ends connections instead.
    if (e.type === "account.revoked") {
      const p = e.payload;
      opts.onAccountRevoked?.(p.userId);
      return revoke(
        p.userId,
        p.deleted ? null : p.tokenVersion,
        p.deleted ? "This account was deleted" : "Your password changed: sign in again",
      );
    }
    return e.type === "stock.changed" ? throttleStock(e) : dispatch(e);
  };

  /** The safety net: ask for the token versions of every user connected here, in batches. */
  const recheck = async () => {
    if (!opts.tokenVersions) return;
    const users = [...channels.keys()].filter((ch) => ch.startsWith("user:")).map((ch) => ch.slice(5));
    for (let i = 0; i < users.length; i += 1_000) {
      const batch = users.slice(i, i + 1_000);
      const versions = await opts.tokenVersions(batch);
      for (const id of batch) {
        const v = versions.get(id);
        revoke(
          id,
          v ?? null,
          v === undefined ? "This account was deleted" : "Your password changed: sign in again",
        );
      }
    }
  };
  let recheckTimer: NodeJS.Timeout | undefined;

  const join = (c: PushConnection, ch: string) => {
    c.channels.add(ch);
    const set = channels.get(ch) ?? new Set<PushConnection>();
    channels.set(ch, set);
    set.add(c);
  };
  const leave = (c: PushConnection, ch: string) => {
    c.channels.delete(ch);
    const set = channels.get(ch);
    set?.delete(c);
    if (set?.size === 0) channels.delete(ch);
  };
  /** Forget a connection (it closed). Safe to call twice. */
  function close(conn: PushConnection) {
    if (conn.channels.size === 0) return;
    for (const ch of [...conn.channels]) leave(conn, ch);
    connections.dec();
  }

  /** Who may listen where: anyone to creators' and drops' public events, only you to yours. */
  const checkChannel = (userId: string, channel: string): string => {
    const match = CHANNEL.exec(channel);
    if (!match) throw invalid("channel must be user:<id>, creator:<id> or drop:<id>", { channel });
    const normal = `${match[1]?.toLowerCase()}:${match[2]?.toLowerCase()}`;
    if (match[1]?.toLowerCase() === "user" && match[2]?.toLowerCase() !== userId.toLowerCase()) {
      throw forbidden("You cannot subscribe to another user's channel");
    }
    return normal;
  };

  /** `checkChannel`, and a drop channel must name a drop that exists. */
  const allowChannel = async (userId: string, channel: string): Promise<string> => {
    const ch = checkChannel(userId, channel);
    if (ch.startsWith("drop:") && !(await notifications.dropExists(ch.slice(5)))) throw notFound("Drop");
    return ch;
  };

  return {
    async start() {
      sub = await subscribeTo(bus, ALL_EVENTS, onEvent);
      // A follow or unfollow anywhere re-routes that user's sockets on this process at once.
      followSub = await subscribeTo(bus, FOLLOWS_CHANGED, ({ userId, creatorId, following }) => {
        for (const c of channels.get(`user:${userId}`) ?? []) {
          if (following) join(c, `creator:${creatorId}`);
          else leave(c, `creator:${creatorId}`);
        }
      });
      if (opts.tokenVersions) {
        recheckTimer = setInterval(
          () => void recheck().catch(() => {}), // the next round tries again
          opts.recheckMs ?? 30_000,
        );
        recheckTimer.unref();
      }
    },
    async stop() {
      clearInterval(recheckTimer);
      await sub?.unsubscribe().catch(() => {});
      await followSub?.unsubscribe().catch(() => {});
      for (const s of stock.values()) clearTimeout(s.timer);
      stock.clear();
    },

    checkChannel,
    allowChannel,

    /**
     * Register a connection: the user's own channel, their followed creators, the drop
     * channels asked for; then, when resuming, replay what was missed after `lastEventId`
     * before any live event. Throws (nothing registered) when a channel is not allowed.
     */
    async open(
      userId: string,
      sink: PushSink,
      o: { lastEventId?: string; subscribe?: string[]; tokenVersion?: number } = {},
    ): Promise<PushConnection> {
      const asked = await Promise.all((o.subscribe ?? []).map((ch) => allowChannel(userId, ch)));
      const conn = new PushConnection(userId, sink, maxBuffered, () => slow.inc(), o.tokenVersion ?? 0);
      connections.inc();
      join(conn, `user:${userId}`);
      for (const ch of asked) join(conn, ch);
      try {
        // Registered from here on, so a later account.revoked reaches it; one heard before
        // cleared the token cache, so this check reads the database and refuses.
        await opts.checkToken?.(userId, conn.tokenVersion);
        const creators = await notifications.followedCreators(userId, opts.maxFollowedChannels ?? 5_000);
        for (const c of creators) join(conn, `creator:${c}`);
        // `resumed`: events replayed (null: unknown id); `complete` false: reload the inbox.
        let resumed: number | null = null;
        let complete = true;
        let replay: OutboxEvent[] = [];
        if (o.lastEventId) {
          const drops = [...conn.channels].filter((c) => c.startsWith("drop:")).map((c) => c.slice(5));
          const found = await notifications.repo.since(
            o.lastEventId,
            { userId, creators, drops },
            REPLAY_MAX,
          );
          replay = found ? coalesceStock(found.rows).map(toEvent) : [];
          resumed = found ? replay.length : null;
          complete = found?.complete ?? false;
        }
        conn.release(replay);
        conn.control({ type: "welcome", data: { userId, channels: [...conn.channels], resumed, complete } });
        return conn;
      } catch (err) {
        this.close(conn);
        throw err;
      }
    },

    async subscribe(conn: PushConnection, channel: string): Promise<string> {
      const ch = await allowChannel(conn.userId, channel);
      if (!conn.channels.has(ch) && conn.channels.size >= MAX_CHANNELS) {
        throw invalid(`A connection listens to at most ${MAX_CHANNELS} channels`, { channel });
      }
      join(conn, ch);
      return ch;
    },
    unsubscribe(conn: PushConnection, channel: string): string {
      const ch = checkChannel(conn.userId, channel);
      if (ch !== `user:${conn.userId}`) leave(conn, ch);
      return ch;
    },
    close,
    /** Run the safety-net re-check now (tests; the timer runs it every `recheckMs`). */
    recheck,
    size: () => [...channels.values()].reduce((n, s) => n + s.size, 0),
  };
}

export type PushHub = ReturnType<typeof createPushHub>;
