import { useEffect, useState } from "preact/hooks";
import { creatorById } from "../cache.ts";
import { formatMoney } from "../format.ts";
import { phaseOf } from "../hooks.ts";
import type { Drop } from "../types.ts";
import { Badge, Countdown, ProductArt, StockBar } from "./ui.tsx";

export function useCreatorName(id: string): string | undefined {
  const [name, setName] = useState<string>();
  useEffect(() => {
    if (!id) return;
    let live = true;
    creatorById(id).then(
      (c) => live && setName(c.displayName),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [id]);
  return name;
}

/** A drop in a grid: live ones show stock and the time left, upcoming ones count down to the start. */
export function DropCard({ drop, now }: { drop: Drop; now: number }) {
  const phase = phaseOf(drop, now);
  const creator = useCreatorName(drop.creatorId);
  const href = `/drops/${drop.id}`;
  return (
    <article class={`card drop-card phase-${phase}`} data-drop-id={drop.id} aria-labelledby={`dc-${drop.id}`}>
      <a href={href} class="card-media" tabIndex={-1} aria-label={drop.product.title}>
        <ProductArt title={drop.product.title} src={drop.product.imageUrl} image={drop.product.images[0]} />
        <div class="card-badges">
          {phase === "live" && !drop.soldOut ? <Badge tone="live">Live</Badge> : null}
          {phase === "live" && drop.soldOut ? <Badge tone="warn">Sold out</Badge> : null}
          {phase === "upcoming" ? <Badge tone="upcoming">Upcoming</Badge> : null}
          {phase === "ended" || phase === "cancelled" ? (
            <Badge tone="ended">{phase === "ended" ? "Ended" : "Cancelled"}</Badge>
          ) : null}
        </div>
      </a>
      <div class="card-body">
        <h3 id={`dc-${drop.id}`} class="card-title">
          <a href={href}>{drop.product.title}</a>
        </h3>
        <p class="card-meta">
          {creator ? (
            <a href={`/creators/${drop.creatorId}`}>{creator}</a>
          ) : (
            <span class="muted">&nbsp;</span>
          )}
          <span class="price">{formatMoney(drop.priceCents, drop.currency)}</span>
        </p>
        {phase === "live" ? (
          <>
            <StockBar stock={drop.stock} low={drop.lowStockThreshold} compact />
            <p class="card-foot">
              <Countdown to={drop.endsAt} now={now} prefix="Ends in" />
              <a class="btn btn-small btn-primary" href={href} aria-label={`Buy ${drop.product.title}`}>
                {drop.soldOut ? "View" : "Buy now"}
              </a>
            </p>
          </>
        ) : phase === "upcoming" ? (
          <p class="card-foot">
            <Countdown to={drop.startsAt} now={now} prefix="Starts in" />
            <span class="muted small">{drop.stock.initial} pieces</span>
          </p>
        ) : (
          <p class="card-foot muted small">
            {drop.stock.sold} of {drop.stock.initial} sold
          </p>
        )}
      </div>
    </article>
  );
}
