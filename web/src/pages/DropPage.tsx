import { useEffect, useState } from "preact/hooks";
import { ApiError, api, newIdempotencyKey } from "../api.ts";
import { solveChallenge } from "../challenge.ts";
import {
  type Address,
  AddressFields,
  addressBody,
  rememberAddress,
  rememberedAddress,
  SizePicker,
} from "../components/Checkout.tsx";
import { useCreatorName } from "../components/DropCard.tsx";
import { RafflePanel } from "../components/RafflePanel.tsx";
import { RemindMe } from "../components/RemindMe.tsx";
import { Badge, Countdown, PageStatus, ProductGallery, StockBar } from "../components/ui.tsx";
import { type AdmittedPass, WaitingRoom } from "../components/WaitingRoom.tsx";
import { formatDateTime, formatMoney } from "../format.ts";
import { phaseOf, useApi, useDocumentTitle, useLiveDrop, useNow } from "../hooks.ts";
import { location } from "../router.ts";
import { session } from "../session.ts";
import { useStore } from "../store.ts";
import type { Drop, OrderResult, Product, RaffleEntry, Stock } from "../types.ts";

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
    case "CANNOT_SHIP_TO":
      return { title: "Can't ship there", text: e.message };
    case "PASS_EXPIRED":
      return {
        title: "Your pass expired",
        text: "Your turn in the line ran out before the order was placed.",
      };
    case "PASS_USED":
      return { title: "Pass already used", text: "Your pass was good for one order, and it has been used." };
    case "CHALLENGE_REQUIRED":
      return { title: "Bot check failed", text: "Please try again: the check runs by itself." };
    case "NOT_A_WINNER":
      return { title: "Raffle winners only", text: RAFFLE_ONLY };
    case "UNAUTHENTICATED":
      return { title: "Please sign in again", text: e.message };
    default:
      return {
        title: e.retryable ? "We couldn't confirm your order" : "Order not placed",
        text: e.retryable ? `${e.message} Retrying is safe: you won't be charged twice.` : e.message,
      };
  }
}

const RAFFLE_ONLY = "This drop is sold by raffle: only winners holding an open claim window can order.";

function BuyBox({
  drop,
  now,
  onStock,
  pass,
  raffleEntry,
}: {
  drop: Drop;
  now: number;
  onStock: (s: Stock, variantId?: string | null) => void;
  /** A queue drop's pass, once the waiting room admitted the buyer. */
  pass?: AdmittedPass;
  /** A raffle drop's entry of the signed-in buyer (null: none; undefined: not known yet). */
  raffleEntry?: RaffleEntry | null;
}) {
  const s = useStore(session);
  const loc = useStore(location);
  const phase = phaseOf(drop, now);
  const [variantId, setVariantId] = useState<string | null>(null);
  const variant = drop.variants?.find((v) => v.id === variantId) ?? null;
  // The stock that counts: the chosen size's, or the drop's.
  const stock = variant?.stock ?? drop.stock;
  const max = Math.max(1, Math.min(drop.perUserLimit ?? 10, 10, Math.max(1, stock.available)));
  const [address, setAddress] = useState<Address>(rememberedAddress);
  const fee = drop.shipsTo ? (drop.shippingFeeCents ?? 0) : 0;
  const [qty, setQty] = useState(1);
  const [method, setMethod] = useState("pm_card_ok");
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  // One key per purchase attempt; a retry of the same attempt reuses it (and its bot-check solution).
  const [attempt, setAttempt] = useState<{ key: string; body: string; challenge?: string } | null>(null);
  const [checking, setChecking] = useState<number>();

  useEffect(() => {
    if (qty > max) setQty(max);
  }, [max]);
  // The first size still in stock is chosen; a chosen size that sells out is let go.
  useEffect(() => {
    if (drop.variants && (!variant || variant.soldOut)) {
      setVariantId(drop.variants.find((v) => !v.soldOut)?.id ?? variantId);
    }
  }, [drop.variants?.map((v) => v.soldOut).join()]);

  const buy = async () => {
    const body = {
      dropId: drop.id,
      quantity: qty,
      paymentMethodId: method,
      ...(variantId && drop.variants ? { variantId } : {}),
      ...(drop.shipsTo ? { shippingAddress: addressBody(address) } : {}),
    };
    if (drop.shipsTo) rememberAddress(address);
    const text = JSON.stringify(body);
    const same = attempt && attempt.body === text ? attempt : null;
    const key = same?.key ?? newIdempotencyKey();
    setBusy(true);
    setOutcome(undefined);
    try {
      // A protected drop wants a solved challenge; a retry of the same attempt sends the same one.
      const challenge =
        same?.challenge ??
        (drop.botProtection
          ? await solveChallenge(setChecking).finally(() => setChecking(undefined))
          : undefined);
      setAttempt({ key, body: text, challenge });
      const result = await api<OrderResult>("/api/orders", {
        method: "POST",
        body,
        headers: {
          "Idempotency-Key": key,
          ...(challenge ? { "X-Challenge": challenge } : {}),
          ...(pass ? { "X-Drop-Pass": pass.value } : {}),
        },
      });
      setOutcome({ kind: result.order.status === "confirmed" ? "confirmed" : "pending", result });
      if (result.order.status === "confirmed") pass?.onSpent();
      // The order's own answer is the freshest stock (the size's, on a drop with sizes).
      if (result.stock) onStock(result.stock, result.order.variantId ?? null);
      setAttempt(null);
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(0, "NETWORK", String(err));
      setOutcome({ kind: "error", error: e, retryable: e.retryable });
      if (e.code === "PASS_USED") pass?.onSpent();
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
  const soldOut = drop.soldOut || drop.stock.available === 0 || variant?.soldOut === true;
  // On a raffle drop only a winner holding a claim can order: say so rather than offer a Buy button.
  const notWinner =
    drop.access === "raffle" && !!s && raffleEntry !== undefined && raffleEntry?.state !== "won";
  const total = drop.priceCents * qty + fee;
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
          {drop.variants ? (
            <SizePicker variants={drop.variants} value={variantId} onChange={setVariantId} disabled={busy} />
          ) : null}
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
              <strong>{formatMoney(total, drop.currency)}</strong>
              {fee > 0 ? (
                <span class="muted small">incl. {formatMoney(fee, drop.currency)} shipping</span>
              ) : null}
            </p>
          </div>
          {drop.shipsTo ? (
            <AddressFields shipsTo={drop.shipsTo} value={address} onChange={setAddress} disabled={busy} />
          ) : null}
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
          disabled={busy || soldOut || notWinner || pass?.spent}
          data-testid="buy"
        >
          {checking !== undefined
            ? `Checking you're human… ${Math.round(checking * 100)}%`
            : busy
              ? "Processing…"
              : soldOut
                ? "Sold out"
                : notWinner
                  ? "Raffle winners only"
                  : pass?.spent
                    ? "Pass used"
                    : outcome?.kind === "error" && outcome.retryable
                      ? "Retry purchase"
                      : `Buy now · ${formatMoney(total, drop.currency)}`}
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
        {notWinner && !soldOut && !outcome ? (
          <p class="alert alert-info" data-testid="raffle-only">
            <strong>Raffle winners only.</strong>{" "}
            {raffleEntry?.state === "claimed" ? "You won and already used your claim." : RAFFLE_ONLY}
          </p>
        ) : null}
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
  const [raffleEntry, setRaffleEntry] = useState<RaffleEntry | null>();
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
          {d.access === "raffle" ? <RafflePanel drop={d} now={now} onEntry={setRaffleEntry} /> : null}
          {d.access === "queue" && session.get() && (phase === "upcoming" || phase === "live") ? (
            <>
              {phase === "upcoming" ? (
                <p class="big-countdown">
                  <Countdown to={d.startsAt} now={now} prefix="Opens in" />
                </p>
              ) : null}
              <WaitingRoom dropId={d.id} botProtection={d.botProtection}>
                {(pass) => <BuyBox drop={d} now={now} onStock={drop.noteStock} pass={pass} />}
              </WaitingRoom>
            </>
          ) : (
            <BuyBox drop={d} now={now} onStock={drop.noteStock} raffleEntry={raffleEntry} />
          )}
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
