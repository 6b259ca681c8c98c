import type { Queryable } from "../../infra/db/index.js";

export const SLOTS = 16;
const FOLLOWERS = 1;
const FOLLOWING = 2;

export interface FollowerRow {
  id: string;
  name: string;
  created_at: Date;
}

export interface FollowingRow {
  id: string;
  handle: string;
  display_name: string;
  created_at: Date;
}

/**
 * The only place with SQL for follows. Timestamps come from the application clock at
 * millisecond precision, which is what cursors carry; bulk loads must truncate to ms too.
 * Ownership: the statements marked "Deliberate exception" read `users`/`creators` (the
 * users module's) in the same statement; ARCHITECTURE.md lists them. Everything else about
 * users goes through the users facade (FollowsDeps).
 */
export function createFollowsRepository(db: Queryable) {
  const slot = () => Math.floor(Math.random() * SLOTS);

  return {
    /**
     * The hot path of a celebrity's burst, in one statement (one round trip, atomic on its
     * own): check the follower's account is live and the token not revoked (`tokenVersion`,
     * the token's; null when the caller was checked already), the creator is live, insert
     * the follow, and bump both counters only if the row is new.
     * Deliberate exception: reads `users` and `creators`, so the existence checks cannot go
     * stale between a facade call and the insert, and a follow stays one round trip.
     */
    async insert(q: Queryable, userId: string, creatorId: string, now: Date, tokenVersion: number | null) {
      const r = await q.query<{ active: boolean; found: boolean; created: boolean }>(
        `with actor as (
           select 1 from users where id = $1 and deleted_at is null
             and ($6::int is null or token_version <= $6)
         ), target as (
           select c.id from creators c join users u on u.id = c.id where c.id = $2 and u.deleted_at is null
         ), added as (
           insert into follows (user_id, creator_id, created_at)
           select $1::uuid, id, $3::timestamptz from target where exists (select 1 from actor)
           on conflict (user_id, creator_id) do nothing
           returning creator_id
         ), counted as (
           insert into follow_counters (owner_id, kind, slot, n)
           select creator_id, ${FOLLOWERS}, $4::smallint, 1 from added
           union all
           select $1::uuid, ${FOLLOWING}, $5::smallint, 1 from added
           on conflict (owner_id, kind, slot) do update set n = follow_counters.n + excluded.n
         )
         select exists (select 1 from actor) as active, exists (select 1 from target) as found,
           exists (select 1 from added) as created`,
        [userId, creatorId, now, slot(), slot(), tokenVersion],
      );
      return r.rows[0] as { active: boolean; found: boolean; created: boolean };
    },

    /**
     * `insert` for many followers of one creator in one statement (the group commit of a
     * burst: one round trip and one commit for the batch), same checks per follower. The
     * creator's follower count takes one row for the whole batch. Followers must be
     * distinct. Rows are taken as one follow takes them: follows, then counters creator
     * first and users in id order (see deleteAllOf). Answers in the order given.
     * Deliberate exception: reads `users` and `creators`, as insert does.
     */
    async insertMany(
      q: Queryable,
      creatorId: string,
      items: { userId: string; now: Date; tokenVersion: number | null }[],
    ): Promise<{ active: boolean; found: boolean; created: boolean }[]> {
      const r = await q.query<{ active: boolean; found: boolean; created: boolean }>(
        `with req as (
           select * from unnest($2::uuid[], $3::timestamptz[], $4::int[]) with ordinality as r(user_id, at, tv, i)
         ), target as (
           select c.id from creators c join users u on u.id = c.id where c.id = $1 and u.deleted_at is null
         ), actor as (
           select r.i, r.user_id, r.at from req r join users u on u.id = r.user_id
           where u.deleted_at is null and (r.tv is null or u.token_version <= r.tv)
         ), added as (
           insert into follows (user_id, creator_id, created_at)
           select a.user_id, t.id, a.at from actor a cross join target t
           order by a.user_id
           on conflict (user_id, creator_id) do nothing
           returning user_id
         ), counted as (
           insert into follow_counters (owner_id, kind, slot, n)
           select owner_id, kind, floor(random() * ${SLOTS})::smallint, n from (
             select $1::uuid as owner_id, ${FOLLOWERS} as kind, count(*) as n from added having count(*) > 0
             union all
             select user_id, ${FOLLOWING}, 1 from added
           ) x
           order by kind, owner_id
           on conflict (owner_id, kind, slot) do update set n = follow_counters.n + excluded.n
         )
         select exists (select 1 from actor a where a.i = r.i) as active, exists (select 1 from target) as found,
           exists (select 1 from added d where d.user_id = r.user_id) as created
         from req r order by r.i`,
        [creatorId, items.map((x) => x.userId), items.map((x) => x.now), items.map((x) => x.tokenVersion)],
      );
      return r.rows;
    },

    /**
     * Same shape as insert: one statement that removes the row and takes it off the counts.
     * Deliberate exception: reads `creators` to tell "not following" from "no such creator".
     */
    async delete(q: Queryable, userId: string, creatorId: string) {
      const r = await q.query<{ found: boolean; removed: boolean }>(
        `with target as (
           select c.id from creators c where c.id = $2
         ), removed as (
           delete from follows where user_id = $1::uuid and creator_id = $2::uuid returning creator_id
         ), counted as (
           insert into follow_counters (owner_id, kind, slot, n)
           select creator_id, ${FOLLOWERS}, $3::smallint, -1 from removed
           union all
           select $1::uuid, ${FOLLOWING}, $4::smallint, -1 from removed
           on conflict (owner_id, kind, slot) do update set n = follow_counters.n + excluded.n
         )
         select exists (select 1 from target) as found, exists (select 1 from removed) as removed`,
        [userId, creatorId, slot(), slot()],
      );
      return r.rows[0] as { found: boolean; removed: boolean };
    },

    /**
     * Remove every follow by and of a user (account deletion), keeping the counters exact,
     * in one statement however many there are (a celebrity's hundreds of thousands): each
     * creator they followed loses a follower and each follower a following, one row per
     * owner in a random slot; their own counters go, as every follow of theirs does.
     * Rows are taken creators first, then followers, each in id order, the order a follow
     * statement takes them (creator, then user), so two of these cannot deadlock each other
     * or a follow. Returns how many follows went.
     */
    async deleteAllOf(q: Queryable, userId: string): Promise<number> {
      const r = await q.query<{ n: number }>(
        `with gone as (
           delete from follows where user_id = $1 or creator_id = $1 returning user_id, creator_id
         ), own as (
           delete from follow_counters where owner_id = $1
         ), counted as (
           insert into follow_counters (owner_id, kind, slot, n)
           select owner_id, kind, floor(random() * ${SLOTS})::smallint, -1 from (
             select creator_id as owner_id, ${FOLLOWERS} as kind from gone where user_id = $1
             union all
             select user_id, ${FOLLOWING} from gone where creator_id = $1
           ) x
           order by kind, owner_id
           on conflict (owner_id, kind, slot) do update set n = follow_counters.n + excluded.n
         )
         select count(*)::int as n from gone`,
        [userId],
      );
      return r.rows[0]?.n ?? 0;
    },

    async find(userId: string, creatorId: string): Promise<{ created_at: Date } | undefined> {
      const r = await db.query<{ created_at: Date }>(
        "select created_at from follows where user_id = $1 and creator_id = $2",
        [userId, creatorId],
      );
      return r.rows[0];
    },

    /** The creators a user follows, newest first (a push connection joins their channels). */
    async followedCreatorIds(userId: string, max: number): Promise<string[]> {
      const r = await db.query<{ creator_id: string }>(
        "select creator_id from follows where user_id = $1 order by created_at desc limit $2",
        [userId, max],
      );
      return r.rows.map((x) => x.creator_id);
    },

    /** Which of these creators the user follows (one query for a whole page). */
    async followedAmong(userId: string, creatorIds: string[]): Promise<Set<string>> {
      if (creatorIds.length === 0) return new Set();
      const r = await db.query<{ creator_id: string }>(
        "select creator_id from follows where user_id = $1 and creator_id = any($2::uuid[])",
        [userId, creatorIds],
      );
      return new Set(r.rows.map((x) => x.creator_id));
    },

    /** Follower and following counts of many owners in one query. */
    async countsMany(ownerIds: string[]): Promise<Map<string, { followers: number; following: number }>> {
      const r = await db.query<{ owner_id: string; kind: number; total: number }>(
        `select owner_id, kind, sum(n)::bigint as total from follow_counters
         where owner_id = any($1::uuid[]) group by owner_id, kind`,
        [ownerIds],
      );
      const out = new Map(ownerIds.map((id) => [id, { followers: 0, following: 0 }]));
      for (const row of r.rows) {
        const c = out.get(row.owner_id);
        if (!c) continue;
        if (row.kind === FOLLOWERS) c.followers = Number(row.total);
        else c.following = Number(row.total);
      }
      return out;
    },

    async counts(ownerId: string): Promise<{ followers: number; following: number }> {
      const r = await db.query<{ kind: number; total: number }>(
        "select kind, sum(n)::bigint as total from follow_counters where owner_id = $1 group by kind",
        [ownerId],
      );
      const of = (kind: number) => Number(r.rows.find((x) => x.kind === kind)?.total ?? 0);
      return { followers: of(FOLLOWERS), following: of(FOLLOWING) };
    },

    /**
     * Newest followers first; keyset on (created_at, user_id) matching follows_by_creator.
     * Deliberate exception: joins `users` for names, so a page stays one statement.
     */
    async followers(
      creatorId: string,
      after: [string, string] | null,
      limit: number,
    ): Promise<FollowerRow[]> {
      const r = await db.query<FollowerRow>(
        `select u.id, u.name, f.created_at
         from follows f join users u on u.id = f.user_id
         where f.creator_id = $1
           and ($2::timestamptz is null or (f.created_at, f.user_id) < ($2, $3::uuid))
         order by f.created_at desc, f.user_id desc
         limit $4`,
        [creatorId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
      );
      return r.rows;
    },

    /**
     * Newest follows first; keyset on (created_at, creator_id) matching follows_by_user.
     * Deliberate exception: joins `creators` for handles and names, so a page stays one statement.
     */
    async following(userId: string, after: [string, string] | null, limit: number): Promise<FollowingRow[]> {
      const r = await db.query<FollowingRow>(
        `select c.id, c.handle, c.display_name, f.created_at
         from follows f join creators c on c.id = f.creator_id
         where f.user_id = $1
           and ($2::timestamptz is null or (f.created_at, f.creator_id) < ($2, $3::uuid))
         order by f.created_at desc, f.creator_id desc
         limit $4`,
        [userId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
      );
      return r.rows;
    },
  };
}
