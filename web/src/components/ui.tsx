import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { formatCountdown, spokenCountdown } from "../format.ts";
import type { ProductImage, Stock } from "../types.ts";

/** How wide each art size is drawn, so the browser picks the smallest rendition of `srcset` that is sharp. */
const SIZES = {
  sm: "40px",
  md: "(max-width: 640px) 100vw, (max-width: 860px) 50vw, 300px",
  lg: "(max-width: 860px) 100vw, 580px",
} as const;

/**
 * Generated art (a gradient and initials) behind the product photo, shown alone when there is
 * none. An uploaded image comes with its renditions (`srcset`, picked by `sizes`); a plain
 * image URL (`src`) is the fallback.
 */
export function ProductArt({
  title,
  src,
  image,
  size = "md",
}: {
  title: string;
  src?: string | null;
  image?: ProductImage | null;
  size?: "sm" | "md" | "lg";
}) {
  const [failed, setFailed] = useState(false);
  let h = 0;
  for (const ch of title) h = (h * 31 + ch.charCodeAt(0)) % 360;
  const initials = title
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase())
    .join("");
  return (
    <div
      class={`art art-${size}`}
      style={{ background: `linear-gradient(135deg, hsl(${h} 70% 58%), hsl(${(h + 60) % 360} 75% 42%))` }}
    >
      <span aria-hidden="true">{initials}</span>
      {image && !failed ? (
        <img
          src={image.url}
          srcset={image.srcset}
          sizes={SIZES[size]}
          width={image.width}
          height={image.height}
          alt=""
          loading="lazy"
          decoding="async"
          onError={() => setFailed(true)}
        />
      ) : src && !failed ? (
        <img src={src} alt="" loading="lazy" decoding="async" onError={() => setFailed(true)} />
      ) : null}
    </div>
  );
}

/** A product's uploaded images: the chosen one large, the others as buttons beneath. */
export function ProductGallery({
  title,
  images,
  src,
}: {
  title: string;
  images: ProductImage[];
  src?: string | null;
}) {
  const [shown, setShown] = useState(0);
  const current = images[shown] ?? images[0];
  return (
    <div class="gallery">
      <ProductArt key={current?.id} title={title} image={current} src={src} size="lg" />
      {images.length > 1 ? (
        <div class="gallery-thumbs">
          {images.map((img, i) => (
            <button
              type="button"
              key={img.id}
              class={`gallery-thumb ${i === shown ? "active" : ""}`}
              aria-label={`Show image ${i + 1} of ${images.length}`}
              aria-pressed={i === shown}
              onClick={() => setShown(i)}
            >
              <img src={img.url} srcset={img.srcset} sizes="64px" alt="" loading="lazy" decoding="async" />
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}

export function StockBar({ stock, low, compact }: { stock: Stock; low?: number; compact?: boolean }) {
  const { initial, available, reserved, sold } = stock;
  const pct = (n: number) => (initial > 0 ? (100 * n) / initial : 0);
  const isLow = low !== undefined && available > 0 && available <= low;
  const label = available === 0 ? "Sold out" : `${available} of ${initial} left`;
  return (
    <div class={`stock ${compact ? "stock-compact" : ""}`}>
      {/* biome-ignore lint/a11y/useSemanticElements: a native <meter> cannot show sold and reserved as two segments */}
      <div
        class="stock-bar"
        role="meter"
        aria-label="Stock left"
        aria-valuemin={0}
        aria-valuemax={initial}
        aria-valuenow={available}
        aria-valuetext={label}
      >
        <span class="stock-sold" style={{ width: `${pct(sold)}%` }} />
        <span class="stock-reserved" style={{ width: `${pct(reserved)}%` }} />
      </div>
      <div class="stock-text">
        <strong class={isLow ? "low" : available === 0 ? "out" : ""} data-testid="stock-available">
          {label}
        </strong>
        {!compact && reserved > 0 ? <span class="muted">{reserved} in checkout</span> : null}
      </div>
    </div>
  );
}

export function Countdown({ to, now, prefix }: { to: string; now: number; prefix: string }) {
  const ms = Date.parse(to) - now;
  return (
    <span class="countdown" title={new Date(to).toLocaleString()}>
      <span class="sr-only">
        {prefix} {spokenCountdown(ms)}
      </span>
      <span aria-hidden="true">
        {prefix} <time dateTime={to}>{formatCountdown(ms)}</time>
      </span>
    </span>
  );
}

export function Badge({
  tone,
  children,
}: {
  tone: "live" | "upcoming" | "ended" | "neutral" | "warn";
  children: ComponentChildren;
}) {
  return <span class={`badge badge-${tone}`}>{children}</span>;
}

export const Spinner = ({ label = "Loading" }: { label?: string }) => (
  <div class="spinner" role="status">
    <span class="sr-only">{label}…</span>
  </div>
);

export function ErrorBox({ error, retry }: { error: Error; retry?: () => void }) {
  return (
    <div class="alert alert-error" role="alert">
      <p>{error.message || "Something went wrong."}</p>
      {retry ? (
        <button type="button" class="btn btn-small" onClick={retry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

/** What a page shows before its data is there: the error (with a retry) or a spinner. */
export function PageStatus({ loaded }: { loaded: { error?: Error; reload?: () => void } }) {
  return (
    <div class="page">
      {loaded.error ? <ErrorBox error={loaded.error} retry={loaded.reload} /> : <Spinner />}
    </div>
  );
}

export const Empty = ({ children }: { children: ComponentChildren }) => <p class="empty">{children}</p>;
