import { useState } from "preact/hooks";
import { api } from "../api.ts";
import { forgetCreator } from "../cache.ts";
import { ImageUpload } from "../components/ImageUpload.tsx";
import { Badge, Countdown, Empty, ProductArt, Spinner, StockBar } from "../components/ui.tsx";
import { formatDateTime, formatMoney } from "../format.ts";
import { mergeDrops, phaseOf, useApi, useDocumentTitle, useNow } from "../hooks.ts";
import { session } from "../session.ts";
import { useStore } from "../store.ts";
import type { Drop, Page, Product } from "../types.ts";
import { BecomeCreator, errText, ProductForm, ScheduleDrop } from "./DashboardForms.tsx";

function MyDrop({ d, now, onCancel }: { d: Drop; now: number; onCancel: (d: Drop) => void }) {
  const phase = phaseOf(d, now);
  return (
    <li class="dash-drop" data-testid="dash-drop" data-phase={phase}>
      <ProductArt title={d.product.title} src={d.product.imageUrl} image={d.product.images[0]} size="sm" />
      <div class="dash-drop-main">
        <strong>{d.product.title}</strong>
        <span class="muted small">
          {phase === "upcoming" ? (
            <Countdown to={d.startsAt} now={now} prefix="Starts in" />
          ) : phase === "live" ? (
            <Countdown to={d.endsAt} now={now} prefix="Ends in" />
          ) : (
            `Ended ${formatDateTime(d.endsAt)}`
          )}
        </span>
        {phase !== "upcoming" ? (
          <StockBar stock={d.stock} compact />
        ) : (
          <span class="muted small">
            {d.stock.initial} pieces · {formatDateTime(d.startsAt)}
          </span>
        )}
      </div>
      <div class="dash-drop-actions">
        <Badge tone={phase === "live" ? "live" : phase === "upcoming" ? "upcoming" : "ended"}>{phase}</Badge>
        {phase === "live" ? (
          <a class="btn btn-small btn-primary" href={`/dashboard/drops/${d.id}`}>
            Live view
          </a>
        ) : (
          <a class="btn btn-small" href={`/drops/${d.id}`}>
            View
          </a>
        )}
        {phase !== "upcoming" ? (
          <a class="btn btn-small" href={`/dashboard/drops/${d.id}/orders`} data-testid="dash-orders">
            Orders<span class="sr-only"> of {d.product.title}</span>
          </a>
        ) : null}
        {phase === "upcoming" ? (
          <button type="button" class="btn btn-small btn-ghost" onClick={() => onCancel(d)}>
            Cancel<span class="sr-only"> {d.product.title}</span>
          </button>
        ) : null}
      </div>
    </li>
  );
}

export function Dashboard() {
  const s = useStore(session);
  useDocumentTitle("Creator dashboard");
  const me = s?.user.id;
  const creator = s?.user.isCreator ? me : null;
  const products = useApi<Page<Product>>(creator ? `/api/creators/${creator}/products?limit=100` : null);
  const live = useApi<Page<Drop>>(
    creator ? `/api/drops?status=live&creatorId=${creator}&limit=50` : null,
    5_000,
  );
  const upcoming = useApi<Page<Drop>>(
    creator ? `/api/drops?status=upcoming&creatorId=${creator}&limit=50` : null,
    15_000,
  );
  const ended = useApi<Page<Drop>>(creator ? `/api/drops?status=ended&creatorId=${creator}&limit=10` : null);
  const [editing, setEditing] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const lists = [live.data?.items, upcoming.data?.items, ended.data?.items];
  const now = useNow(lists.flatMap((l) => l ?? []).flatMap((d) => [d.startsAt, d.endsAt]));
  const drops = mergeDrops(lists, now);
  if (!s)
    return (
      <div class="page">
        <p>
          Log in to open your dashboard. <a href="/login?next=/dashboard">Log in</a>
        </p>
      </div>
    );
  if (!s.user.isCreator) return <BecomeCreator user={s.user} />;
  const reloadDrops = () => {
    live.reload();
    upcoming.reload();
    ended.reload();
  };
  const cancelDrop = async (d: Drop) => {
    if (!window.confirm(`Cancel the drop of ${d.product.title}?`)) return;
    try {
      await api(`/api/drops/${d.id}/cancel`, { method: "POST" });
      setNotice(`Cancelled the drop of ${d.product.title}.`);
    } catch (err) {
      setNotice(errText(err));
    }
    reloadDrops();
  };
  const items = products.data?.items ?? [];
  const replace = (saved: Product) =>
    products.set((pg) => pg && { ...pg, items: pg.items.map((x) => (x.id === saved.id ? saved : x)) });
  return (
    <div class="page">
      <div class="section-head">
        <h1>Creator dashboard</h1>
        <a class="btn btn-small" href={`/creators/${s.user.id}`}>
          View public page
        </a>
      </div>
      {notice ? (
        <p class="alert alert-info" role="status" data-testid="dash-notice">
          {notice}
        </p>
      ) : null}
      <div class="dash">
        <section class="panel" aria-labelledby="dd-h">
          <h2 id="dd-h">Your drops</h2>
          {!live.data && !upcoming.data ? <Spinner /> : null}
          {live.data && upcoming.data && drops.length === 0 ? (
            <Empty>No drops yet. Schedule one below.</Empty>
          ) : null}
          <ul class="dash-drops">
            {drops.map((d) => (
              <MyDrop key={d.id} d={d} now={now} onCancel={cancelDrop} />
            ))}
          </ul>
        </section>
        <section class="panel" aria-labelledby="ds-h">
          <h2 id="ds-h">Schedule a drop</h2>
          <ScheduleDrop
            products={items}
            onCreated={(d) => {
              setNotice(`Scheduled ${d.product.title} for ${formatDateTime(d.startsAt)}.`);
              reloadDrops();
            }}
          />
        </section>
        <section class="panel" aria-labelledby="dp-h">
          <h2 id="dp-h">Products</h2>
          <ul class="dash-products">
            {items.map((p) => (
              <li key={p.id}>
                {editing === p.id ? (
                  <>
                    <ProductForm
                      product={p}
                      onCancel={() => setEditing(undefined)}
                      onSaved={(saved) => {
                        replace(saved);
                        setEditing(undefined);
                        setNotice(`Saved ${saved.title}.`);
                      }}
                    />
                    <ImageUpload product={p} onChange={replace} />
                  </>
                ) : (
                  <div class="product-row">
                    <ProductArt title={p.title} src={p.imageUrls[0]} image={p.images[0]} size="sm" />
                    <span class="product-row-title">{p.title}</span>
                    <span class="price">{formatMoney(p.priceCents, p.currency)}</span>
                    <button type="button" class="btn btn-small btn-ghost" onClick={() => setEditing(p.id)}>
                      Edit<span class="sr-only"> {p.title}</span>
                    </button>
                  </div>
                )}
              </li>
            ))}
          </ul>
          <details class="new-product" open={items.length === 0}>
            <summary>Add a product</summary>
            <ProductForm
              onSaved={(p) => {
                products.set((pg) => (pg ? { ...pg, items: [p, ...pg.items] } : pg));
                forgetCreator(s.user.id);
                setNotice(`Added ${p.title}.`);
              }}
            />
          </details>
        </section>
      </div>
    </div>
  );
}
