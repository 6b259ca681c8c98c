import { randomBytes } from "node:crypto";
import type { Config } from "../../config.js";
import { type Db, pgErrorCode, type Queryable, UNIQUE_VIOLATION } from "../../infra/db/index.js";
import { writeEvent } from "../../infra/outbox/index.js";
import type { Clock } from "../../shared/clock.js";
import { decodeKeyset, type Page, toPage } from "../../shared/cursor.js";
import { AppError, forbidden, invalid, notFound } from "../../shared/errors.js";
import { GroupCommit } from "../../shared/group-commit.js";
import { isUuid, newId } from "../../shared/ids.js";
import { hashPassword, verifyPassword } from "../../shared/passwords.js";
import type { RateLimits } from "../../shared/rate-limit.js";
import { prefixTsQuery } from "../../shared/search.js";
import { type CreatorRow, createUsersRepository, type UserRow } from "./users.repository.js";
import type {
  CreateCreatorInput,
  Creator,
  LoginInput,
  RegisterInput,
  UpdateCreatorInput,
  UpdatedUser,
  UpdateUserInput,
  User,
} from "./users.schemas.js";

export interface UsersDeps {
  db: Db;
  clock: Clock;
  limits: Pick<RateLimits, "check">;
  config: Pick<Config, "passwordCost">;
}

/**
 * Work other modules do inside the transaction that deletes an account (e.g. drop its
 * follows, end its drops). `now` is the deletion's time. Hooks must be set-based: a
 * celebrity's deletion touches hundreds of thousands of rows. A hook may return work to run
 * once the deletion committed (e.g. retire cached answers). `requestId` is the deleting
 * request's, for the events a hook records.
 */
export type AccountDeletedHook = (
  q: Queryable,
  userId: string,
  now: Date,
  requestId?: string,
) => Promise<void | (() => Promise<void>)>;

/** A profile change as the service answers it: with the new token version when the password changed. */
export interface UserUpdate {
  user: User;
  /** Set when the change revoked older tokens: the transport signs a fresh token with it. */
  tokenVersion?: number;
}

/**
 * The transports' one way to answer a profile change (REST and GraphQL share it): after a
 * revocation this process forgets the cached version at once (others hear the event) and
 * the answer carries a fresh token signed with the new one.
 */
export function updatedUser(
  r: UserUpdate,
  auth: {
    signToken(userId: string, tokenVersion: number): string;
    forgetAccount(userId: string): void;
  },
): UpdatedUser {
  if (r.tokenVersion === undefined) return r.user;
  auth.forgetAccount(r.user.id);
  return { ...r.user, token: auth.signToken(r.user.id, r.tokenVersion) };
}

const toUser = (r: UserRow, self: boolean): User => ({
  id: r.id,
  name: r.name,
  ...(self && r.email ? { email: r.email } : {}),
  isCreator: r.is_creator,
  createdAt: r.created_at.toISOString(),
});

export const toCreator = (r: CreatorRow): Creator => ({
  id: r.id,
  handle: r.handle,
  displayName: r.display_name,
  bio: r.bio,
  createdAt: r.created_at.toISOString(),
});

export function createUsersService({ db, clock, limits, config }: UsersDeps) {
  const repo = createUsersRepository(db);
  /**
   * An authenticated request asks for its account's token version when the app's 5 s cache
   * (http/auth.ts) has none; a crowd's entries, cached together, expire together. Asked one
   * by one, 1,000 buyers' reads filled the pool's ten connections (each waited 0.3-1.7 s for
   * one) and the order batches queued behind them (36-65 ms per batch, measured). Concurrent
   * asks share one query instead; each ask still reads after it arrived (an ask made while a
   * query is out waits for the next), so a revocation committed before a request is seen.
   */
  const versions = new GroupCommit<string, number | null>(
    async (_key, batch) => {
      const found = await repo.tokenVersions([...new Set(batch.items)]);
      return batch.items.map((id) => found.get(id) ?? null);
    },
    { maxBatch: 1_000, concurrency: 2 },
  );
  const deletedHooks: AccountDeletedHook[] = [];

  /**
   * An unknown email is checked against this hash, so a login costs one scrypt whether the
   * account exists or not: the answer's timing does not tell which emails have accounts.
   * Made once, at the configured cost, on the first login that needs it.
   */
  let dummy: Promise<string> | undefined;
  const dummyHash = () => {
    dummy ??= hashPassword(randomBytes(16).toString("base64url"), config.passwordCost);
    return dummy;
  };

  const mustBeSelf = (actorId: string, id: string) => {
    if (actorId !== id) throw forbidden("You can only change your own account");
  };

  /**
   * The password typed again, for changes that would take the account over. Guesses count
   * against the account's sign-in limit (the same window as login), so a stolen token
   * cannot be used to try passwords faster than the login form allows.
   */
  const checkCurrentPassword = async (id: string, given: string | undefined) => {
    const row = await repo.findById(id);
    if (!row || row.deleted_at) throw new AppError("UNAUTHENTICATED", "This account no longer exists");
    if (!given) {
      throw new AppError(
        "WRONG_PASSWORD",
        "Send your current password (currentPassword) to change your password or email",
        { field: "currentPassword" },
      );
    }
    // Guesses count against the same per-account limit as the login form.
    if (row.email) await limits.check("login", { account: row.email.toLowerCase(), address: null });
    if (!row.password_hash || !(await verifyPassword(given, row.password_hash))) {
      throw new AppError("WRONG_PASSWORD", "The current password is wrong", { field: "currentPassword" });
    }
  };

  const revokedEvent = (
    userId: string,
    tokenVersion: number,
    deleted: boolean,
    now: Date,
    requestId: string | undefined,
  ) =>
    ({
      type: "account.revoked",
      aggregateId: userId,
      payload: { userId, tokenVersion, deleted, revokedAt: now.toISOString() },
      createdAt: now,
      requestId,
    }) as const;

  return {
    onAccountDeleted(hook: AccountDeletedHook): void {
      deletedHooks.push(hook);
    },

    /** `ip` is the client's address (null for an in-process caller such as the seed). */
    async register(input: RegisterInput, ip: string | null): Promise<User> {
      await limits.check("register", { account: input.email.toLowerCase(), address: ip });
      const id = newId();
      const passwordHash = await hashPassword(input.password, config.passwordCost);
      try {
        await repo.insertUser(db, {
          id,
          name: input.name.trim(),
          email: input.email,
          passwordHash,
          now: clock.now(),
        });
      } catch (err) {
        if (pgErrorCode(err) === UNIQUE_VIOLATION) {
          throw new AppError("EMAIL_TAKEN", "An account with this email already exists");
        }
        throw err;
      }
      return toUser((await repo.findById(id)) as UserRow, true);
    },

    /** The user and the token version to sign with, read in the same row as the password. */
    async login(input: LoginInput, ip: string | null): Promise<{ user: User; tokenVersion: number }> {
      await limits.check("login", { account: input.email.toLowerCase(), address: ip });
      const row = await repo.findByEmail(input.email);
      const hash = row?.password_hash ?? (await dummyHash());
      const valid = await verifyPassword(input.password, hash);
      if (!row?.password_hash || !valid) throw new AppError("UNAUTHENTICATED", "Invalid email or password");
      return { user: toUser(row, true), tokenVersion: row.token_version };
    },

    async get(actorId: string | null, id: string): Promise<User> {
      const row = await repo.findById(id);
      if (!row || row.deleted_at) throw notFound("User");
      return toUser(row, actorId === id);
    },

    /** True when the account exists and is not deleted; tokens of deleted accounts stop working. */
    isActive: (id: string): Promise<boolean> => repo.isActive(id),

    /** The token version a live account's tokens must carry; null when it is deleted. */
    tokenVersion: async (id: string): Promise<number | null> =>
      isUuid(id) ? versions.submit("all", id) : null,

    /** The same for many accounts at once (push connections re-check theirs); deleted ones are absent. */
    tokenVersions: (ids: string[]): Promise<Map<string, number>> => repo.tokenVersions(ids),

    /**
     * Change one's name, email or password. The email (the sign-in identity) and the
     * password need the current password; a new password revokes every token signed so far
     * (all processes refuse them, and close their push connections, within seconds) and the
     * answer carries the version a fresh token is signed with.
     */
    async update(
      actorId: string,
      id: string,
      input: UpdateUserInput,
      requestId?: string,
    ): Promise<UserUpdate> {
      mustBeSelf(actorId, id);
      const { currentPassword, ...changes } = input;
      if (Object.keys(changes).length === 0) {
        throw invalid("Nothing to change: send name, email or password", { field: "currentPassword" });
      }
      if (changes.password !== undefined || changes.email !== undefined) {
        await checkCurrentPassword(id, currentPassword);
      }
      const passwordHash = changes.password
        ? await hashPassword(changes.password, config.passwordCost)
        : undefined;
      const now = clock.now();
      let tokenVersion: number | undefined;
      try {
        await db.tx(async (q) => {
          await repo.updateUser(
            q,
            id,
            { name: changes.name?.trim(), email: changes.email, passwordHash },
            now,
          );
          if (!passwordHash) return;
          const version = await repo.revokeTokens(q, id, now);
          if (version === null) return;
          tokenVersion = version;
          await writeEvent(q, revokedEvent(id, version, false, now, requestId));
        });
      } catch (err) {
        if (pgErrorCode(err) === UNIQUE_VIOLATION) {
          throw new AppError("EMAIL_TAKEN", "An account with this email already exists");
        }
        throw err;
      }
      return { user: await this.get(actorId, id), tokenVersion };
    },

    /**
     * Delete one's account: anonymised, every token revoked, and each module's hook (follows,
     * drops) in the same transaction, with the `account.revoked` event that ends the
     * account's open connections on every process.
     */
    async remove(actorId: string, id: string, requestId?: string): Promise<void> {
      mustBeSelf(actorId, id);
      const now = clock.now();
      const after: (() => Promise<void>)[] = [];
      // Long by nature: a celebrity's account takes a million follows with it.
      await db.tx(
        async (q) => {
          await repo.anonymise(q, id, now);
          const version = await repo.revokeTokens(q, id, now);
          for (const hook of deletedHooks) {
            const then = await hook(q, id, now, requestId);
            if (then) after.push(then);
          }
          await writeEvent(q, revokedEvent(id, version ?? 0, true, now, requestId));
        },
        { long: true },
      );
      // The deletion stands either way; a failed follow-up (a cache) heals by its own expiry.
      for (const then of after) await then().catch(() => {});
    },

    async becomeCreator(actorId: string, input: CreateCreatorInput): Promise<Creator> {
      const user = await repo.findById(actorId);
      if (!user || user.deleted_at) throw new AppError("UNAUTHENTICATED", "Account not found");
      if (user.is_creator) throw new AppError("ALREADY_CREATOR", "You already have a creator profile");
      try {
        const row = await repo.insertCreator(db, {
          id: actorId,
          handle: input.handle,
          displayName: input.displayName.trim(),
          bio: input.bio ?? "",
          now: clock.now(),
        });
        return toCreator(row);
      } catch (err) {
        if (pgErrorCode(err) !== UNIQUE_VIOLATION) throw err;
        // Two requests of the same user racing, or the handle belongs to someone else.
        if ((await repo.findCreator(actorId)) !== undefined) {
          throw new AppError("ALREADY_CREATOR", "You already have a creator profile");
        }
        throw new AppError("HANDLE_TAKEN", `The handle "${input.handle}" is taken`);
      }
    },

    /** The owner edits their creator profile; a handle someone else has is HANDLE_TAKEN. */
    async updateCreator(actorId: string, id: string, input: UpdateCreatorInput): Promise<Creator> {
      if (actorId !== id) throw forbidden("You can only edit your own creator profile");
      try {
        const row = await repo.updateCreator(
          db,
          id,
          { handle: input.handle, displayName: input.displayName?.trim(), bio: input.bio },
          clock.now(),
        );
        if (!row) throw notFound("Creator");
        return toCreator(row);
      } catch (err) {
        if (pgErrorCode(err) !== UNIQUE_VIOLATION) throw err;
        throw new AppError("HANDLE_TAKEN", `The handle "${input.handle}" is taken`);
      }
    },

    async getCreator(id: string): Promise<Creator> {
      const row = await repo.findCreator(id);
      if (!row) throw notFound("Creator");
      return toCreator(row);
    },

    /** Creators by id in the order asked, null where there is none (one query for a page). */
    async creatorsByIds(ids: string[]): Promise<(Creator | null)[]> {
      const rows = await repo.findCreators([...new Set(ids)]);
      const byId = new Map(rows.map((r) => [r.id, toCreator(r)]));
      return ids.map((id) => byId.get(id) ?? null);
    },

    async creatorExists(id: string): Promise<boolean> {
      return (await repo.findCreator(id)) !== undefined;
    },

    async listCreators(opts: { query?: string; limit: number; after?: string }): Promise<Page<Creator>> {
      const after = decodeKeyset(opts.after);
      const tsquery = prefixTsQuery(opts.query);
      // A query with nothing searchable in it ("!!!") matches nothing rather than everything.
      if (opts.query?.trim() && !tsquery)
        return { items: [], pageInfo: { hasNextPage: false, endCursor: null } };
      const rows = await repo.listCreators({ tsquery, after, limit: opts.limit });
      return toPage(rows, opts.limit, (r) => [r.created_at.toISOString(), r.id], toCreator);
    },
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
