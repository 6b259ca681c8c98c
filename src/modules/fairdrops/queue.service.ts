import { randomBytes } from "node:crypto";
import { LRUCache } from "lru-cache";
import type { Db, Queryable } from "../../infra/db/index.js";
import type { Clock } from "../../shared/clock.js";
import { AppError, notFound } from "../../shared/errors.js";
import { GroupCommit } from "../../shared/group-commit.js";
import { newId } from "../../shared/ids.js";
import type { RateLimits } from "../../shared/rate-limit.js";
import type { DropTerms } from "../catalog/index.js";
import type { Challenges } from "./challenge.js";
import type { QueueTicket, TicketState } from "./fair.schemas.js";
import type { Passes } from "./pass.js";
import { type ActiveRoom, createQueueRepository, type TicketRow } from "./queue.repository.js";

/** PostgreSQL's lock_not_available: the room's row is held by the draw in progress. */
const LOCK_NOT_AVAILABLE = "55P03";
const drawing = () =>
  new AppError("UNAVAILABLE", "The waiting room is drawing its places; try again in a moment", {
    retryAfterSeconds: 1,
  });

/** The room opens this long before the drop starts (`queueOpensBeforeMs`). */
export const QUEUE_OPENS_BEFORE_MS = 15 * 60_000;

export interface QueueDeps {
  db: Db;
  clock: Clock;
  terms: (dropId: string) => Promise<DropTerms | null>;
  challenges: Challenges;
  passes: Passes;
  /** The abuse limits: `entries` on joins, `queue_reads` on reads of one's ticket. */
  limits: Pick<RateLimits, "check">;
}

/** 63 random bits: ties are as good as impossible, and the id breaks them anyway. */
const drawKey = () => randomBytes(8).readBigInt64BE() & 0x7fff_ffff_ffff_ffffn;
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

function stateOf(t: TicketRow, now: Date): TicketState {
  if (t.admitted_at) {
    if (t.pass_used_at) return "used";
    return t.pass_expires_at && t.pass_expires_at > now ? "admitted" : "expired";
  }
  return t.closed_at ? "closed" : "waiting";
}

/** The waiting room: joining, reading a ticket, the draw at the start, admission and closing. */
export function createQueueService(deps: QueueDeps) {
  const { db, clock, passes, limits } = deps;
  const repo = createQueueRepository(db);

  const queueDrop = async (dropId: string): Promise<DropTerms> => {
    const t = await deps.terms(dropId);
    if (!t) throw notFound("Drop");
    if (t.access !== "queue") {
      throw new AppError("INVALID_STATE", "This drop has no waiting room: order while it is live", {
        access: t.access,
      });
    }
    return t;
  };

  /** What the owner sees: O(1) from the ticket and its room's counters, never a count of the line. */
  function view(t: TicketRow, d: DropTerms, now: Date): QueueTicket {
    const state = stateOf(t, now);
    const ahead = t.position === null ? null : Math.max(0, t.position - 1 - t.admitted_through);
    const waiting = state === "waiting";
    const untilStart = d.startsAt.getTime() - now.getTime();
    return {
      ticketId: t.id,
      dropId: t.drop_id,
      state,
      position: t.position,
      ahead,
      // Admission takes up to admitPerSecond a second, strictly in order.
      etaSeconds: waiting && ahead !== null ? Math.ceil((ahead + 1) / d.admitPerSecond) : null,
      // Poll about twice before the turn comes, never more than once a second.
      retryAfterMs: !waiting
        ? null
        : ahead === null
          ? clamp(untilStart, 1_000, 30_000)
          : clamp(Math.floor((ahead / d.admitPerSecond) * 500), 1_000, 30_000),
      ...(t.admitted_at && t.pass_expires_at
        ? { pass: passes.issue(t.id), passExpiresAt: t.pass_expires_at.toISOString() }
        : {}),
    };
  }

  /**
   * The draw, once per drop: the room locked, checked unranked, its early tickets ranked by
   * their random keys. The worker does it from startsAt, waiting for the lock and under the
   * long statement timeout (a million tickets take over a minute). A request may do it
   * first for a small room, but never waits behind a draw in progress: it takes the room
   * with NOWAIT and answers 503 with Retry-After instead, so polls at the start second
   * cannot pile up on the room's lock and hold every pooled connection.
   */
  async function rank(dropId: string, startsAt: Date, by: "worker" | "request"): Promise<void> {
    const draw = async (q: Queryable) => {
      await repo.ensureRoom(q, dropId);
      const room = await repo.roomForUpdate(q, dropId, by === "request").catch((err: unknown) => {
        if ((err as { code?: string }).code === LOCK_NOT_AVAILABLE) throw drawing();
        throw err;
      });
      if (!room || room.ranked_at) return;
      // The admission clock starts a second early, so the first second's buyers go in at startsAt.
      await repo.rank(q, dropId, clock.now(), new Date(startsAt.getTime() - 1_000));
    };
    await (by === "worker" ? db.tx(draw, { long: true }) : db.tx(draw));
  }

  const closedError = (d: DropTerms) =>
    new AppError("QUEUE_CLOSED", "The waiting room is closed: the drop sold out or is over", {
      endsAt: d.endsAt.toISOString(),
    });

  /**
   * Late joins of one drop share a transaction (group commit): the room locked once, and
   * everyone queued while the last batch was in the database takes the next positions in one
   * statement, in arrival order. One at a time, each join held the room's lock over its own
   * round trips and commit, and a crowd joining after the start got 83 places a second.
   */
  const lateJoins = new GroupCommit<{ userId: string; d: DropTerms }, AppError | null>(
    (dropId, { items }) =>
      db.tx(async (q) => {
        const room = await repo.roomForUpdate(q, dropId);
        if (!room) throw new Error("queue room missing after the draw");
        // Checked under the room's lock, so a second join of the same user never burns a
        // position; one account's two requests in a batch take one place (the later finds the ticket).
        const holders = await repo.holders(
          q,
          dropId,
          items.map((j) => j.userId),
        );
        if (room.closed_at) return items.map((j) => (holders.has(j.userId) ? null : closedError(j.d)));
        const fresh: { id: string; userId: string; draw: bigint }[] = [];
        for (const j of items) {
          if (holders.has(j.userId)) continue;
          holders.add(j.userId);
          fresh.push({ id: newId(), userId: j.userId, draw: drawKey() });
        }
        if (fresh.length > 0) await repo.insertLate(q, dropId, clock.now(), fresh);
        return items.map(() => null);
      }),
    {
      maxBatch: 500,
      maxQueue: 10_000,
      overloaded: () =>
        new AppError("OVERLOADED", "Too many are joining this waiting room at once; try again in a moment", {
          retryAfterSeconds: 1,
        }),
    },
  );

  async function joinLate(userId: string, d: DropTerms): Promise<void> {
    const refused = await lateJoins.submit(d.id, { userId, d });
    if (refused) throw refused;
  }

  /**
   * Drops whose draw this process has seen done, and the check in flight for the others. A
   * drawn room stays drawn, so late joins ask the database once per drop and process, not
   * once each: each ask took the room's lock, and with NOWAIT refused every joiner of the
   * start's crowd but the first.
   */
  // Bounded: a drop forgotten here costs one more read, should a late join still come.
  const drawn = new LRUCache<string, true>({ max: 10_000 });
  const checks = new Map<string, Promise<void>>();
  function ensureDrawn(dropId: string, startsAt: Date): Promise<void> {
    if (drawn.has(dropId)) return Promise.resolve();
    let check = checks.get(dropId);
    if (!check) {
      check = (async () => {
        if (!(await repo.ranked(dropId))) await rank(dropId, startsAt, "request");
        drawn.set(dropId, true);
      })().finally(() => checks.delete(dropId));
      checks.set(dropId, check);
    }
    return check;
  }

  /** The caller's ticket; NOT_FOUND when they have none. Not limited: join answers through it. */
  async function ticketOf(userId: string, dropId: string): Promise<QueueTicket> {
    const d = await queueDrop(dropId);
    let t = await repo.ticket(dropId, userId);
    if (!t) throw notFound("Ticket");
    // The draw is due: make it now rather than answer "no position" until the worker's tick.
    if (!t.ranked_at && clock.now() >= d.startsAt) {
      await rank(dropId, d.startsAt, "request");
      t = (await repo.ticket(dropId, userId)) ?? t;
    }
    return view(t, d, clock.now());
  }

  return {
    /**
     * Join the drop's line: one ticket per account, so joining again answers the same ticket.
     * Before startsAt a ticket gets a random key (its place is drawn at the start); from
     * startsAt it gets the next position at once, behind everyone already in line.
     */
    async join(
      userId: string,
      dropId: string,
      challenge: string | undefined,
      address: string | null = null,
    ): Promise<QueueTicket> {
      // Counted first, joining again included: a script hammering joins is refused before any read.
      await limits.check("entries", { account: userId, address });
      const d = await queueDrop(dropId);
      // Joining again answers the ticket you hold: no solution is spent on it (nor stored).
      if (await repo.ticket(dropId, userId)) return ticketOf(userId, dropId);
      if (d.botProtection) await deps.challenges.spend(challenge, userId, `queue:${dropId}`);
      const now = clock.now();
      if (d.cancelledAt || now >= d.endsAt) throw closedError(d);
      const opensAt = new Date(d.startsAt.getTime() - QUEUE_OPENS_BEFORE_MS);
      if (now < opensAt) {
        throw new AppError("QUEUE_NOT_OPEN", "The waiting room opens 15 minutes before the drop starts", {
          opensAt: opensAt.toISOString(),
        });
      }
      let late = now >= d.startsAt;
      if (!late) {
        late = await db.tx(async (q) => {
          await repo.ensureRoom(q, dropId);
          const room = await repo.roomShared(q, dropId);
          // Ranked already (another process's clock passed startsAt first): join behind instead.
          if (!room || room.ranked_at) return true;
          if (room.closed_at) throw closedError(d);
          await repo.insertEarly(q, { id: newId(), dropId, userId, draw: drawKey(), now });
          return false;
        });
      }
      if (late) {
        await ensureDrawn(dropId, d.startsAt);
        await joinLate(userId, d);
      }
      return ticketOf(userId, dropId);
    },

    /**
     * The caller's ticket; NOT_FOUND when they have none. Polled, so counted on `queue_reads`
     * (REST and GraphQL alike); `address` is the client's (null: an in-process caller).
     */
    async me(userId: string, dropId: string, address: string | null = null): Promise<QueueTicket> {
      await limits.check("queue_reads", { account: userId, address });
      return ticketOf(userId, dropId);
    },

    /**
     * The order path's check on a queue drop: the caller's own admitted, unexpired, unspent
     * pass of this drop, spent on the order named by `key`. Returns what to call with the
     * order's result: a refused order gives the pass back.
     */
    async spendPass(
      d: DropTerms,
      userId: string,
      key: string,
      pass: string | undefined,
    ): Promise<{ settled(ok: boolean): Promise<void> }> {
      if (!pass) {
        throw new AppError("PASS_REQUIRED", "This drop has a waiting room: join it and order with your pass");
      }
      const ticketId = passes.ticketOf(pass);
      const invalid = () => new AppError("PASS_INVALID", "This pass is not yours for this drop");
      if (!ticketId) throw invalid();
      const now = clock.now();
      if (!(await repo.claimPass({ ticketId, userId, dropId: d.id, key, now }))) {
        const t = await repo.ticketById(ticketId);
        if (!t || t.user_id !== userId || t.drop_id !== d.id || !t.admitted_at) throw invalid();
        if (t.pass_used_at) throw new AppError("PASS_USED", "This pass was already used for an order");
        throw new AppError("PASS_EXPIRED", "This pass has expired", {
          expiredAt: t.pass_expires_at?.toISOString(),
        });
      }
      return {
        async settled(ok: boolean) {
          if (!ok) await repo.releasePass(ticketId, key);
        },
      };
    },

    /** Worker: the rooms to look after now. */
    activeRooms: () => repo.activeRooms(clock.now()),

    /**
     * Worker, one room: the draw when due; closing when the drop sold out or is over;
     * otherwise admit what the rate allows since the last admission (at most a second's
     * worth, so an idle room gives no burst later). The room's row lock makes each
     * admission happen once across workers. Returns how many tickets moved.
     */
    async tick(r: ActiveRoom): Promise<number> {
      const now = clock.now();
      if (!r.ranked_at && !r.cancelled_at) await rank(r.drop_id, r.starts_at, "worker");
      if (r.cancelled_at || now >= r.ends_at || r.available <= 0) {
        const reason = r.available <= 0 && !r.cancelled_at && now < r.ends_at ? "sold_out" : "ended";
        return (await db.tx((q) => repo.close(q, r.drop_id, now, reason))) ?? 0;
      }
      return db.tx(async (q) => {
        const room = await repo.roomForUpdate(q, r.drop_id);
        if (!room || room.closed_at || !room.ranked_at) return 0;
        const last = room.admitted_at ?? r.starts_at;
        const elapsed = now.getTime() - last.getTime();
        const rate = r.admit_per_second;
        const tokens = elapsed >= 1_000 ? rate : Math.floor((elapsed * rate) / 1_000);
        if (tokens < 1) return 0;
        const clockTo = elapsed >= 1_000 ? now : new Date(last.getTime() + (tokens * 1_000) / rate);
        const to = Math.min(room.last_position, room.admitted_through + tokens);
        return repo.admit(q, {
          dropId: r.drop_id,
          from: room.admitted_through,
          to,
          now,
          passExpiresAt: new Date(now.getTime() + r.pass_ttl_seconds * 1_000),
          clock: clockTo,
        });
      });
    },
  };
}

export type QueueService = ReturnType<typeof createQueueService>;
