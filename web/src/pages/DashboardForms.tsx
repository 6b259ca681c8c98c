import { useState } from "preact/hooks";
import { ApiError, api } from "../api.ts";
import { Empty } from "../components/ui.tsx";
import { formatMoney, minorPerMajor, toLocalInput } from "../format.ts";
import { updateUser } from "../session.ts";
import type { Creator, Drop, Product, User } from "../types.ts";

/** An API error as one line, with the fields a validation error names. */
export const errText = (err: unknown) => {
  if (!(err instanceof ApiError)) return "Something went wrong";
  const details = Array.isArray(err.details)
    ? (err.details as { path?: string; message?: string }[]).map((d) =>
        `${d.path?.replace(/^\//, "") ?? ""} ${d.message ?? ""}`.trim(),
      )
    : [];
  return details.length ? `${err.message.split(":")[0]}: ${details.join("; ")}` : err.message;
};

export function BecomeCreator({ user }: { user: User }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    setBusy(true);
    setError(undefined);
    try {
      await api<Creator>("/api/creators", {
        method: "POST",
        body: {
          handle: String(f.get("handle")),
          displayName: String(f.get("displayName")),
          bio: String(f.get("bio") ?? ""),
        },
      });
      updateUser(await api<User>(`/api/users/${user.id}`));
    } catch (err) {
      setError(errText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="page narrow">
      <form class="panel form" onSubmit={submit}>
        <h1>Become a creator</h1>
        <p class="muted">Sell limited drops to your followers.</p>
        <div class="field">
          <label for="handle">Handle</label>
          <input
            id="handle"
            name="handle"
            required
            pattern="[a-zA-Z0-9_]{3,30}"
            aria-describedby="handle-hint"
          />
          <p id="handle-hint" class="muted small">
            3–30 letters, digits or _
          </p>
        </div>
        <div class="field">
          <label for="displayName">Display name</label>
          <input id="displayName" name="displayName" required defaultValue={user.name} />
        </div>
        <div class="field">
          <label for="bio">Bio</label>
          <textarea id="bio" name="bio" rows={3} maxLength={1000} />
        </div>
        {error ? (
          <p class="alert alert-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" class="btn btn-primary" disabled={busy}>
          Create creator profile
        </button>
      </form>
    </div>
  );
}

export function ProductForm({
  product,
  onSaved,
  onCancel,
}: {
  product?: Product;
  onSaved: (p: Product) => void;
  onCancel?: () => void;
}) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const idp = product ? `p-${product.id.slice(0, 8)}` : "np";
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const f = new FormData(form);
    const currency = String(f.get("currency")).toUpperCase();
    const image = String(f.get("image") ?? "").trim();
    const body = {
      title: String(f.get("title")),
      description: String(f.get("description") ?? ""),
      priceCents: Math.round(Number(f.get("price")) * minorPerMajor(currency)),
      currency,
      imageUrls: image ? [image] : [],
    };
    setBusy(true);
    setError(undefined);
    try {
      const saved = product
        ? await api<Product>(`/api/products/${product.id}`, { method: "PUT", body })
        : await api<Product>("/api/products", { method: "POST", body });
      if (!product) form.reset();
      onSaved(saved);
    } catch (err) {
      setError(errText(err));
    } finally {
      setBusy(false);
    }
  };
  const major = product ? product.priceCents / minorPerMajor(product.currency) : undefined;
  return (
    <form
      class="form grid-form"
      onSubmit={submit}
      aria-label={product ? `Edit ${product.title}` : "New product"}
    >
      <div class="field span-2">
        <label for={`${idp}-title`}>Title</label>
        <input id={`${idp}-title`} name="title" required maxLength={200} defaultValue={product?.title} />
      </div>
      <div class="field">
        <label for={`${idp}-price`}>Price</label>
        <input
          id={`${idp}-price`}
          name="price"
          type="number"
          min="0"
          step="0.01"
          required
          defaultValue={major?.toString()}
        />
      </div>
      <div class="field">
        <label for={`${idp}-currency`}>Currency</label>
        <select id={`${idp}-currency`} name="currency" defaultValue={product?.currency ?? "USD"}>
          {["USD", "EUR", "GBP", "JPY", "CAD", "AUD"].map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </div>
      <div class="field span-2">
        <label for={`${idp}-description`}>Description</label>
        <textarea
          id={`${idp}-description`}
          name="description"
          rows={2}
          maxLength={5000}
          defaultValue={product?.description}
        />
      </div>
      <div class="field span-2">
        <label for={`${idp}-image`}>Image URL (optional)</label>
        <input
          id={`${idp}-image`}
          name="image"
          type="url"
          placeholder="https://…"
          defaultValue={product?.imageUrls[0]}
        />
      </div>
      {error ? (
        <p class="alert alert-error span-2" role="alert">
          {error}
        </p>
      ) : null}
      <p class="actions span-2">
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {product ? "Save changes" : "Add product"}
        </button>
        {onCancel ? (
          <button type="button" class="btn btn-ghost" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </p>
    </form>
  );
}

/** "S:3, M:5, L:2" -> variants; an empty field -> none; a malformed one -> what is wrong. */
function parseSizes(text: string): { name: string; stock: number }[] | string {
  const parts = text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  const sizes = [];
  for (const part of parts) {
    const m = /^(.+?)\s*[:=]\s*(\d+)$/.exec(part);
    if (!m) return `Write each size as name:stock, e.g. "S:3" (got "${part}").`;
    sizes.push({ name: (m[1] ?? "").trim(), stock: Number(m[2]) });
  }
  return sizes;
}

export function ScheduleDrop({ products, onCreated }: { products: Product[]; onCreated: (d: Drop) => void }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [start] = useState(() => new Date(Date.now() + 10 * 60_000));
  const [raffle, setRaffle] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const f = new FormData(form);
    const startsAt = new Date(String(f.get("startsAt")));
    const minutes = Number(f.get("duration"));
    const limit = String(f.get("limit") ?? "").trim();
    const override = String(f.get("override") ?? "").trim();
    const product = products.find((p) => p.id === f.get("productId"));
    if (Number.isNaN(startsAt.getTime())) return setError("Pick a start time.");
    const sizes = parseSizes(String(f.get("sizes") ?? ""));
    if (typeof sizes === "string") return setError(sizes);
    const shipsTo = String(f.get("shipsTo") ?? "")
      .split(/[\s,]+/)
      .map((c) => c.trim().toUpperCase())
      .filter(Boolean);
    const body: Record<string, unknown> = {
      productId: String(f.get("productId")),
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + minutes * 60_000).toISOString(),
      // Sizes, each with its own stock, replace the one stock number.
      ...(sizes.length ? { variants: sizes } : { initialStock: Number(f.get("stock")) }),
      lowStockThreshold: Number(f.get("low") || 0),
      perUserLimit: limit ? Number(limit) : null,
      access: String(f.get("access") ?? "open"),
      admitPerSecond: Number(f.get("admitPerSecond") || 50),
      botProtection: f.get("botProtection") === "on",
    };
    if (shipsTo.length && product) {
      body.shipsTo = shipsTo;
      body.shippingFeeCents = Math.round(Number(f.get("shippingFee") || 0) * minorPerMajor(product.currency));
    }
    if (override && product)
      body.priceOverrideCents = Math.round(Number(override) * minorPerMajor(product.currency));
    if (f.get("access") === "raffle") {
      // Entries close this many minutes before the start; the draw runs then.
      const closeBefore = Number(f.get("closeBefore"));
      body.access = "raffle";
      body.entriesCloseAt = new Date(startsAt.getTime() - closeBefore * 60_000).toISOString();
      body.claimTtlSeconds = Number(f.get("claimMinutes")) * 60;
    }
    setBusy(true);
    setError(undefined);
    try {
      onCreated(await api<Drop>("/api/drops", { method: "POST", body }));
      setError(undefined);
    } catch (err) {
      setError(errText(err));
    } finally {
      setBusy(false);
    }
  };
  if (products.length === 0) return <Empty>Add a product first, then schedule its drop.</Empty>;
  return (
    <form class="form grid-form" onSubmit={submit} aria-label="Schedule a drop">
      <div class="field span-2">
        <label for="sd-product">Product</label>
        <select id="sd-product" name="productId" required>
          {products.map((p) => (
            <option key={p.id} value={p.id}>
              {p.title} · {formatMoney(p.priceCents, p.currency)}
            </option>
          ))}
        </select>
      </div>
      <div class="field span-2">
        <label for="sd-start">Starts at</label>
        <input
          id="sd-start"
          name="startsAt"
          type="datetime-local"
          step="1"
          required
          defaultValue={toLocalInput(start)}
        />
      </div>
      <div class="field">
        <label for="sd-duration">Runs for</label>
        <select id="sd-duration" name="duration" defaultValue="60">
          <option value="5">5 minutes</option>
          <option value="15">15 minutes</option>
          <option value="60">1 hour</option>
          <option value="360">6 hours</option>
          <option value="1440">1 day</option>
        </select>
      </div>
      <div class="field">
        <label for="sd-stock">Stock</label>
        <input id="sd-stock" name="stock" type="number" min="1" defaultValue="100" />
      </div>
      <div class="field span-2">
        <label for="sd-sizes">Sizes with their stock (optional, replaces Stock)</label>
        <input id="sd-sizes" name="sizes" placeholder="S:3, M:5, L:2" autocomplete="off" />
      </div>
      <div class="field">
        <label for="sd-ships">Ships to (optional)</label>
        <input id="sd-ships" name="shipsTo" placeholder="DE, FR, NL" autocomplete="off" />
      </div>
      <div class="field">
        <label for="sd-fee">Shipping fee</label>
        <input id="sd-fee" name="shippingFee" type="number" min="0" step="0.01" placeholder="0.00" />
      </div>
      <div class="field">
        <label for="sd-limit">Limit per person</label>
        <input id="sd-limit" name="limit" type="number" min="1" placeholder="No limit" defaultValue="2" />
      </div>
      <div class="field">
        <label for="sd-low">Low-stock alert at</label>
        <input id="sd-low" name="low" type="number" min="0" defaultValue="10" />
      </div>
      <div class="field">
        <label for="sd-access">Access</label>
        <select
          id="sd-access"
          name="access"
          defaultValue="open"
          onChange={(e) => setRaffle((e.target as HTMLSelectElement).value === "raffle")}
        >
          <option value="open">Open: anyone buys while live</option>
          <option value="queue">Waiting room: buyers let in from a line</option>
          <option value="raffle">Raffle: a verifiable draw picks the buyers</option>
        </select>
      </div>
      <div class="field">
        <label for="sd-admit">Let in per second (waiting room)</label>
        <input id="sd-admit" name="admitPerSecond" type="number" min="1" max="100000" defaultValue="50" />
      </div>
      <div class="field span-2">
        <label>
          <input name="botProtection" type="checkbox" /> Bot protection: buyers' browsers solve a short
          proof-of-work puzzle before joining or ordering
        </label>
      </div>
      <div class="field span-2">
        <label for="sd-override">Drop price (optional)</label>
        <input
          id="sd-override"
          name="override"
          type="number"
          min="0"
          step="0.01"
          placeholder="Product price"
        />
      </div>
      {raffle ? (
        <>
          <div class="field">
            <label for="sd-close">Entries close</label>
            <select id="sd-close" name="closeBefore" defaultValue="5">
              <option value="1">1 minute before the start</option>
              <option value="5">5 minutes before the start</option>
              <option value="60">1 hour before the start</option>
              <option value="1440">1 day before the start</option>
            </select>
          </div>
          <div class="field">
            <label for="sd-claim">Winners have</label>
            <select id="sd-claim" name="claimMinutes" defaultValue="10">
              <option value="5">5 minutes to buy</option>
              <option value="10">10 minutes to buy</option>
              <option value="30">30 minutes to buy</option>
              <option value="60">1 hour to buy</option>
            </select>
          </div>
          <p class="muted small span-2">
            Winners = stock ÷ limit per person. The draw's seed is committed now and published after the draw,
            so anyone can check it.
          </p>
        </>
      ) : null}
      {error ? (
        <p class="alert alert-error span-2" role="alert">
          {error}
        </p>
      ) : null}
      <p class="actions span-2">
        <button type="submit" class="btn btn-primary" disabled={busy} data-testid="schedule-drop">
          {busy ? "Scheduling…" : "Schedule drop"}
        </button>
      </p>
    </form>
  );
}
