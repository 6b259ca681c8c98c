import type { Db, Queryable } from "../../infra/db/index.js";
import { jsonbObject } from "../../shared/jsonb.js";
import type { RafflePayload } from "./raffles.events.js";

export interface RaffleRow {
  drop_id: string;
  entries_close_at: Date;
  claim_ttl_seconds: number;
  seed: string;
  commitment: string;
  drawn_at: Date | null;
  entries: number | null;
  winners: number | null;
}

export interface EntryRow {
  id: string;
  state: "entered" | "won" | "lost" | "claimed" | "forfeited";
  rank: number | null;
  claim_starts_at: Date | null;
  claim_expires_at: Date | null;
}

const ENTRY = "id, state, rank, claim_starts_at, claim_expires_at";

/** An outbox row per entry of `f` (a CTE of updated entries): raffle.won or raffle.lost by its state. */
const EVENT_SQL = `insert into outbox_events (type, aggregate_id, payload, created_at)
  select case when f.state = 'won' then 'raffle.won' else 'raffle.lost' end, f.drop_id, ${jsonbObject({
    userId: "f.user_id",
    dropId: "f.drop_id",
    entryId: "f.id",
    rank: "f.rank",
    claimStartsAt: "f.claim_starts_at",
    claimExpiresAt: "f.claim_expires_at",
  } satisfies Record<keyof RafflePayload, string>)}, $NOW from f`;

/** Orders that hold a claim: paid, or reserved and still payable (the reservation decides). */
const HOLDS_ORDER = `exists (select 1 from orders o where o.drop_id = e.drop_id and o.user_id = e.user_id
  and o.status in ('pending_payment', 'confirmed', 'fulfilled'))`;

/**
 * SQL of raffles: settings and draw (`drop_raffles`), entries (`raffle_entries`).
 * Deliberate exceptions (ARCHITECTURE.md): the draw and the claims read `drops` (the
 * catalog's) and `orders` (the orders module's) in the statements that decide, so there is
 * no window between what they check and what they write.
 */
export function createRafflesRepository(db: Db) {
  return {
    async insert(
      q: Queryable,
      r: {
        dropId: string;
        entriesCloseAt: Date;
        claimTtlSeconds: number;
        seed: string;
        commitment: string;
        now: Date;
      },
    ): Promise<void> {
      await q.query(
        `insert into drop_raffles (drop_id, entries_close_at, claim_ttl_seconds, seed, commitment, created_at)
         values ($1, $2, $3, $4, $5, $6)`,
        [r.dropId, r.entriesCloseAt, r.claimTtlSeconds, r.seed, r.commitment, r.now],
      );
    },

    async find(dropId: string): Promise<RaffleRow | undefined> {
      const r = await db.query<RaffleRow>("select * from drop_raffles where drop_id = $1", [dropId]);
      return r.rows[0];
    },

    /**
     * Enter, once per account: the raffle row is read `for share`, so an entry commits
     * either before the draw claims the raffle (and is drawn) or sees `drawn_at` and is
     * refused; never in between. Answers the entry (new or the existing one), or nothing
     * when entries are closed.
     */
    async enter(dropId: string, userId: string, id: string, now: Date): Promise<EntryRow | undefined> {
      return db.tx(async (q) => {
        const open = await q.query(
          `select 1 from drop_raffles where drop_id = $1 and drawn_at is null and entries_close_at > $2 for share`,
          [dropId, now],
        );
        if (open.rows.length === 0) return undefined;
        await q.query(
          `insert into raffle_entries (id, drop_id, user_id, created_at) values ($1, $2, $3, $4)
           on conflict (drop_id, user_id) do nothing`,
          [id, dropId, userId, now],
        );
        const r = await q.query<EntryRow>(
          `select ${ENTRY} from raffle_entries where drop_id = $1 and user_id = $2`,
          [dropId, userId],
        );
        return r.rows[0];
      });
    },

    /** Withdraw while entries are open (same lock as `enter`). Null when closed, else whether one was removed. */
    async withdraw(dropId: string, userId: string, now: Date): Promise<boolean | null> {
      const r = await db.query<{ open: boolean; removed: boolean }>(
        `with open as (
           select drop_id from drop_raffles where drop_id = $1 and drawn_at is null and entries_close_at > $3
           for share
         ), gone as (
           delete from raffle_entries e using open where e.drop_id = open.drop_id and e.user_id = $2
           returning 1
         )
         select exists (select 1 from open) as open, exists (select 1 from gone) as removed`,
        [dropId, userId, now],
      );
      const row = r.rows[0];
      return row?.open ? row.removed : null;
    },

    async entryOf(dropId: string, userId: string): Promise<EntryRow | undefined> {
      const r = await db.query<EntryRow>(
        `select ${ENTRY} from raffle_entries where drop_id = $1 and user_id = $2`,
        [dropId, userId],
      );
      return r.rows[0];
    },

    /** A page of the ranking after `afterRank`: a range scan of (drop_id, rank). */
    async ranking(dropId: string, afterRank: number, limit: number): Promise<{ rank: number; id: string }[]> {
      const r = await db.query<{ rank: number; id: string }>(
        `select rank, id from raffle_entries where drop_id = $1 and rank > $2 order by rank limit $3`,
        [dropId, afterRank, limit],
      );
      return r.rows;
    },

    /** Raffles whose entries have closed and that were not drawn yet (cancelled drops are never drawn). Deliberate exception: reads `drops`. */
    async due(now: Date, limit: number): Promise<string[]> {
      const r = await db.query<{ drop_id: string }>(
        `select r.drop_id from drop_raffles r join drops d on d.id = r.drop_id
         where r.drawn_at is null and r.entries_close_at <= $1 and d.cancelled_at is null
         order by r.entries_close_at limit $2`,
        [now, limit],
      );
      return r.rows.map((x) => x.drop_id);
    },

    /**
     * Claim one raffle's draw: the guarded update succeeds for one transaction only (a
     * concurrent one waits on the row, then finds `drawn_at` set). Answers what the draw
     * needs, or nothing when another worker drew it. Reads the drop's terms (the catalog's
     * `drops`) as they are at the draw: its stock and per-user limit decide the winners.
     */
    async claimDraw(
      q: Queryable,
      dropId: string,
      now: Date,
    ): Promise<
      | {
          seed: string;
          claim_ttl_seconds: number;
          starts_at: Date;
          initial_stock: number;
          per_user_limit: number | null;
        }
      | undefined
    > {
      const r = await q.query<{
        seed: string;
        claim_ttl_seconds: number;
        starts_at: Date;
        initial_stock: number;
        per_user_limit: number | null;
      }>(
        `update drop_raffles r set drawn_at = $2
         from drops d where r.drop_id = $1 and d.id = r.drop_id and r.drawn_at is null and d.cancelled_at is null
         returning r.seed, r.claim_ttl_seconds, d.starts_at, d.initial_stock, d.per_user_limit`,
        [dropId, now],
      );
      return r.rows[0];
    },

    async entryIds(q: Queryable, dropId: string): Promise<string[]> {
      const r = await q.query<{ id: string }>("select id from raffle_entries where drop_id = $1", [dropId]);
      return r.rows.map((x) => x.id);
    },

    /**
     * Write the ranking (ids in rank order) in one statement: the first `winners` win, with
     * a claim from the drop's start for the TTL; every entrant's event goes to the outbox in
     * the same statement. Records the published counts.
     */
    async writeDraw(
      q: Queryable,
      d: { dropId: string; ranked: string[]; winners: number; startsAt: Date; ttlSeconds: number; now: Date },
    ): Promise<void> {
      const ranks = d.ranked.map((_, i) => i + 1);
      await q.query(
        `with f as (
           update raffle_entries e set rank = x.rank,
             state = case when x.rank <= $3 then 'won' else 'lost' end,
             claim_starts_at = case when x.rank <= $3 then $4::timestamptz end,
             claim_expires_at = case when x.rank <= $3
               then $4::timestamptz + make_interval(secs => $5::double precision) end
           from unnest($2::uuid[], $6::int[]) as x(id, rank)
           where e.drop_id = $1 and e.id = x.id
           returning e.id, e.drop_id, e.user_id, e.state, e.rank, e.claim_starts_at, e.claim_expires_at
         ) ${EVENT_SQL.replace("$NOW", "$7")}`,
        [d.dropId, d.ranked, d.winners, d.startsAt, d.ttlSeconds, ranks, d.now],
      );
      await q.query("update drop_raffles set entries = $2, winners = $3 where drop_id = $1", [
        d.dropId,
        d.ranked.length,
        Math.min(d.winners, d.ranked.length),
      ]);
    },

    /** Winners who paid are `claimed`: the claim was used. Deliberate exception: reads `orders`. */
    async markClaimed(): Promise<number> {
      const r = await db.query(
        `update raffle_entries e set state = 'claimed'
         where e.state = 'won' and exists (select 1 from orders o where o.drop_id = e.drop_id
           and o.user_id = e.user_id and o.status in ('confirmed', 'fulfilled'))`,
      );
      return r.rowCount;
    },

    /** Drops with a claim that ran out unused (an order still pending keeps it until it settles). */
    async expiredClaimDrops(now: Date, limit: number): Promise<string[]> {
      const r = await db.query<{ drop_id: string }>(
        `select distinct e.drop_id from raffle_entries e
         where e.state = 'won' and e.claim_expires_at <= $1 and not ${HOLDS_ORDER} limit $2`,
        [now, limit],
      );
      return r.rows.map((x) => x.drop_id);
    },

    /**
     * One drop's claims that ran out are forfeited, and as many next-ranked losers win a
     * claim from now (while the drop is live), with their raffle.won, in one transaction.
     * The forfeit is guarded by `state = 'won'`, so racing workers forfeit (and pass on)
     * each claim once. Answers how many passed on.
     */
    async passOn(dropId: string, now: Date): Promise<{ forfeited: number; promoted: number }> {
      return db.tx(async (q) => {
        const lost = await q.query<{ id: string }>(
          `update raffle_entries e set state = 'forfeited'
           where e.drop_id = $1 and e.state = 'won' and e.claim_expires_at <= $2 and not ${HOLDS_ORDER}
           returning e.id`,
          [dropId, now],
        );
        const n = lost.rowCount;
        if (n === 0) return { forfeited: 0, promoted: 0 };
        const promoted = await q.query<{ n: number }>(
          `with next as (
             select e.id from raffle_entries e
             join drops d on d.id = e.drop_id and d.cancelled_at is null and d.ends_at > $2
             where e.drop_id = $1 and e.state = 'lost'
             order by e.rank limit $3
             for update of e skip locked
           ), f as (
             update raffle_entries e set state = 'won', claim_starts_at = $2,
               claim_expires_at = $2::timestamptz + make_interval(secs => r.claim_ttl_seconds)
             from next, drop_raffles r where e.id = next.id and r.drop_id = e.drop_id
             returning e.id, e.drop_id, e.user_id, e.state, e.rank, e.claim_starts_at, e.claim_expires_at
           ), ev as (${EVENT_SQL.replace("$NOW", "$2")} returning 1)
           select count(*)::int as n from ev`,
          [dropId, now, n],
        );
        return { forfeited: n, promoted: promoted.rows[0]?.n ?? 0 };
      });
    },

    /** A deleted account's entries in raffles not drawn yet (drawn ones stay: the ranking is published). */
    async removeAllOf(q: Queryable, userId: string): Promise<void> {
      await q.query(
        `delete from raffle_entries e using drop_raffles r
         where e.user_id = $1 and r.drop_id = e.drop_id and r.drawn_at is null`,
        [userId],
      );
    },
  };
}

export type RafflesRepository = ReturnType<typeof createRafflesRepository>;
