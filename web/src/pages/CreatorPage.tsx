import { useEffect, useState } from "preact/hooks";
import { ApiError, api, gql } from "../api.ts";
import { forgetCreator } from "../cache.ts";
import { DropCard } from "../components/DropCard.tsx";
import { Empty, ErrorBox, PageStatus, ProductArt, ProductGallery, Spinner } from "../components/ui.tsx";
import { formatMoney } from "../format.ts";
import { mergeDrops, useApi, useDocumentTitle, useNow } from "../hooks.ts";
import { listenToCreator } from "../push.ts";
import { navigate } from "../router.ts";
import { session } from "../session.ts";
import { useStore } from "../store.ts";
import type { Creator, Drop, Page, Product } from "../types.ts";
import { enableWebPush } from "../webpush.ts";

/** Whether the signed-in user follows a creator (GraphQL `meFollows`: a plain yes/no, no 404 for "no"). */
async function followsCreator(creatorId: string): Promise<boolean> {
  const r = await gql<{ creator: { meFollows: boolean } | null }>(
    "query Follows($id: ID!) { creator(id: $id) { meFollows } }",
    { id: creatorId },
  );
  return r.creator?.meFollows ?? false;
}

function FollowButton({ creator, onChange }: { creator: Creator; onChange: (delta: number) => void }) {
  const s = useStore(session);
  const [following, setFollowing] = useState<boolean>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => {
    setFollowing(undefined);
    if (!s) return;
    followsCreator(creator.id).then(setFollowing, () => setFollowing(false));
  }, [creator.id, s?.user.id]);
  if (!s) {
    return (
      <a class="btn btn-primary" href={`/login?next=/creators/${creator.id}`}>
        Log in to follow
      </a>
    );
  }
  if (s.user.id === creator.id)
    return (
      <a class="btn" href="/dashboard">
        Open dashboard
      </a>
    );
  const toggle = async () => {
    const next = !following;
    setBusy(true);
    setError(undefined);
    try {
      await api(`/api/creators/${creator.id}/follow`, { method: next ? "PUT" : "DELETE" });
      setFollowing(next);
      listenToCreator(creator.id, next);
      forgetCreator(creator.id);
      onChange(next ? 1 : -1);
      // The moment a browser notification makes sense: "tell me when they drop".
      if (next) void enableWebPush();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Could not update");
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        class={`btn ${following ? "btn-secondary" : "btn-primary"}`}
        aria-pressed={following ?? false}
        disabled={busy || following === undefined}
        onClick={toggle}
        data-testid="follow"
      >
        {following === undefined ? "…" : following ? "Following" : "Follow"}
      </button>
      {error ? (
        <p class="error-text" role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}

export function CreatorPage({ id }: { id: string }) {
  const creator = useApi<Creator>(`/api/creators/${id}`);
  const live = useApi<Page<Drop>>(`/api/drops?status=live&creatorId=${id}&limit=12`, 5_000);
  const upcoming = useApi<Page<Drop>>(`/api/drops?status=upcoming&creatorId=${id}&limit=12`, 15_000);
  const ended = useApi<Page<Drop>>(`/api/drops?status=ended&creatorId=${id}&limit=6`);
  const products = useApi<Page<Product>>(`/api/creators/${id}/products?limit=24`);
  const lists = [live.data?.items, upcoming.data?.items, ended.data?.items];
  const now = useNow(lists.flatMap((l) => l ?? []).flatMap((d) => [d.startsAt, d.endsAt]));
  const drops = mergeDrops(lists, now);
  const c = creator.data;
  useDocumentTitle(c?.displayName);
  if (!c) return <PageStatus loaded={creator} />;
  const followers = c.followerCount ?? 0;
  return (
    <div class="page">
      <section class="profile">
        <div class="profile-avatar" aria-hidden="true">
          {c.displayName.trim()[0]?.toUpperCase()}
        </div>
        <div class="profile-text">
          <h1>{c.displayName}</h1>
          <p class="muted">@{c.handle}</p>
          {c.bio ? <p>{c.bio}</p> : null}
          <p class="profile-stats">
            <span data-testid="follower-count">
              <strong>{followers.toLocaleString()}</strong> {followers === 1 ? "follower" : "followers"}
            </span>
            <span>
              <strong>{(products.data?.items.length ?? 0).toLocaleString()}</strong> products
            </span>
          </p>
        </div>
        <div class="profile-actions">
          <FollowButton
            creator={c}
            onChange={(delta) =>
              creator.set((x) => x && { ...x, followerCount: Math.max(0, (x.followerCount ?? 0) + delta) })
            }
          />
        </div>
      </section>
      <section class="section" aria-labelledby="cd-h">
        <h2 id="cd-h">Drops</h2>
        {drops.length === 0 ? <Empty>No drops yet.</Empty> : null}
        <div class="grid">
          {drops.map((d) => (
            <DropCard key={d.id} drop={d} now={now} />
          ))}
        </div>
      </section>
      <section class="section" aria-labelledby="cp-h">
        <h2 id="cp-h">Products</h2>
        {products.data && products.data.items.length === 0 ? <Empty>No products yet.</Empty> : null}
        <ProductGrid items={products.data?.items ?? []} />
      </section>
    </div>
  );
}

export function ProductGrid({ items }: { items: Product[] }) {
  return (
    <ul class="product-list">
      {items.map((p) => (
        <li key={p.id}>
          <a href={`/products/${p.id}`} class="product-row">
            <ProductArt title={p.title} src={p.imageUrls[0]} image={p.images[0]} size="sm" />
            <span class="product-row-title">{p.title}</span>
            <span class="price">{formatMoney(p.priceCents, p.currency)}</span>
          </a>
        </li>
      ))}
    </ul>
  );
}

export function ProductPage({ id }: { id: string }) {
  const product = useApi<Product>(`/api/products/${id}`);
  const p = product.data;
  const creator = useApi<Creator>(p ? `/api/creators/${p.creatorId}` : null);
  const lists = ["live", "upcoming", "ended"].map((st) =>
    useApi<Page<Drop>>(p ? `/api/drops?status=${st}&creatorId=${p.creatorId}&limit=50` : null),
  );
  const own = lists.map((l) => l.data?.items.filter((d) => d.productId === id));
  const now = useNow(own.flatMap((l) => l ?? []).flatMap((d) => [d.startsAt, d.endsAt]));
  const drops = mergeDrops(own, now);
  useDocumentTitle(p?.title);
  if (product.error && !p)
    return (
      <div class="page">
        <ErrorBox error={product.error} />
      </div>
    );
  if (!p)
    return (
      <div class="page">
        <Spinner />
      </div>
    );
  return (
    <div class="page">
      <div class="drop-layout">
        <div class="drop-media">
          <ProductGallery title={p.title} images={p.images} src={p.imageUrls[0]} />
        </div>
        <div class="drop-info">
          <h1>{p.title}</h1>
          {creator.data ? (
            <p class="drop-by">
              by <a href={`/creators/${p.creatorId}`}>{creator.data.displayName}</a>
            </p>
          ) : null}
          <p class="drop-price">
            <strong>{formatMoney(p.priceCents, p.currency)}</strong>
          </p>
          <p>{p.description}</p>
          <h2>Drops of this product</h2>
          {drops.length === 0 && lists.every((l) => l.data) ? (
            <Empty>No drops of this product yet.</Empty>
          ) : null}
          <div class="grid grid-2">
            {drops.map((d) => (
              <DropCard key={d.id} drop={d} now={now} />
            ))}
          </div>
        </div>
      </div>
    </div>
  );
}

export function SearchPage({ q }: { q: string }) {
  const products = useApi<Page<Product>>(q ? `/api/products?query=${encodeURIComponent(q)}&limit=50` : null);
  const creators = useApi<Page<Creator>>(q ? `/api/creators?query=${encodeURIComponent(q)}&limit=10` : null);
  useDocumentTitle(`Search: ${q}`);
  return (
    <div class="page">
      <h1>Results for “{q}”</h1>
      {creators.data?.items.length ? (
        <section class="section" aria-labelledby="sc-h">
          <h2 id="sc-h">Creators</h2>
          <ul class="chips">
            {creators.data.items.map((c) => (
              <li key={c.id}>
                <a class="chip" href={`/creators/${c.id}`}>
                  {c.displayName} <span class="muted">@{c.handle}</span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section class="section" aria-labelledby="sp-h">
        <h2 id="sp-h">Products</h2>
        {products.loading ? <Spinner /> : null}
        {products.data && products.data.items.length === 0 ? <Empty>No products match.</Empty> : null}
        <ProductGrid items={products.data?.items ?? []} />
      </section>
      <p>
        <button type="button" class="btn btn-ghost" onClick={() => navigate("/")}>
          Back to drops
        </button>
      </p>
    </div>
  );
}
