import { useEffect, useState } from "preact/hooks";
import { ApiError, api, qs } from "../api.ts";
import { SalesChart } from "../components/SalesChart.tsx";
import { Badge, Empty, PageStatus, Spinner } from "../components/ui.tsx";
import { formatDateTime, formatMoney, ORDER_STATUS_LABEL } from "../format.ts";
import { useApi, useDocumentTitle } from "../hooks.ts";
import { session } from "../session.ts";
import type { DeskOrder, Drop, OrderStatus, Page, Sales } from "../types.ts";
import { errText } from "./DashboardForms.tsx";

const FILTERS: (OrderStatus | "")[] = [
  "",
  "confirmed",
  "fulfilled",
  "pending_payment",
  "refunded",
  "cancelled",
];

/** The CSV needs the bearer token, so it is fetched and handed to the browser as a file. */
async function downloadCsv(dropId: string): Promise<void> {
  const token = session.get()?.token;
  const res = await fetch(`/api/drops/${dropId}/orders.csv`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (!res.ok) throw new ApiError(res.status, "ERROR", `Export failed (${res.status})`);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = `drop-${dropId}-orders.csv`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function FulfilForm({ order, onDone }: { order: DeskOrder; onDone: (o: Partial<DeskOrder>) => void }) {
  const [carrier, setCarrier] = useState("");
  const [tracking, setTracking] = useState("");
  const [error, setError] = useState<string>();
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      const o = await api<DeskOrder>(`/api/orders/${order.id}/fulfil`, {
        method: "POST",
        body: { carrier: carrier.trim(), trackingNumber: tracking.trim() },
      });
      onDone(o);
    } catch (err) {
      setError(errText(err));
    }
  };
  return (
    <form class="inline-form" onSubmit={submit} data-testid="fulfil-form">
      <label>
        Carrier{" "}
        <input required maxLength={100} value={carrier} onInput={(e) => setCarrier(e.currentTarget.value)} />
      </label>
      <label>
        Tracking number{" "}
        <input
          required
          maxLength={100}
          value={tracking}
          onInput={(e) => setTracking(e.currentTarget.value)}
        />
      </label>
      <button type="submit" class="btn btn-small btn-primary">
        Mark shipped
      </button>
      {error ? <span class="error small">{error}</span> : null}
    </form>
  );
}

function OrderRow({ o, onChange }: { o: DeskOrder; onChange: (o: DeskOrder) => void }) {
  const [fulfilling, setFulfilling] = useState(false);
  const [error, setError] = useState<string>();
  const refund = async () => {
    if (!window.confirm(`Refund ${formatMoney(o.totalCents, o.currency)} to ${o.buyer.name}?`)) return;
    try {
      const r = await api<{ order: { status: OrderStatus } }>(`/api/orders/${o.id}/refund`, {
        method: "POST",
      });
      onChange({ ...o, status: r.order.status });
    } catch (err) {
      setError(errText(err));
    }
  };
  const a = o.shippingAddress;
  return (
    <tr data-testid="desk-order" data-status={o.status}>
      <td>
        <code title={o.id}>{o.id.slice(0, 8)}</code>
        <div class="muted small">{formatDateTime(o.createdAt)}</div>
      </td>
      <td>{o.buyer.name}</td>
      <td>{o.variant?.name ?? "—"}</td>
      <td>{o.quantity}</td>
      <td>{formatMoney(o.totalCents, o.currency)}</td>
      <td class="small">{a ? `${a.name}, ${a.line1}, ${a.postalCode} ${a.city}, ${a.country}` : "—"}</td>
      <td>
        <Badge tone={o.status === "fulfilled" || o.status === "confirmed" ? "live" : "ended"}>
          {ORDER_STATUS_LABEL[o.status] ?? o.status}
        </Badge>
        {o.trackingNumber ? (
          <div class="muted small">
            {o.carrier} {o.trackingNumber}
          </div>
        ) : null}
      </td>
      <td>
        {o.status === "confirmed" && !fulfilling ? (
          <button type="button" class="btn btn-small" onClick={() => setFulfilling(true)}>
            Fulfil
          </button>
        ) : null}
        {o.status === "confirmed" || o.status === "fulfilled" ? (
          <button type="button" class="btn btn-small btn-ghost" onClick={refund}>
            Refund
          </button>
        ) : null}
        {fulfilling ? (
          <FulfilForm
            order={o}
            onDone={(f) => {
              setFulfilling(false);
              onChange({ ...o, ...f });
            }}
          />
        ) : null}
        {error ? <div class="error small">{error}</div> : null}
      </td>
    </tr>
  );
}

function SalesPanel({ dropId }: { dropId: string }) {
  const [bucket, setBucket] = useState<"hour" | "day">("hour");
  const sales = useApi<Sales>(`/api/drops/${dropId}/sales?bucket=${bucket}`, 30_000);
  const s = sales.data;
  return (
    <section class="panel" aria-labelledby="sales-h">
      <div class="section-head">
        <h2 id="sales-h">Sales</h2>
        <label class="small">
          Per{" "}
          <select value={bucket} onChange={(e) => setBucket(e.currentTarget.value as "hour" | "day")}>
            <option value="hour">hour</option>
            <option value="day">day</option>
          </select>
        </label>
      </div>
      {!s ? (
        <PageStatus loaded={sales} />
      ) : (
        <>
          <p data-testid="sales-totals">
            {s.totals.units} units · {formatMoney(s.totals.revenueCents, s.currency)} · {s.totals.orders} paid
            orders
          </p>
          <SalesChart series={s.series} pick="units" title="Units sold" currency={s.currency} />
          <SalesChart series={s.series} pick="revenueCents" title="Revenue" currency={s.currency} />
          <table class="desk-table">
            <thead>
              <tr>
                <th>Variant</th>
                <th>Units</th>
                <th>Revenue</th>
              </tr>
            </thead>
            <tbody>
              {s.series.map((x) => (
                <tr key={x.variant?.id ?? "all"}>
                  <td>{x.variant?.name ?? "All"}</td>
                  <td>{x.totals.units}</td>
                  <td>{formatMoney(x.totals.revenueCents, s.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

/** The creator's order desk for one drop: its orders, fulfilment, refunds, export and sales. */
export function OrderDesk({ id }: { id: string }) {
  const drop = useApi<Drop>(`/api/drops/${id}`);
  useDocumentTitle(drop.data ? `Orders: ${drop.data.product.title}` : "Orders");
  const [status, setStatus] = useState<OrderStatus | "">("");
  const [items, setItems] = useState<DeskOrder[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string>();
  const load = async (after: string | null) => {
    setLoading(true);
    try {
      const page = await api<Page<DeskOrder>>(
        `/api/drops/${id}/orders${qs({ status, limit: 50, after: after ?? undefined })}`,
      );
      setItems((xs) => (after ? [...xs, ...page.items] : page.items));
      setNext(page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null);
      setError(undefined);
    } catch (err) {
      setError(errText(err));
    }
    setLoading(false);
  };
  // A new filter or drop starts the list again.
  useEffect(() => {
    void load(null);
  }, [id, status]);
  if (!drop.data) return <PageStatus loaded={drop} />;
  return (
    <div class="page">
      <div class="section-head">
        <h1>Orders: {drop.data.product.title}</h1>
        <button
          type="button"
          class="btn btn-small"
          onClick={() => downloadCsv(id).catch((err) => setError(errText(err)))}
        >
          Download CSV
        </button>
      </div>
      <SalesPanel dropId={id} />
      <section class="panel" aria-labelledby="orders-h">
        <div class="section-head">
          <h2 id="orders-h">Orders</h2>
          <label class="small">
            Status{" "}
            <select value={status} onChange={(e) => setStatus(e.currentTarget.value as OrderStatus | "")}>
              {FILTERS.map((f) => (
                <option key={f} value={f}>
                  {f ? (ORDER_STATUS_LABEL[f] ?? f) : "All"}
                </option>
              ))}
            </select>
          </label>
        </div>
        {error ? (
          <p class="alert alert-info" role="status">
            {error}
          </p>
        ) : null}
        {items.length === 0 && !loading ? <Empty>No orders here yet.</Empty> : null}
        <div class="desk-scroll">
          <table class="desk-table">
            <thead>
              <tr>
                <th>Order</th>
                <th>Buyer</th>
                <th>Variant</th>
                <th>Qty</th>
                <th>Total</th>
                <th>Ship to</th>
                <th>Status</th>
                <th>Actions</th>
              </tr>
            </thead>
            <tbody>
              {items.map((o) => (
                <OrderRow
                  key={o.id}
                  o={o}
                  onChange={(c) => setItems((xs) => xs.map((x) => (x.id === c.id ? c : x)))}
                />
              ))}
            </tbody>
          </table>
        </div>
        {loading ? <Spinner /> : null}
        {next && !loading ? (
          <button type="button" class="btn btn-small" onClick={() => load(next)}>
            Load more
          </button>
        ) : null}
      </section>
    </div>
  );
}
