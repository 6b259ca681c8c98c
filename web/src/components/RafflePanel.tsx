import { useEffect, useState } from "preact/hooks";
import { ApiError, api, gql, qs } from "../api.ts";
import { solveChallenge } from "../challenge.ts";
import { formatDateTime } from "../format.ts";
import { session } from "../session.ts";
import { useStore } from "../store.ts";
import type { Drop, Page, RaffleDraw, RaffleEntry, RankedEntry } from "../types.ts";
import { Badge, Countdown } from "./ui.tsx";

const STATE_TEXT: Record<RaffleEntry["state"], string> = {
  entered: "You're in. The draw runs when entries close.",
  won: "You won! Order before your claim window closes.",
  lost: "Not drawn this time. If a winner doesn't buy, their claim passes down the ranking.",
  claimed: "You won and bought. Enjoy!",
  forfeited: "You won, but the claim window closed before you ordered.",
};

/**
 * The caller's entry (null: none, or signed out) and the draw (null before it ran), in one
 * GraphQL read: REST answers both "no" cases with an error status, which the browser logs.
 */
async function readRaffle(dropId: string): Promise<{ entry: RaffleEntry | null; draw: RaffleDraw | null }> {
  type Upper = Omit<RaffleEntry, "state"> & { state: Uppercase<RaffleEntry["state"]> };
  const r = await gql<{ drop: { raffle: { myEntry: Upper | null; draw: RaffleDraw | null } | null } | null }>(
    `query MyRaffle($id: ID!) { drop(id: $id) { raffle {
      myEntry { entryId state rank claimStartsAt claimExpiresAt }
      draw { dropId drawCommitment seed drawnAt entries winners } } } }`,
    { id: dropId },
  );
  const raffle = r.drop?.raffle;
  const e = raffle?.myEntry;
  return {
    entry: e ? { ...e, state: e.state.toLowerCase() as RaffleEntry["state"] } : null,
    draw: raffle?.draw ?? null,
  };
}

/**
 * A raffle drop's panel: enter or withdraw until entries close, your entry's state, the
 * commitment published at creation, and after the draw the seed and a check of the draw
 * that runs in this browser.
 */
export function RafflePanel({
  drop,
  now,
  onEntry,
}: {
  drop: Drop;
  now: number;
  /** Told the caller's entry whenever it is read or changes (null: none), for the buy box. */
  onEntry?: (entry: RaffleEntry | null | undefined) => void;
}) {
  const s = useStore(session);
  const [entry, setEntry] = useState<RaffleEntry | null>();
  useEffect(() => onEntry?.(entry), [entry?.entryId, entry?.state]);
  const [draw, setDraw] = useState<RaffleDraw | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const closeAt = drop.entriesCloseAt ?? drop.startsAt;
  const open = now < Date.parse(closeAt);

  useEffect(() => {
    let live = true;
    readRaffle(drop.id)
      .then((r) => {
        if (!live) return;
        setEntry(s ? r.entry : null);
        setDraw(r.draw);
      })
      .catch(() => {
        if (!live) return;
        setEntry((e) => (e === undefined ? null : e));
      });
    return () => {
      live = false;
    };
    // Re-read when entries close (the draw follows within a second or so).
  }, [drop.id, s?.user.id, open, open ? 0 : Math.floor(now / 5_000)]);

  const act = async (method: "POST" | "DELETE") => {
    setBusy(true);
    setError(undefined);
    try {
      if (method === "POST") {
        // A protected drop's raffle wants a solved bot check, done here without the buyer noticing.
        const headers = drop.botProtection ? { "X-Challenge": await solveChallenge() } : undefined;
        setEntry(await api<RaffleEntry>(`/api/drops/${drop.id}/entries`, { method, headers }));
      } else {
        await api(`/api/drops/${drop.id}/entries`, { method });
        setEntry(null);
      }
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="raffle-panel" aria-label="Raffle" data-testid="raffle-panel">
      <h2>Raffle</h2>
      <p class="muted small">
        {open ? (
          <Countdown to={closeAt} now={now} prefix="Entries close in" />
        ) : (
          <>Entries closed {formatDateTime(closeAt)}.</>
        )}
      </p>
      {entry ? (
        <p data-testid="raffle-state" data-state={entry.state}>
          <Badge tone={entry.state === "won" || entry.state === "claimed" ? "live" : "upcoming"}>
            {entry.state}
          </Badge>{" "}
          {STATE_TEXT[entry.state]}
          {entry.rank ? <span class="muted small"> Rank {entry.rank}.</span> : null}
          {entry.state === "won" && entry.claimStartsAt && entry.claimExpiresAt ? (
            <span class="muted small">
              {" "}
              Claim from {formatDateTime(entry.claimStartsAt)} to {formatDateTime(entry.claimExpiresAt)}.
            </span>
          ) : null}
        </p>
      ) : null}
      {s && open ? (
        <p>
          <button
            type="button"
            class={`btn btn-small ${entry ? "btn-ghost" : "btn-primary"}`}
            disabled={busy || entry === undefined}
            onClick={() => void act(entry ? "DELETE" : "POST")}
            data-testid="raffle-enter"
          >
            {entry ? "Withdraw my entry" : "Enter the raffle"}
          </button>
        </p>
      ) : null}
      {!s && open ? (
        <p class="muted small">
          <a href="/login">Log in</a> to enter.
        </p>
      ) : null}
      {error ? <p class="alert alert-error">{error}</p> : null}
      <p class="muted small">
        Commitment (SHA-256 of the secret seed): <code class="break">{drop.drawCommitment}</code>
      </p>
      {draw ? <VerifyDraw draw={draw} /> : !open ? <p class="muted small">Drawing…</p> : null}
    </section>
  );
}

const enc = new TextEncoder();
const hex = (buf: ArrayBuffer) =>
  [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");

type Check = { commitment: boolean; ranking: boolean; entries: number; winners: string[] };

/** Recomputes SHA-256(seed) and every entry's HMAC-SHA256(seed, entryId) here, with WebCrypto. */
async function verify(draw: RaffleDraw): Promise<Check> {
  const ranked: RankedEntry[] = [];
  let after: string | null = null;
  do {
    const page: Page<RankedEntry> = await api(
      `/api/drops/${draw.dropId}/draw/ranking${qs({ limit: 100, after: after ?? undefined })}`,
    );
    ranked.push(...page.items);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  const commitment =
    hex(await crypto.subtle.digest("SHA-256", enc.encode(draw.seed))) === draw.drawCommitment;
  const key = await crypto.subtle.importKey(
    "raw",
    enc.encode(draw.seed),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const keyed = await Promise.all(
    ranked.map(async (r) => ({
      id: r.entryId,
      key: hex(await crypto.subtle.sign("HMAC", key, enc.encode(r.entryId))),
    })),
  );
  const order = [...keyed].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((k) => k.id);
  const ranking =
    ranked.length === draw.entries && ranked.every((r, i) => r.rank === i + 1 && r.entryId === order[i]);
  return { commitment, ranking, entries: ranked.length, winners: order.slice(0, draw.winners) };
}

function VerifyDraw({ draw }: { draw: RaffleDraw }) {
  const [check, setCheck] = useState<Check>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setCheck(await verify(draw));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const ok = check?.commitment && check.ranking;
  return (
    <div class="verify-draw" data-testid="verify-draw">
      <p class="small">
        Drawn {formatDateTime(draw.drawnAt)}: {draw.winners} {draw.winners === 1 ? "winner" : "winners"} of{" "}
        {draw.entries} {draw.entries === 1 ? "entry" : "entries"}. Seed:{" "}
        <code class="break">{draw.seed}</code>
      </p>
      <button type="button" class="btn btn-small btn-ghost" disabled={busy} onClick={() => void run()}>
        {busy ? "Checking…" : "Verify the draw"}
      </button>
      {check ? (
        <ul class={`alert ${ok ? "alert-success" : "alert-error"}`} data-testid="verify-result" data-ok={ok}>
          <li>SHA-256(seed) {check.commitment ? "matches" : "does NOT match"} the commitment.</li>
          <li>
            The ranking of {check.entries} entries {check.ranking ? "matches" : "does NOT match"}{" "}
            HMAC-SHA256(seed, entryId) in ascending order.
          </li>
        </ul>
      ) : null}
      {error ? <p class="alert alert-error">{error}</p> : null}
    </div>
  );
}
