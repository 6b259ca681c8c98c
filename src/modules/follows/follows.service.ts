import { type Bus, publishTo } from "../../infra/bus/index.js";
import type { Db, Queryable } from "../../infra/db/index.js";
import type { Metrics } from "../../infra/metrics.js";
import type { Clock } from "../../shared/clock.js";
import { decodeKeyset, type Page, toPage } from "../../shared/cursor.js";
import { AppError, notFound } from "../../shared/errors.js";
import { GroupCommit } from "../../shared/group-commit.js";
import type { RateLimits } from "../../shared/rate-limit.js";
import { FOLLOWS_CHANGED, type FollowChange } from "./follows.events.js";
import { createFollowsRepository } from "./follows.repository.js";
import type { Follower, Following } from "./follows.schemas.js";

export interface FollowsDeps {
  db: Db;
  clock: Clock;
  metrics: Metrics;
  bus: Bus;
  /** Whether a creator exists (the users module answers). */
  creatorExists: (id: string) => Promise<boolean>;
  userExists: (id: string) => Promise<boolean>;
  limits: Pick<RateLimits, "check">;
}

interface FollowJob {
  userId: string;
  now: Date;
  tokenVersion: number | null;
}
type FollowResult = { active: boolean; found: boolean; created: boolean };

/** Follows of one creator waiting in one process, past which new ones are refused (503). */
const MAX_QUEUE = 10_000;
const MAX_BATCH = 500;
/** A constraint or data error belongs to one row: retry the batch in halves so it fails alone. */
const rowError = (err: unknown) => {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^(22|23|40|P0)/.test(code);
};

export function createFollowsService({
  db,
  clock,
  metrics,
  bus,
  creatorExists,
  userExists,
  limits,
}: FollowsDeps) {
  const repo = createFollowsRepository(db);
  // Group commit per creator: during a celebrity's burst the follows queued while a batch is
  // in the database go in the next one, one statement and one commit (one disk flush) for
  // hundreds of follows instead of one each. A lone follow runs at once, as one statement.
  const follows = new GroupCommit<FollowJob, FollowResult>(
    async (creatorId, { items }) => {
      if (items.length === 1) {
        const [j] = items as [FollowJob];
        return [await repo.insert(db, j.userId, creatorId, j.now, j.tokenVersion)];
      }
      return repo.insertMany(db, creatorId, items);
    },
    {
      maxBatch: MAX_BATCH,
      concurrency: 2,
      // One follower once per batch: a second request of theirs waits for the next batch.
      admit: (j, taken) => !taken.some((t) => t.userId === j.userId),
      isolate: rowError,
      maxQueue: MAX_QUEUE,
      overloaded: () =>
        new AppError("OVERLOADED", "Too many follows are waiting for this creator; try again in a moment", {
          retryAfterSeconds: 1,
        }),
    },
  );
  // Best effort: the follow is committed either way; a socket that misses the news picks the
  // creator up at its next connect.
  const announce = (change: FollowChange) => publishTo(bus, FOLLOWS_CHANGED, change).catch(() => {});

  const timed = async <T>(list: "followers" | "following", fn: () => Promise<T>): Promise<T> => {
    const end = metrics.followerListDuration.startTimer({ list });
    try {
      return await fn();
    } finally {
      end();
    }
  };

  return {
    /**
     * Idempotent: following twice is one follow. Returns whether this call created it.
     * `address` is the client's (null for an in-process caller): follows and unfollows share
     * one limit per account and per address, whichever transport they come from.
     * `tokenVersion`: the caller's token version when the transport did not check the
     * account (requireToken); the statement refuses a deleted account or a revoked token.
     */
    async follow(
      userId: string,
      creatorId: string,
      address: string | null,
      tokenVersion?: number,
    ): Promise<{ following: true; created: boolean }> {
      await limits.check("follows", { account: userId, address });
      if (userId === creatorId) throw new AppError("SELF_FOLLOW", "You cannot follow yourself");
      const { active, found, created } = await follows.submit(creatorId, {
        userId,
        now: clock.now(),
        tokenVersion: tokenVersion ?? null,
      });
      if (!active) {
        throw new AppError("UNAUTHENTICATED", "This account no longer exists or this token was revoked");
      }
      if (!found) throw notFound("Creator");
      if (created) await announce({ userId, creatorId, following: true });
      return { following: true, created };
    },

    /** Idempotent: unfollowing someone you do not follow succeeds and changes nothing. */
    async unfollow(
      userId: string,
      creatorId: string,
      address: string | null,
    ): Promise<{ following: false; removed: boolean }> {
      await limits.check("follows", { account: userId, address });
      const { found, removed } = await repo.delete(db, userId, creatorId);
      if (!found && !removed) throw notFound("Creator");
      if (removed) await announce({ userId, creatorId, following: false });
      return { following: false, removed };
    },

    async removeAllOf(q: Queryable, userId: string): Promise<void> {
      await repo.deleteAllOf(q, userId);
    },

    async isFollowing(userId: string, creatorId: string): Promise<{ following: true; followedAt: string }> {
      const row = await repo.find(userId, creatorId);
      if (!row) throw notFound("Follow");
      return { following: true, followedAt: row.created_at.toISOString() };
    },

    followedAmong: (userId: string, creatorIds: string[]) => repo.followedAmong(userId, creatorIds),

    /** The creators a user follows, newest first, at most `max` (ids only). */
    followedCreatorIds: (userId: string, max: number) => repo.followedCreatorIds(userId, max),

    counts: (ownerId: string) => repo.counts(ownerId),

    countsMany: (ownerIds: string[]) => repo.countsMany(ownerIds),

    async followers(creatorId: string, opts: { limit: number; after?: string }): Promise<Page<Follower>> {
      const after = decodeKeyset(opts.after);
      return timed("followers", async () => {
        const rows = await repo.followers(creatorId, after, opts.limit);
        // Rows prove the creator exists (deleting an account deletes its follows with it):
        // only an empty page needs the extra lookup to tell "no followers" from a 404.
        if (rows.length === 0 && !(await creatorExists(creatorId))) throw notFound("Creator");
        return toPage(
          rows,
          opts.limit,
          (r) => [r.created_at.toISOString(), r.id],
          (r) => ({ id: r.id, name: r.name, followedAt: r.created_at.toISOString() }),
        );
      });
    },

    async following(userId: string, opts: { limit: number; after?: string }): Promise<Page<Following>> {
      const after = decodeKeyset(opts.after);
      return timed("following", async () => {
        const rows = await repo.following(userId, after, opts.limit);
        if (rows.length === 0 && !(await userExists(userId))) throw notFound("User");
        return toPage(
          rows,
          opts.limit,
          (r) => [r.created_at.toISOString(), r.id],
          (r) => ({
            id: r.id,
            handle: r.handle,
            displayName: r.display_name,
            followedAt: r.created_at.toISOString(),
          }),
        );
      });
    },
  };
}

export type FollowsService = ReturnType<typeof createFollowsService>;
