import { useEffect, useState } from "preact/hooks";
import { serverNow } from "../api.ts";
import { DropCard } from "../components/DropCard.tsx";
import { Empty, ErrorBox, Spinner } from "../components/ui.tsx";
import {
  type FreshStock,
  laterStock,
  mergeDrops,
  phaseOf,
  stockOf,
  useApi,
  useDocumentTitle,
  useNow,
  withFreshStock,
} from "../hooks.ts";
import { isDirect, onPush, pushState, watchDrop } from "../push.ts";
import { useStore } from "../store.ts";
import type { Drop, Page } from "../types.ts";

const SECTIONS = [
  { status: "live", title: "Live now", empty: "Nothing is live right now." },
  { status: "upcoming", title: "Starting soon", empty: "No drops scheduled yet." },
  { status: "ended", title: "Recently ended", empty: "No past drops." },
] as const;

/** Live stock for the cards on screen, from /push between polls. */
function usePushedStock(liveIds: string): Map<string, FreshStock> {
  const [stock, setStock] = useState(() => new Map<string, FreshStock>());
  useEffect(() => {
    if (!liveIds) return;
    const ids = new Set(liveIds.split(","));
    const unwatch = [...ids].map((id) => watchDrop(id));
    const off = onPush((m) => {
      if (isDirect(m) || m.type !== "stock.changed" || !ids.has(m.data.dropId)) return;
      const id = m.data.dropId;
      const next = { stock: stockOf(m.data), at: Date.parse(m.createdAt) || serverNow() };
      setStock((prev) => new Map(prev).set(id, laterStock(prev.get(id), next)));
    });
    return () => {
      for (const u of unwatch) u();
      off();
    };
  }, [liveIds]);
  return stock;
}

export function Home() {
  useDocumentTitle(undefined);
  const push = useStore(pushState);
  const live = useApi<Page<Drop>>("/api/drops?status=live&limit=24", push === "open" ? 5_000 : 2_000);
  const upcoming = useApi<Page<Drop>>("/api/drops?status=upcoming&limit=24", 10_000);
  const ended = useApi<Page<Drop>>("/api/drops?status=ended&limit=12", 30_000);
  const lists = [live, upcoming, ended];
  const raw = lists.flatMap((l) => l.data?.items ?? []);
  // Re-render on every second and at the exact moment a drop starts or ends.
  const now = useNow(raw.flatMap((d) => [d.startsAt, d.endsAt]));
  const drops = mergeDrops(
    lists.map((l) => l.data?.items),
    now,
  );
  const pushed = usePushedStock(
    live.data?.items
      .map((d) => d.id)
      .sort()
      .join(",") ?? "",
  );
  const failed = lists.find((l) => l.error && !l.data);
  return (
    <div class="page">
      <section class="hero">
        <h1>Limited drops, live.</h1>
        <p>Follow the creators you love. When a drop opens, you’ll know the second it happens.</p>
      </section>
      {failed?.error ? <ErrorBox error={failed.error} retry={failed.reload} /> : null}
      {SECTIONS.map(({ status, title, empty }, i) => {
        // A drop moves to its new section the moment it starts or ends, without waiting for a refresh.
        const shown = drops
          .filter((d) => phaseOf(d, now) === status)
          .map((d) => withFreshStock(d, live.fetchedAt, pushed.get(d.id)));
        const list = lists[i];
        return (
          <section class="section" aria-labelledby={`${status}-h`} key={status}>
            <div class="section-head">
              <h2 id={`${status}-h`}>{title}</h2>
              {status === "live" && shown.length ? <span class="pulse" aria-hidden="true" /> : null}
            </div>
            {list?.loading && !list.data ? <Spinner /> : null}
            {list?.data && shown.length === 0 ? <Empty>{empty}</Empty> : null}
            <div class="grid" data-testid={`drops-${status}`}>
              {shown.map((d) => (
                <DropCard key={d.id} drop={d} now={now} />
              ))}
            </div>
          </section>
        );
      })}
    </div>
  );
}
