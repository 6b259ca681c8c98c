import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, api } from "../api.ts";
import { Badge, Countdown, PageStatus, StockBar } from "../components/ui.tsx";
import { formatMoney } from "../format.ts";
import { phaseOf, useDocumentTitle, useLiveDrop, useNow } from "../hooks.ts";
import type { Stock } from "../types.ts";

const WINDOW = 60;

/** Units claimed (reserved or sold) per second over the last minute, from successive stock snapshots. */
function useRate(stock: Stock | undefined): number[] {
  const latest = useRef(stock);
  latest.current = stock;
  const prev = useRef<number | undefined>(undefined);
  const [series, setSeries] = useState<number[]>(() => Array(WINDOW).fill(0));
  useEffect(() => {
    const t = setInterval(() => {
      const s = latest.current;
      if (!s) return;
      const claimed = s.sold + s.reserved;
      const delta = prev.current === undefined ? 0 : Math.max(0, claimed - prev.current);
      prev.current = claimed;
      setSeries((xs) => [...xs.slice(1), delta]);
    }, 1000);
    return () => clearInterval(t);
  }, []);
  return series;
}

function RateChart({ series }: { series: number[] }) {
  const w = 600;
  const h = 160;
  const max = Math.max(4, ...series);
  const step = w / (series.length - 1);
  const pts = series.map((v, i) => `${(i * step).toFixed(1)},${(h - (v / max) * (h - 10)).toFixed(1)}`);
  const last = series[series.length - 1] ?? 0;
  const total = series.reduce((a, b) => a + b, 0);
  return (
    <figure class="chart">
      <figcaption>
        <span>Units ordered per second, last minute</span>
        <strong data-testid="rate-now">{last}/s now</strong>
      </figcaption>
      <svg
        viewBox={`0 0 ${w} ${h}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`${total} units ordered in the last minute, ${last} in the last second`}
      >
        {[0.25, 0.5, 0.75].map((f) => (
          <line key={f} x1="0" x2={w} y1={h * f} y2={h * f} class="grid-line" />
        ))}
        <polygon points={`0,${h} ${pts.join(" ")} ${w},${h}`} class="area" />
        <polyline points={pts.join(" ")} class="line" />
      </svg>
      <div class="chart-axis muted small" aria-hidden="true">
        <span>60 s ago</span>
        <span>peak {Math.max(...series)}/s</span>
        <span>now</span>
      </div>
    </figure>
  );
}

export function LiveView({ id }: { id: string }) {
  const drop = useLiveDrop(id);
  const d = drop.data;
  const now = useNow(d ? [d.startsAt, d.endsAt] : []);
  const series = useRate(d?.stock);
  const [msg, setMsg] = useState<string>();
  useDocumentTitle(d ? `Live: ${d.product.title}` : "Live view");
  if (!d) return <PageStatus loaded={drop} />;
  const phase = phaseOf(d, now);
  const revenue = d.stock.sold * d.priceCents;
  const end = async () => {
    if (!window.confirm("End this drop now? No more orders will be accepted.")) return;
    try {
      await api(`/api/drops/${d.id}/cancel`, { method: "POST" });
      drop.reload();
    } catch (err) {
      setMsg(err instanceof ApiError ? err.message : "Could not end the drop");
    }
  };
  return (
    <div class="page">
      <nav class="crumbs" aria-label="Breadcrumb">
        <a href="/dashboard">Dashboard</a> <span aria-hidden="true">/</span> Live view
      </nav>
      <div class="section-head">
        <h1>{d.product.title}</h1>
        <p class="live-head">
          <Badge tone={phase === "live" ? "live" : phase === "upcoming" ? "upcoming" : "ended"}>
            {phase}
          </Badge>
          {phase === "live" ? <Countdown to={d.endsAt} now={now} prefix="Ends in" /> : null}
          {phase === "upcoming" ? <Countdown to={d.startsAt} now={now} prefix="Starts in" /> : null}
        </p>
      </div>
      <div class="stats" data-testid="live-stats">
        <div class="stat">
          <span class="stat-label">Sold</span>
          <strong class="stat-value" data-testid="stat-sold">
            {d.stock.sold}
          </strong>
        </div>
        <div class="stat">
          <span class="stat-label">Reserved</span>
          <strong class="stat-value" data-testid="stat-reserved">
            {d.stock.reserved}
          </strong>
        </div>
        <div class="stat">
          <span class="stat-label">Available</span>
          <strong class="stat-value" data-testid="stat-available">
            {d.stock.available}
          </strong>
        </div>
        <div class="stat">
          <span class="stat-label">Revenue</span>
          <strong class="stat-value">{formatMoney(revenue, d.currency)}</strong>
        </div>
      </div>
      <div class="panel">
        <StockBar stock={d.stock} low={d.lowStockThreshold} />
        <p class="legend muted small" aria-hidden="true">
          <span class="key key-sold" /> sold <span class="key key-reserved" /> reserved{" "}
          <span class="key key-available" /> available
        </p>
        <RateChart series={series} />
      </div>
      <p class="actions">
        <a class="btn" href={`/drops/${d.id}`}>
          Open shop page
        </a>
        {phase === "live" ? (
          <button type="button" class="btn btn-danger" onClick={end}>
            End drop now
          </button>
        ) : null}
      </p>
      {msg ? (
        <p class="alert alert-error" role="alert">
          {msg}
        </p>
      ) : null}
    </div>
  );
}
