import { useEffect, useState } from "preact/hooks";
import { ApiError, api, newIdempotencyKey } from "../api.ts";
import { useCreatorName } from "../components/DropCard.tsx";
import { RemindMe } from "../components/RemindMe.tsx";
import { Badge, Countdown, PageStatus, ProductGallery, StockBar } from "../components/ui.tsx";
import { formatDateTime, formatMoney } from "../format.ts";
import { phaseOf, useApi, useDocumentTitle, useLiveDrop, useNow } from "../hooks.ts";
import { location } from "../router.ts";
import { session } from "../session.ts";
import { useStore } from "../store.ts";
import type { Drop, OrderResult, Product, Stock } from "../types.ts";

const METHODS = [
  { id: "pm_card_ok", label: "Test card: pays", hint: "Visa •••• 4242" },
  { id: "pm_card_declined", label: "Test card: declined", hint: "Always declined" },
  { id: "pm_card_slow", label: "Test card: slow bank", hint: "Pays after a delay" },
  { id: "pm_card_error", label: "Test card: provider error", hint: "The processor fails" },
];

type Outcome =
  | { kind: "confirmed" | "pending"; result: OrderResult }
  | { kind: "error"; error: ApiError; retryable: boolean };

/** What a failed purchase means, in words a buyer understands. */
function explain(e: ApiError, drop: Drop): { title: string; text: string } {
  switch (e.code) {
    case "SOLD_OUT":
      return {
        title: "Sold out",
        text: "Every piece is taken. Reservations that aren't paid return to stock, so check back soon.",
      };
    case "LIMIT_EXCEEDED":
      return {
        title: "Limit reached",
        text: `This drop allows ${drop.perUserLimit ?? "a limited number"} per person, and your orders already reach it.`,
      };
    case "PAYMENT_FAILED": {
      const reason = String((e.details as { reason?: unknown } | undefined)?.reason ?? "");
      if (/declin/i.test(reason) || /declin/i.test(e.message))
        return {
          title: "Payment declined",
          text: "Your card was declined. Nothing was charged and the stock was released.",
        };
      return {
        title: "Payment didn’t go through",
        text: `${e.message}. Nothing was charged and the stock was released, so you can try again.`,
      };
    }
    case "DROP_NOT_LIVE":
      return { title: "Not live", text: "This drop isn't accepting orders right now." };
    case "UNAUTHENTICATED":
      return { title: "Please sign in again", text: e.message };
    default:
      return {
        title: e.retryable ? "We couldn't confirm your order" : "Order not placed",
        text: e.retryable ? `${e.message} Retrying is safe: you won't be charged twice.` : e.message,
      };
  }
}

function BuyBox({ drop, now, onStock }: { drop: Drop; now: number; onStock: (s: Stock) => void }) {
  const s = useStore(session);
  const loc = useStore(location);
  const phase = phaseOf(drop, now);
  const max = Math.max(1, Math.min(drop.perUserLimit ?? 10, 10, Math.max(1, drop.stock.available)));
  const [qty, setQty] = useState(1);
  const [method, setMethod] = useState("pm_card_ok");
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  // One key per purchase attempt; a retry of the same attempt reuses it.
  const [attempt, setAttempt] = useState<{ key: string; body: string } | null>(null);

  useEffect(() => {
    if (qty > max) setQty(max);
  }, [max]);

  const buy = async () => {
    const body = { dropId: drop.id, quantity: qty, paymentMethodId: method };
    const text = JSON.stringify(body);
    const key = attempt && attempt.body === text ? attempt.key : newIdempotencyKey();
    setAttempt({ key, body: text });
    setBusy(true);
    setOutcome(undefined);
    try {
      const result = await api<OrderResult>("/api/orders", {
        method: "POST",
        body,
        headers: { "Idempotency-Key": key },
      });
      setOutcome({ kind: result.order.status === "confirmed" ? "confirmed" : "pending", result });
      if (result.stock) onStock(result.stock); // the order's own answer is the freshest stock
      setAttempt(null);
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(0, "NETWORK", String(err));
      setOutcome({ kind: "error", error: e, retryable: e.retryable });
      if (!e.retryable) setAttempt(null);
    } finally {
      setBusy(false);
    }
  };

  if (phase === "upcoming") {
    return (
      <div class="buybox" data-testid="buybox">
        <p class="buybox-state">
          <Badge tone="upcoming">Not live yet</Badge>
        </p>
        <p class="big-countdown" data-testid="countdown">
          <Countdown to={drop.startsAt} now={now} prefix="Opens in" />
        </p>
        <p class="muted small">
          Starts {formatDateTime(drop.startsAt)}. The Buy button appears here the moment it opens.
        </p>
        <RemindMe dropId={drop.id} />
      </div>
    );
  }
  if (phase !== "live") {
    return (
      <div class="buybox" data-testid="buybox">
        <p class="buybox-state">
          <Badge tone="ended">{phase === "cancelled" ? "Cancelled" : "Drop ended"}</Badge>
        </p>
        <p class="muted">
          {drop.stock.sold} of {drop.stock.initial} sold. Follow the creator to hear about the next one.
        </p>
      </div>
    );
  }

  const err = outcome?.kind === "error" ? explain(outcome.error, drop) : null;
  const soldOut = drop.soldOut || drop.stock.available === 0;
  return (
    <form
      class="buybox"
      data-testid="buybox"
      aria-busy={busy}
      onSubmit={(e) => {
        e.preventDefault();
        if (!busy) void buy();
      }}
    >
      <p class="buybox-state">
        {soldOut ? <Badge tone="warn">Sold out</Badge> : <Badge tone="live">Live now</Badge>}
        <Countdown to={drop.endsAt} now={now} prefix="Ends in" />
      </p>
      {soldOut ? (
        <p class="alert alert-info" data-testid="sold-out">
          <strong>Sold out.</strong> Every piece is taken. Reservations that aren’t paid in time come back, so
          keep this page open: the stock updates by itself.
        </p>
      ) : (
        <>
          <div class="field-row">
            <div class="field">
              <label for="qty">Quantity</label>
              <select
                id="qty"
                value={qty}
                onChange={(e) => setQty(Number((e.target as HTMLSelectElement).value))}
                disabled={busy}
              >
                {Array.from({ length: max }, (_, i) => (
                  <option key={i} value={i + 1}>
                    {i + 1}
                  </option>
                ))}
              </select>
            </div>
            <p class="total" aria-live="polite">
              <span class="muted small">Total</span>
              <strong>{formatMoney(drop.priceCents * qty, drop.currency)}</strong>
            </p>
          </div>
          {drop.perUserLimit ? <p class="muted small">Limit {drop.perUserLimit} per person.</p> : null}
          <fieldset class="methods" disabled={busy}>
            <legend>Payment method (test mode)</legend>
            {METHODS.map((m) => (
              <label key={m.id} class={`method ${method === m.id ? "checked" : ""}`}>
                <input
                  type="radio"
                  name="method"
                  value={m.id}
                  checked={method === m.id}
                  onChange={() => setMethod(m.id)}
                />
                <span>
                  <strong>{m.label}</strong>
                  <span class="muted small">{m.hint}</span>
                </span>
              </label>
            ))}
          </fieldset>
        </>
      )}
      {s ? (
        <button
          type="submit"
          class="btn btn-primary btn-block btn-large"
          disabled={busy || soldOut}
          data-testid="buy"
        >
          {busy
            ? "Processing…"
            : soldOut
              ? "Sold out"
              : outcome?.kind === "error" && outcome.retryable
                ? "Retry purchase"
                : `Buy now · ${formatMoney(drop.priceCents * qty, drop.currency)}`}
        </button>
      ) : (
        <a
          class="btn btn-primary btn-block btn-large"
          href={`/login?next=${encodeURIComponent(loc.path)}`}
          data-testid="buy"
        >
          Log in to buy
        </a>
      )}
      <div aria-live="assertive" class="buy-outcome">
        {outcome?.kind === "confirmed" ? (
          <div class="alert alert-success" data-testid="order-confirmed">
            <strong>Order confirmed!</strong> {outcome.result.order.quantity} × {drop.product.title},{" "}
            {formatMoney(outcome.result.order.totalCents, outcome.result.order.currency)}.{" "}
            <a href={`/orders/${outcome.result.order.id}`}>View order</a>
          </div>
        ) : null}
        {outcome?.kind === "pending" ? (
          <div class="alert alert-info">
            <strong>Reserved.</strong> Your order is awaiting payment.{" "}
            <a href={`/orders/${outcome.result.order.id}`}>View order</a>
          </div>
        ) : null}
        {err ? (
          <div
            class="alert alert-error"
            data-testid="order-error"
            data-code={outcome?.kind === "error" ? outcome.error.code : ""}
          >
            <strong>{err.title}.</strong> {err.text}
          </div>
        ) : null}
      </div>
    </form>
  );
}

export function DropPage({ id }: { id: string }) {
  const drop = useLiveDrop(id);
  const d = drop.data;
  const product = useApi<Product>(d ? `/api/products/${d.productId}` : null);
  const creator = useCreatorName(d?.creatorId ?? "");
  const now = useNow(d ? [d.startsAt, d.endsAt] : []);
  useDocumentTitle(d?.product.title);
  if (!d) return <PageStatus loaded={drop} />;
  const phase = phaseOf(d, now);
  const p = product.data;
  return (
    <div class="page drop-page">
      <nav class="crumbs" aria-label="Breadcrumb">
        <a href="/">Drops</a> <span aria-hidden="true">/</span>{" "}
        {creator ? <a href={`/creators/${d.creatorId}`}>{creator}</a> : null}
      </nav>
      <div class="drop-layout">
        <div class="drop-media">
          <ProductGallery title={d.product.title} images={d.product.images} src={d.product.imageUrl} />
        </div>
        <div class="drop-info">
          <h1>{d.product.title}</h1>
          <p class="drop-by">by {creator ? <a href={`/creators/${d.creatorId}`}>{creator}</a> : "…"}</p>
          <p class="drop-price">
            <strong>{formatMoney(d.priceCents, d.currency)}</strong>
            {d.priceCents !== d.product.priceCents ? (
              <s class="muted">{formatMoney(d.product.priceCents, d.product.currency)}</s>
            ) : null}
          </p>
          {phase !== "upcoming" ? (
            <div class={`live-stock ${drop.lastChange && now - drop.lastChange < 1_000 ? "flash" : ""}`}>
              <StockBar stock={d.stock} low={d.lowStockThreshold} />
            </div>
          ) : (
            <p class="muted">{d.stock.initial} pieces in this drop.</p>
          )}
          <BuyBox drop={d} now={now} onStock={drop.noteStock} />
          {p?.description ? (
            <section class="description" aria-label="About this product">
              <h2>About</h2>
              <p>{p.description}</p>
            </section>
          ) : null}
        </div>
      </div>
    </div>
  );
}
