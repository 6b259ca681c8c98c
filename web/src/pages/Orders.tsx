import { useEffect, useState } from "preact/hooks";
import { ApiError, api, newIdempotencyKey, qs } from "../api.ts";
import { dropTitle } from "../cache.ts";
import { Badge, Empty, ErrorBox, PageStatus, Spinner } from "../components/ui.tsx";
import { formatDateTime, formatMoney, ORDER_STATUS_LABEL } from "../format.ts";
import { useApi, useDocumentTitle } from "../hooks.ts";
import { session } from "../session.ts";
import { useStore } from "../store.ts";
import type { Order, OrderResult, Page } from "../types.ts";

const tone = (s: string) =>
  s === "confirmed"
    ? "live"
    : s === "pending_payment"
      ? "upcoming"
      : s === "failed" || s === "expired"
        ? "warn"
        : "ended";

function useTitle(dropId: string) {
  const [t, setT] = useState<string>();
  useEffect(() => {
    dropTitle(dropId).then(setT);
  }, [dropId]);
  return t;
}

function OrderRow({ o }: { o: Order }) {
  const title = useTitle(o.dropId);
  return (
    <li class="order-row" data-testid="order-row" data-status={o.status}>
      <a href={`/orders/${o.id}`}>
        <span class="order-title">
          <strong>{title ?? "…"}</strong>
          <span class="muted small">
            {o.quantity} × {formatMoney(o.unitPriceCents, o.currency)} · {formatDateTime(o.createdAt)}
          </span>
        </span>
        <span class="order-right">
          <Badge tone={tone(o.status)}>{ORDER_STATUS_LABEL[o.status] ?? o.status}</Badge>
          <strong>{formatMoney(o.totalCents, o.currency)}</strong>
        </span>
      </a>
    </li>
  );
}

export function OrdersPage() {
  const s = useStore(session);
  useDocumentTitle("My orders");
  const [pages, setPages] = useState<Order[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const first = useApi<Page<Order>>(s ? `/api/users/${s.user.id}/orders?limit=20` : null, 10_000);
  const [more, setMore] = useState(false);
  if (!s)
    return (
      <div class="page">
        <p>
          Log in to see your orders. <a href="/login?next=/orders">Log in</a>
        </p>
      </div>
    );
  const loadMore = async () => {
    const after = cursor ?? first.data?.pageInfo.endCursor;
    if (!after) return;
    setMore(true);
    try {
      const p = await api<Page<Order>>(`/api/users/${s.user.id}/orders${qs({ limit: 20, after })}`);
      setPages((x) => [...x, ...p.items]);
      setCursor(p.pageInfo.hasNextPage ? p.pageInfo.endCursor : "");
    } finally {
      setMore(false);
    }
  };
  const items = [...(first.data?.items ?? []), ...pages];
  const hasMore = cursor === null ? first.data?.pageInfo.hasNextPage : cursor !== "";
  return (
    <div class="page narrow-wide">
      <h1>My orders</h1>
      {first.error && !first.data ? <ErrorBox error={first.error} retry={first.reload} /> : null}
      {first.loading && !first.data ? <Spinner /> : null}
      {first.data && items.length === 0 ? (
        <Empty>
          No orders yet. <a href="/">Find a live drop</a>.
        </Empty>
      ) : null}
      <ul class="orders">
        {items.map((o) => (
          <OrderRow key={o.id} o={o} />
        ))}
      </ul>
      {hasMore ? (
        <button type="button" class="btn" onClick={loadMore} disabled={more}>
          {more ? "Loading…" : "Show more"}
        </button>
      ) : null}
    </div>
  );
}

/** Pay a reserved order; one idempotency key per attempt, reused when retrying the same one. */
function PayNow({ order, onPaid }: { order: Order; onPaid: (r: OrderResult) => void }) {
  const [method, setMethod] = useState("pm_card_ok");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [attempt, setAttempt] = useState<{ key: string; method: string } | null>(null);
  const pay = async (e: Event) => {
    e.preventDefault();
    const key = attempt && attempt.method === method ? attempt.key : newIdempotencyKey();
    setAttempt({ key, method });
    setBusy(true);
    setError(undefined);
    try {
      onPaid(
        await api<OrderResult>("/api/payments", {
          method: "POST",
          body: { orderId: order.id, method },
          headers: { "Idempotency-Key": key },
        }),
      );
      setAttempt(null);
    } catch (err) {
      const ae = err instanceof ApiError ? err : undefined;
      setError(ae?.message ?? "Payment failed");
      if (!ae?.retryable) setAttempt(null);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="pay-now" onSubmit={pay}>
      <div class="field">
        <label for="pay-method">Pay with (test mode)</label>
        <select
          id="pay-method"
          value={method}
          onChange={(e) => setMethod((e.target as HTMLSelectElement).value)}
        >
          <option value="pm_card_ok">Test card: pays</option>
          <option value="pm_card_declined">Test card: declined</option>
          <option value="pm_card_slow">Test card: slow bank</option>
          <option value="pm_card_error">Test card: provider error</option>
        </select>
      </div>
      <button type="submit" class="btn btn-primary" disabled={busy}>
        {busy ? "Paying…" : `Pay ${formatMoney(order.totalCents, order.currency)}`}
      </button>
      {error ? (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}

export function OrderPage({ id }: { id: string }) {
  const order = useApi<Order>(`/api/orders/${id}`, 5_000);
  const o = order.data;
  const title = useTitle(o?.dropId ?? "");
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ ok: boolean; text: string }>();
  useDocumentTitle("Order");
  if (!o) return <PageStatus loaded={order} />;
  const cancellable = o.status === "pending_payment" || o.status === "confirmed";
  const cancel = async () => {
    const refund = o.status === "confirmed";
    if (!window.confirm(refund ? "Cancel this order and refund the payment?" : "Cancel this order?")) return;
    setBusy(true);
    setMsg(undefined);
    try {
      const r = await api<OrderResult>(`/api/orders/${o.id}/cancel`, { method: "PUT" });
      order.set(() => r.order);
      setMsg({ ok: true, text: refund ? "Order cancelled and refunded." : "Order cancelled." });
    } catch (err) {
      setMsg({ ok: false, text: err instanceof ApiError ? err.message : "Could not cancel" });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="page narrow-wide">
      <nav class="crumbs" aria-label="Breadcrumb">
        <a href="/orders">My orders</a>
      </nav>
      <div class="panel">
        <h1>{title ?? "Order"}</h1>
        <p data-testid="order-status">
          <Badge tone={tone(o.status)}>{ORDER_STATUS_LABEL[o.status] ?? o.status}</Badge>
        </p>
        <dl class="facts">
          <dt>Order</dt>
          <dd class="mono" title={o.id}>
            …{o.id.slice(-8)}
          </dd>
          <dt>Quantity</dt>
          <dd>{o.quantity}</dd>
          <dt>Unit price</dt>
          <dd>{formatMoney(o.unitPriceCents, o.currency)}</dd>
          {o.shippingFeeCents ? (
            <>
              <dt>Shipping</dt>
              <dd>{formatMoney(o.shippingFeeCents, o.currency)}</dd>
            </>
          ) : null}
          <dt>Total</dt>
          <dd>
            <strong>{formatMoney(o.totalCents, o.currency)}</strong>
          </dd>
          {o.shippingAddress ? (
            <>
              <dt>Ships to</dt>
              <dd data-testid="order-address">
                {[
                  o.shippingAddress.name,
                  o.shippingAddress.line1,
                  o.shippingAddress.line2,
                  `${o.shippingAddress.postalCode} ${o.shippingAddress.city}`,
                  o.shippingAddress.country,
                ]
                  .filter(Boolean)
                  .join(", ")}
              </dd>
            </>
          ) : null}
          {o.fulfilledAt ? (
            <>
              <dt>Shipped</dt>
              <dd data-testid="order-tracking">
                {formatDateTime(o.fulfilledAt)} · {o.carrier} {o.trackingNumber}
              </dd>
            </>
          ) : null}
          <dt>Placed</dt>
          <dd>{formatDateTime(o.createdAt)}</dd>
          {o.status === "pending_payment" && o.expiresAt ? (
            <>
              <dt>Pay before</dt>
              <dd>{formatDateTime(o.expiresAt)}</dd>
            </>
          ) : null}
        </dl>
        {o.status === "pending_payment" ? (
          <PayNow order={o} onPaid={(r) => order.set(() => r.order)} />
        ) : null}
        <p class="actions">
          <a class="btn" href={`/drops/${o.dropId}`}>
            View drop
          </a>
          {cancellable ? (
            <button
              type="button"
              class="btn btn-danger"
              onClick={cancel}
              disabled={busy}
              data-testid="cancel-order"
            >
              {busy ? "Cancelling…" : o.status === "confirmed" ? "Cancel & refund" : "Cancel order"}
            </button>
          ) : null}
        </p>
        {msg ? (
          <p class={`alert ${msg.ok ? "alert-success" : "alert-error"}`} role="status">
            {msg.text}
          </p>
        ) : null}
      </div>
    </div>
  );
}
