import { formatMoney } from "../format.ts";

/** One series of the sales endpoint: a variant (or the whole drop) and its points over time. */
export interface SalesSeries {
  variant: { id: string; name: string } | null;
  points: { at: string; units: number; revenueCents: number }[];
}

const COLORS = ["var(--upcoming)", "var(--live)", "var(--accent)", "var(--warn)", "var(--muted)"];

/**
 * Stacked bars over time, one colour per variant, hand-drawn in SVG (no chart library: the
 * dashboard needs bars and an axis, not a kilobyte budget of features). `pick` chooses the
 * figure drawn (units or revenue). Buckets without sales are left out by the API, so the
 * x axis is the buckets that sold, in order; the labels say when.
 */
export function SalesChart({
  series,
  pick,
  title,
  currency,
}: {
  series: SalesSeries[];
  pick: "units" | "revenueCents";
  title: string;
  currency: string;
}) {
  const buckets = [...new Set(series.flatMap((s) => s.points.map((p) => p.at)))].sort();
  const value = (s: SalesSeries, at: string) => s.points.find((p) => p.at === at)?.[pick] ?? 0;
  const stacks = buckets.map((at) => series.map((s) => value(s, at)));
  const max = Math.max(1, ...stacks.map((xs) => xs.reduce((a, b) => a + b, 0)));
  const w = 600;
  const h = 160;
  const slot = w / Math.max(1, buckets.length);
  const bar = Math.max(2, slot * 0.7);
  const fmt = (v: number) => (pick === "units" ? `${v}` : formatMoney(v, currency));
  const total = stacks.flat().reduce((a, b) => a + b, 0);
  const label = (at: string) =>
    new Date(at).toLocaleString(undefined, { dateStyle: "short", timeStyle: "short" });
  return (
    <figure class="chart" data-testid={`sales-${pick}`}>
      <figcaption>
        <span>{title}</span>
        <strong>{fmt(total)}</strong>
      </figcaption>
      <svg
        viewBox={`0 0 ${w} ${h}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`${title}: ${fmt(total)}`}
      >
        {[0.25, 0.5, 0.75].map((f) => (
          <line key={f} x1="0" x2={w} y1={h * f} y2={h * f} class="grid-line" />
        ))}
        {stacks.map((xs, i) => {
          let y = h;
          return xs.map((v, j) => {
            const bh = (v / max) * (h - 10);
            y -= bh;
            return (
              <rect
                key={`${buckets[i]}-${j}`}
                x={i * slot + (slot - bar) / 2}
                y={y}
                width={bar}
                height={bh}
                style={{ fill: COLORS[j % COLORS.length] }}
              >
                <title>{`${label(buckets[i] ?? "")} ${series[j]?.variant?.name ?? "All"}: ${fmt(v)}`}</title>
              </rect>
            );
          });
        })}
      </svg>
      <div class="chart-axis muted small">
        <span>{buckets[0] ? label(buckets[0]) : "no sales yet"}</span>
        <span>
          {series.map((s, j) => (
            <span
              key={s.variant?.id ?? "all"}
              style={{ color: COLORS[j % COLORS.length], marginRight: "0.75em" }}
            >
              ■ {s.variant?.name ?? "All"}
            </span>
          ))}
        </span>
        <span>{buckets.length > 1 ? label(buckets[buckets.length - 1] ?? "") : ""}</span>
      </div>
    </figure>
  );
}
