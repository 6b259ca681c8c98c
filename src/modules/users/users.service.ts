import type { Config } from "../../config.js";
import { type Db, pgErrorCode, type Queryable, UNIQUE_VIOLATION } from "../../infra/db/index.js";
import type { Clock } from "../../shared/clock.js";
import { decodeKeyset, type Page, toPage } from "../../shared/cursor.js";
import { AppError, forbidden, notFound } from "../../shared/errors.js";
import { newId } from "../../shared/ids.js";
import { hashPassword, verifyPassword } from "../../shared/passwords.js";
import type { RateLimiter } from "../../shared/rate-limit.js";
import { prefixTsQuery } from "../../shared/search.js";
import { type CreatorRow, createUsersRepository, type UserRow } from "./users.repository.js";
import type {
  CreateCreatorInput,
  Creator,
  LoginInput,
  RegisterInput,
  UpdateCreatorInput,
  UpdateUserInput,
  User,
} from "./users.schemas.js";

export interface UsersDeps {
  db: Db;
  clock: Clock;
  limiter: RateLimiter;
  config: Pick<Config, "passwordCost" | "authRateLimitPerMinute">;
}

/** Work other modules do inside the transaction that deletes an account (e.g. drop its follows). */
export type AccountDeletedHook = (q: Queryable, userId: string) => Promise<void>;

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

const MINUTE = 60_000;

export function createUsersService({ db, clock, limiter, config }: UsersDeps) {
  const repo = createUsersRepository(db);
  const deletedHooks: AccountDeletedHook[] = [];

  const authLimits = async (ip: string, email: string) => {
    await limiter.hit(`auth:ip:${ip}`, config.authRateLimitPerMinute, MINUTE);
    await limiter.hit(`auth:acct:${email.toLowerCase()}`, config.authRateLimitPerMinute, MINUTE);
  };

  const mustBeSelf = (actorId: string, id: string) => {
    if (actorId !== id) throw forbidden("You can only change your own account");
  };

  return {
    onAccountDeleted(hook: AccountDeletedHook): void {
      deletedHooks.push(hook);
    },

    async register(input: RegisterInput, ip: string): Promise<User> {
      await authLimits(ip, input.email);
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

    async login(input: LoginInput, ip: string): Promise<User> {
      await authLimits(ip, input.email);
      const row = await repo.findByEmail(input.email);
      const valid = row?.password_hash ? await verifyPassword(input.password, row.password_hash) : false;
      if (!row || !valid) throw new AppError("UNAUTHENTICATED", "Invalid email or password");
      return toUser(row, true);
    },

    async get(actorId: string | null, id: string): Promise<User> {
      const row = await repo.findById(id);
      if (!row || row.deleted_at) throw notFound("User");
      return toUser(row, actorId === id);
    },

    /** True when the account exists and is not deleted; tokens of deleted accounts stop working. */
    isActive: (id: string): Promise<boolean> => repo.isActive(id),

    async update(actorId: string, id: string, input: UpdateUserInput): Promise<User> {
      mustBeSelf(actorId, id);
      const passwordHash = input.password
        ? await hashPassword(input.password, config.passwordCost)
        : undefined;
      try {
        await repo.updateUser(
          db,
          id,
          { name: input.name?.trim(), email: input.email, passwordHash },
          clock.now(),
        );
      } catch (err) {
        if (pgErrorCode(err) === UNIQUE_VIOLATION) {
          throw new AppError("EMAIL_TAKEN", "An account with this email already exists");
        }
        throw err;
      }
      return this.get(actorId, id);
    },

    async remove(actorId: string, id: string): Promise<void> {
      mustBeSelf(actorId, id);
      // Long by nature: a celebrity's account takes a million follows with it.
      await db.tx(
        async (q) => {
          await repo.anonymise(q, id, clock.now());
          for (const hook of deletedHooks) await hook(q, id);
        },
        { long: true },
      );
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
