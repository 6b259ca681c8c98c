import { useEffect, useState } from "preact/hooks";
import { ApiError, api, gql } from "../api.ts";
import { solveChallenge } from "../challenge.ts";
import type { DataOf } from "../types.ts";
import { Badge } from "./ui.tsx";

export type QueueTicket = DataOf<"getMyDropTicket">;

/** What the buy box gets once the room admitted the buyer. */
export interface AdmittedPass {
  value: string;
  /** Used for an order already: no more orders with it. */
  spent: boolean;
  onSpent: () => void;
}

/**
 * The caller's ticket, or null without one. Read through GraphQL: REST answers "not joined"
 * with a 404, which the browser logs as an error on every visit to the drop.
 */
async function myTicket(dropId: string): Promise<QueueTicket | null> {
  try {
    const { myQueueTicket: t } = await gql<{
      myQueueTicket: Omit<QueueTicket, "pass" | "passExpiresAt"> & {
        pass: string | null;
        passExpiresAt: string | null;
      };
    }>(
      `query MyTicket($id: ID!) { myQueueTicket(dropId: $id) {
        ticketId dropId state position ahead etaSeconds retryAfterMs pass passExpiresAt } }`,
      { id: dropId },
    );
    const { pass, passExpiresAt, ...rest } = t;
    return { ...rest, ...(pass && passExpiresAt ? { pass, passExpiresAt } : {}) };
  } catch (err) {
    if (err instanceof ApiError && err.code === "NOT_FOUND") return null;
    throw err;
  }
}

const STATE_TEXT: Record<QueueTicket["state"], string> = {
  waiting: "You're in line",
  admitted: "It's your turn",
  used: "You've used your pass",
  expired: "Your pass expired",
  closed: "The line is closed",
};

/**
 * A queue drop's waiting room: join (solving the bot check first on a protected drop),
 * then follow the ticket, polled as often as the server's retryAfterMs says. Once admitted
 * it hands the pass to `children`, the buy box.
 */
export function WaitingRoom({
  dropId,
  botProtection,
  children,
}: {
  dropId: string;
  botProtection: boolean;
  children: (pass: AdmittedPass) => preact.ComponentChildren;
}) {
  const [ticket, setTicket] = useState<QueueTicket | null>();
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<number>();
  const [error, setError] = useState<string>();
  // The pass bought an order here (or another tab's order spent it): it is good for one.
  const [spent, setSpent] = useState(false);

  // Read the ticket, then again when the server says it is worth it, until nothing is left to wait for.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let alive = true;
    const poll = async () => {
      try {
        const t = await myTicket(dropId);
        if (!alive) return;
        setTicket(t);
        if (t && t.retryAfterMs !== null) timer = setTimeout(poll, t.retryAfterMs);
      } catch {
        if (alive) timer = setTimeout(poll, 5_000);
      }
    };
    if (ticket === undefined || ticket?.state === "waiting") void poll();
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [dropId, ticket?.ticketId]);

  const join = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const headers = botProtection ? { "X-Challenge": await solveChallenge(setProgress) } : undefined;
      setTicket(await api<QueueTicket>(`/api/drops/${dropId}/queue`, { method: "POST", headers }));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
      setProgress(undefined);
    }
  };

  if (ticket?.state === "admitted" && ticket.pass) {
    return (
      <>
        {spent ? (
          <p class="alert alert-info" data-testid="queue-used">
            <strong>{STATE_TEXT.used}.</strong> It was good for one order.
          </p>
        ) : (
          <p class="alert alert-success" data-testid="queue-admitted">
            <strong>{STATE_TEXT.admitted}.</strong> Your pass is good until{" "}
            {new Date(ticket.passExpiresAt ?? "").toLocaleTimeString()}.
          </p>
        )}
        {children({ value: ticket.pass, spent, onSpent: () => setSpent(true) })}
      </>
    );
  }
  return (
    <div class="buybox" data-testid="waiting-room">
      <p class="buybox-state">
        <Badge tone="upcoming">Waiting room</Badge>
      </p>
      {ticket ? (
        <div aria-live="polite" data-testid="queue-ticket" data-state={ticket.state}>
          <p>
            <strong>{STATE_TEXT[ticket.state]}.</strong>
          </p>
          {ticket.state === "waiting" && ticket.position === null ? (
            <p class="muted">Everyone who joins before the start gets a random place in line at the start.</p>
          ) : null}
          {ticket.state === "waiting" && ticket.position !== null ? (
            <p>
              Place {ticket.position} · {ticket.ahead} ahead of you
              {ticket.etaSeconds !== null ? ` · about ${ticket.etaSeconds} s` : ""}
            </p>
          ) : null}
          {ticket.state === "closed" ? (
            <p class="muted">The drop sold out or ended before your turn.</p>
          ) : null}
        </div>
      ) : (
        <>
          <p class="muted">
            This drop lets buyers in from a line, at a steady pace. Join up to 15 minutes before it starts.
          </p>
          <button
            type="button"
            class="btn btn-primary btn-block btn-large"
            disabled={busy || ticket === undefined}
            onClick={() => void join()}
            data-testid="join-queue"
          >
            {progress !== undefined
              ? `Checking you're human… ${Math.round(progress * 100)}%`
              : busy
                ? "Joining…"
                : "Join the line"}
          </button>
        </>
      )}
      {error ? (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
