/** One line of a chart: its name, colour and values (oldest first; null: no figure then). */
export interface Series {
  name: string;
  color: string;
  values: (number | null)[];
}

const W = 320;
const H = 96;
const PAD = 4;

/**
 * A small line chart in SVG: no chart library for a few polylines. The y axis starts at 0 and
 * ends at the largest value shown (or `max`), so a flat line at the top is the peak, not 100%.
 */
export function LineChart({
  title,
  series,
  unit,
  max,
  format = (n) => fmt(n),
}: {
  title: string;
  series: Series[];
  unit?: string;
  max?: number;
  format?: (n: number) => string;
}) {
  const all = series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  const top = max ?? Math.max(...all, 0) * 1.1;
  const scale = top > 0 ? top : 1;
  const n = Math.max(2, ...series.map((s) => s.values.length));
  const x = (i: number) => PAD + (i * (W - 2 * PAD)) / (n - 1);
  const y = (v: number) => H - PAD - (Math.min(v, scale) / scale) * (H - 2 * PAD);
  const path = (values: (number | null)[]) => {
    let d = "";
    let pen = false;
    values.forEach((v, i) => {
      if (v === null) {
        pen = false;
        return;
      }
      d += `${pen ? "L" : "M"}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
      pen = true;
    });
    return d;
  };
  const latest = (s: Series) => [...s.values].reverse().find((v): v is number => v !== null);
  return (
    <figure class="ops-chart" data-testid="ops-chart">
      <figcaption>
        <strong>{title}</strong>
        <span class="ops-chart-legend">
          {series.map((s) => {
            const v = latest(s);
            return (
              <span key={s.name}>
                <i style={{ background: s.color }} aria-hidden="true" /> {s.name}{" "}
                <b data-testid="ops-figure">
                  {v === undefined ? "–" : `${format(v)}${unit ? ` ${unit}` : ""}`}
                </b>
              </span>
            );
          })}
        </span>
      </figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`${title}, last ${n} samples`}
        preserveAspectRatio="none"
      >
        <line x1={PAD} x2={W - PAD} y1={H - PAD} y2={H - PAD} class="ops-chart-axis" />
        {series.map((s) => (
          <path key={s.name} d={path(s.values)} stroke={s.color} fill="none" stroke-width="2" />
        ))}
      </svg>
      <div class="ops-chart-scale muted small">
        <span>0</span>
        <span>
          {format(top)}
          {unit ? ` ${unit}` : ""}
        </span>
      </div>
    </figure>
  );
}

/** Figures for people: 3 significant digits, thousands grouped. */
export function fmt(n: number): string {
  if (!Number.isFinite(n)) return "–";
  if (n === 0) return "0";
  const a = Math.abs(n);
  if (a >= 1000) return Math.round(n).toLocaleString("en");
  return Number(n.toPrecision(3)).toString();
}
