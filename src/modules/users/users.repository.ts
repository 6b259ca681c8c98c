import type { Queryable } from "../../infra/db/index.js";

export interface UserRow {
  id: string;
  name: string;
  email: string | null;
  password_hash: string | null;
  created_at: Date;
  deleted_at: Date | null;
  is_creator: boolean;
  token_version: number;
}

export interface CreatorRow {
  id: string;
  handle: string;
  display_name: string;
  bio: string;
  created_at: Date;
}

const USER_COLUMNS = `u.id, u.name, u.email, u.password_hash, u.created_at, u.deleted_at, u.token_version,
  exists (select 1 from creators c where c.id = u.id) as is_creator`;

/** The only place with SQL for users and creator profiles. */
export function createUsersRepository(db: Queryable) {
  return {
    async insertUser(
      q: Queryable,
      u: { id: string; name: string; email: string; passwordHash: string; now: Date },
    ) {
      await q.query(
        `insert into users (id, name, email, password_hash, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $5)`,
        [u.id, u.name, u.email, u.passwordHash, u.now],
      );
    },

    async findById(id: string): Promise<UserRow | undefined> {
      const r = await db.query<UserRow>(`select ${USER_COLUMNS} from users u where u.id = $1`, [id]);
      return r.rows[0];
    },

    /** The cheapest question an authenticated request asks: does this account still exist? */
    async isActive(id: string): Promise<boolean> {
      const r = await db.query("select 1 from users where id = $1 and deleted_at is null", [id]);
      return r.rowCount > 0;
    },

    /** The version each live account's tokens must carry; deleted and unknown ones are absent. */
    async tokenVersions(ids: string[]): Promise<Map<string, number>> {
      const r = await db.query<{ id: string; token_version: number }>(
        "select id, token_version from users where id = any($1::uuid[]) and deleted_at is null",
        [ids],
      );
      return new Map(r.rows.map((x) => [x.id, x.token_version]));
    },

    /**
     * Revoke every token of the account signed so far: the version goes up by one, in the
     * caller's transaction. Returns the new version (null when the account is gone).
     */
    async revokeTokens(q: Queryable, id: string, now: Date): Promise<number | null> {
      const r = await q.query<{ token_version: number }>(
        `update users set token_version = token_version + 1, tokens_revoked_at = $2
         where id = $1 returning token_version`,
        [id, now],
      );
      return r.rows[0]?.token_version ?? null;
    },

    async findByEmail(email: string): Promise<UserRow | undefined> {
      const r = await db.query<UserRow>(
        `select ${USER_COLUMNS} from users u where lower(u.email) = lower($1) and u.deleted_at is null`,
        [email],
      );
      return r.rows[0];
    },

    async updateUser(
      q: Queryable,
      id: string,
      patch: { name?: string; email?: string; passwordHash?: string },
      now: Date,
    ): Promise<void> {
      await q.query(
        `update users set name = coalesce($2, name), email = coalesce($3, email),
           password_hash = coalesce($4, password_hash), updated_at = $5
         where id = $1 and deleted_at is null`,
        [id, patch.name ?? null, patch.email ?? null, patch.passwordHash ?? null, now],
      );
    },

    /** Deleting keeps the row (orders refer to it) but forgets who the person was. */
    async anonymise(q: Queryable, id: string, now: Date): Promise<void> {
      await q.query(
        `update users set name = 'Deleted user', email = null, password_hash = null, deleted_at = $2, updated_at = $2
         where id = $1`,
        [id, now],
      );
      await q.query(
        `update creators set handle = 'deleted_' || replace(id::text, '-', ''), display_name = 'Deleted creator',
           bio = '', updated_at = $2
         where id = $1`,
        [id, now],
      );
    },

    async insertCreator(
      q: Queryable,
      c: { id: string; handle: string; displayName: string; bio: string; now: Date },
    ) {
      const r = await q.query<CreatorRow>(
        `insert into creators (id, handle, display_name, bio, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $5)
         returning id, handle, display_name, bio, created_at`,
        [c.id, c.handle, c.displayName, c.bio, c.now],
      );
      return r.rows[0] as CreatorRow;
    },

    /** Only a live account's profile changes; undefined when there is none. */
    async updateCreator(
      q: Queryable,
      id: string,
      patch: { handle?: string; displayName?: string; bio?: string },
      now: Date,
    ): Promise<CreatorRow | undefined> {
      const r = await q.query<CreatorRow>(
        `update creators c set handle = coalesce($2, c.handle), display_name = coalesce($3, c.display_name),
           bio = coalesce($4, c.bio), updated_at = $5
         from users u where c.id = $1 and u.id = c.id and u.deleted_at is null
         returning c.id, c.handle, c.display_name, c.bio, c.created_at`,
        [id, patch.handle ?? null, patch.displayName ?? null, patch.bio ?? null, now],
      );
      return r.rows[0];
    },

    async findCreator(id: string): Promise<CreatorRow | undefined> {
      const r = await db.query<CreatorRow>(
        `select c.id, c.handle, c.display_name, c.bio, c.created_at
         from creators c join users u on u.id = c.id where c.id = $1 and u.deleted_at is null`,
        [id],
      );
      return r.rows[0];
    },

    /** Live creator profiles by id, in one query (GraphQL loaders). */
    async findCreators(ids: string[]): Promise<CreatorRow[]> {
      const r = await db.query<CreatorRow>(
        `select c.id, c.handle, c.display_name, c.bio, c.created_at
         from creators c join users u on u.id = c.id where c.id = any($1::uuid[]) and u.deleted_at is null`,
        [ids],
      );
      return r.rows;
    },

    /**
     * Newest creators first; with a search, creators whose handle or name has words
     * starting with each of the query's words. Keyset on (created_at, id).
     */
    async listCreators(opts: { tsquery: string | null; after: [string, string] | null; limit: number }) {
      const r = await db.query<CreatorRow>(
        `select c.id, c.handle, c.display_name, c.bio, c.created_at
         from creators c join users u on u.id = c.id
         where u.deleted_at is null
           and ($1::text is null or c.search @@ to_tsquery('simple', $1))
           and ($2::timestamptz is null or (c.created_at, c.id) < ($2, $3::uuid))
         order by c.created_at desc, c.id desc
         limit $4`,
        [opts.tsquery, opts.after?.[0] ?? null, opts.after?.[1] ?? null, opts.limit + 1],
      );
      return r.rows;
    },
  };
}

export type UsersRepository = ReturnType<typeof createUsersRepository>;
