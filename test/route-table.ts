import { randomUUID } from "node:crypto";
import { call, insertCreator, insertDrop, insertUsers, registerUser, tokensFor } from "./factories.js";
import type { TestApp } from "./harness.js";

/**
 * Every operation of the published OpenAPI document, with who may call it and a valid
 * request on fresh fixtures: the authorization matrix (test/authorization.matrix.test.ts)
 * tries each as each kind of caller, the bad-input run (test/bad-input.test.ts) mutates
 * each valid request into hostile ones. Adding a route means adding its row here.
 *
 * Callers: `anonymous` (no token), `other` (a signed-in user with no part in the resource),
 * `owner` (the resource's owner: its buyer, or its creator for catalog rows), `creator` (a
 * creator who is not the owner) and `service` (INTERNAL_TOKEN as the bearer). Outcomes:
 * "2xx" must succeed; "4xx" is let in but meets a domain refusal (409, 404, 400: never 401,
 * 403 or 5xx); "401" / "403" are refusals; "404" is a refusal that does not reveal the
 * resource exists.
 */

export type Actor = "anonymous" | "other" | "owner" | "creator" | "service";
export const ACTORS: readonly Actor[] = ["anonymous", "service", "other", "creator", "owner"];
export type Outcome = "2xx" | "4xx" | "401" | "403" | "404";

export interface Party {
  id: string;
  token: string;
}

/** The fixtures one operation is tried on: fresh for each operation. */
export interface World {
  buyer: Party; // owns the orders, payments and notifications; follows the creator
  stranger: Party; // "other"
  creator: Party; // owns the catalog rows
  rival: Party; // a creator who is not the owner
  productId: string; // the creator's product with no drop (free to edit or delete)
  imageId: string; // an uploaded image of that product
  dropId: string; // live, 100 in stock
  upcomingDropId: string;
  raffleDropId: string; // upcoming, entries open, not drawn
  pendingOrderId: string; // the buyer's, awaiting payment
  pendingTotalCents: number;
  paidOrderId: string; // the buyer's, confirmed
  paymentId: string; // of the paid order
  notificationId: string; // in the buyer's inbox
  webhookId: string; // the creator's endpoint
  webhookDeliveryId: string; // in that endpoint's log
  login: { email: string; password: string }; // a registered account's credentials
  unsubscribeToken: string; // the buyer's, for order.confirmed mails
}

export interface Row {
  /** Outcomes in the order: anonymous other owner creator service. */
  expect: `${Outcome} ${Outcome} ${Outcome} ${Outcome} ${Outcome}`;
  /** Whose resource "owner" stands for (default: the buyer). */
  owner?: "buyer" | "creator";
  /** The concrete URL (path parameters filled in, a query string if needed). */
  url?: (w: World) => string;
  body?: (w: World) => unknown;
  /** An Idempotency-Key is sent on every try (fresh each time). */
  idempotent?: boolean;
  /** A long-lived response (SSE): tried over a real socket and closed after the status. */
  stream?: boolean;
}

const Q = "{ __typename }";
const publicRead = "2xx 2xx 2xx 2xx 2xx" as const;
const userOnly = "401 2xx 2xx 2xx 401" as const;
const ownerOnly = "401 403 2xx 403 401" as const;
const ownerOnlyHidden = "401 404 2xx 404 401" as const;
const serviceOnly = "401 403 403 403 2xx" as const;
/** A user token is checked when sent: the service token is not a user token. */
const publicReadBadBearer = "2xx 2xx 2xx 2xx 401" as const;

/** A 1×1 PNG as a multipart upload in the field `file`. */
export const ONE_PIXEL_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);
const pngUpload = () => {
  const form = new FormData();
  form.append("file", new Blob([ONE_PIXEL_PNG], { type: "image/png" }), "pixel.png");
  return form;
};

let handles = 0;
const handle = () => `h_${Date.now().toString(36)}_${handles++}`;

export const ROUTES: Record<string, Row> = {
  // Health and operations.
  "GET /health/live": { expect: publicRead },
  "GET /health/ready": { expect: publicRead },
  "GET /metrics": { expect: serviceOnly },

  // Accounts.
  "POST /api/auth/register": {
    expect: publicRead,
    body: () => ({ name: "New", email: `n${randomUUID()}@example.com`, password: "correct horse battery" }),
  },
  "POST /api/auth/login": { expect: publicRead, body: (w) => w.login },
  // No fixture account is an operator (OPERATOR_EMAILS unset): test/ops.test.ts has one.
  "GET /api/ops/metrics": { expect: "401 403 403 403 401" },
  "GET /api/users/{id}": { expect: publicReadBadBearer, url: (w) => `/api/users/${w.buyer.id}` },
  "PUT /api/users/{id}": {
    expect: ownerOnly,
    url: (w) => `/api/users/${w.buyer.id}`,
    body: () => ({ name: "Renamed" }),
  },
  "DELETE /api/users/{id}": { expect: ownerOnly, url: (w) => `/api/users/${w.buyer.id}` },
  // Unknown emails get the same 202 as known ones.
  "POST /api/auth/password-reset": { expect: publicRead, body: (w) => ({ email: w.login.email }) },
  // Nobody holds a reset token here: a made-up one is a 400 for everyone.
  "POST /api/auth/password-reset/confirm": {
    expect: "4xx 4xx 4xx 4xx 4xx",
    body: () => ({ token: "made-up", password: "a new password here" }),
  },

  // Creator profiles.
  "POST /api/creators": {
    // Anyone signed in may become a creator, once (the rival already is: 409).
    expect: "401 2xx 2xx 4xx 401",
    body: () => ({ handle: handle(), displayName: "New creator" }),
  },
  "GET /api/creators": { expect: publicRead },
  "GET /api/creators/{id}": { expect: publicRead, url: (w) => `/api/creators/${w.creator.id}` },
  "PUT /api/creators/me": {
    // "me": each caller edits their own profile; a user who is no creator has none (404).
    expect: "401 4xx 2xx 2xx 401",
    owner: "creator",
    body: () => ({ displayName: "Renamed creator" }),
  },
  "PUT /api/creators/{id}": {
    expect: ownerOnly,
    owner: "creator",
    url: (w) => `/api/creators/${w.creator.id}`,
    body: () => ({ bio: "Edited" }),
  },

  // Follows.
  "POST /api/followers": {
    // `userId` names the follower: only that user may send it.
    expect: ownerOnly,
    body: (w) => ({ userId: w.buyer.id, creatorId: w.creator.id }),
  },
  "DELETE /api/followers": {
    expect: ownerOnly,
    body: (w) => ({ userId: w.buyer.id, creatorId: w.creator.id }),
  },
  "PUT /api/creators/{id}/follow": { expect: userOnly, url: (w) => `/api/creators/${w.creator.id}/follow` },
  "DELETE /api/creators/{id}/follow": {
    expect: userOnly,
    url: (w) => `/api/creators/${w.creator.id}/follow`,
  },
  "GET /api/creators/{id}/followers": {
    expect: publicRead,
    url: (w) => `/api/creators/${w.creator.id}/followers`,
  },
  "GET /creators/{id}/followers": { expect: publicRead, url: (w) => `/creators/${w.creator.id}/followers` },
  "GET /api/users/{id}/following": { expect: publicRead, url: (w) => `/api/users/${w.buyer.id}/following` },
  "GET /api/users/{id}/following/{creatorId}": {
    expect: publicRead,
    url: (w) => `/api/users/${w.buyer.id}/following/${w.creator.id}`,
  },

  // Catalog: products.
  "POST /api/products": {
    // Creators only (any creator, for themself).
    expect: "401 403 2xx 2xx 401",
    owner: "creator",
    body: () => ({ title: "Matrix sneaker", priceCents: 1000, currency: "EUR" }),
  },
  "GET /api/products": { expect: publicRead },
  "GET /api/products/{id}": { expect: publicRead, url: (w) => `/api/products/${w.productId}` },
  "PUT /api/products/{id}": {
    expect: ownerOnly,
    owner: "creator",
    url: (w) => `/api/products/${w.productId}`,
    body: () => ({ title: "Edited" }),
  },
  "DELETE /api/products/{id}": {
    expect: ownerOnly,
    owner: "creator",
    url: (w) => `/api/products/${w.productId}`,
  },
  "GET /api/creators/{id}/products": {
    expect: publicRead,
    url: (w) => `/api/creators/${w.creator.id}/products`,
  },
  "POST /api/products/{id}/images": {
    expect: ownerOnly,
    owner: "creator",
    url: (w) => `/api/products/${w.productId}/images`,
    body: () => pngUpload(),
  },
  "DELETE /api/products/{id}/images/{imageId}": {
    expect: ownerOnly,
    owner: "creator",
    url: (w) => `/api/products/${w.productId}/images/${w.imageId}`,
  },

  // Catalog: drops.
  "POST /api/drops": {
    expect: ownerOnly,
    owner: "creator",
    body: (w) => ({
      productId: w.productId,
      startsAt: new Date(Date.now() + 3_600_000).toISOString(),
      endsAt: new Date(Date.now() + 7_200_000).toISOString(),
      initialStock: 5,
    }),
  },
  "GET /api/drops": { expect: publicRead, url: () => "/api/drops?status=live" },
  "GET /drops": { expect: publicRead, url: () => "/drops?status=live" },
  "GET /api/drops/{id}": { expect: publicRead, url: (w) => `/api/drops/${w.dropId}` },
  "PUT /api/drops/{id}": {
    expect: ownerOnly,
    owner: "creator",
    url: (w) => `/api/drops/${w.upcomingDropId}`,
    body: () => ({ lowStockThreshold: 1 }),
  },
  "POST /api/drops/{id}/cancel": {
    expect: ownerOnly,
    owner: "creator",
    url: (w) => `/api/drops/${w.upcomingDropId}/cancel`,
  },

  // Reminders: each signed-in user has their own.
  "PUT /api/drops/{id}/reminder": { expect: userOnly, url: (w) => `/api/drops/${w.upcomingDropId}/reminder` },
  "DELETE /api/drops/{id}/reminder": {
    expect: userOnly,
    url: (w) => `/api/drops/${w.upcomingDropId}/reminder`,
  },
  "GET /api/drops/{id}/reminder": { expect: userOnly, url: (w) => `/api/drops/${w.upcomingDropId}/reminder` },

  // Fair drops: the challenge is public; the fixtures' drops are open, so a signed-in join or
  // ticket read is let in and refused by the drop (INVALID_STATE: no waiting room).
  "GET /api/challenge": { expect: publicRead },
  "POST /api/drops/{id}/queue": {
    expect: "401 4xx 4xx 4xx 401",
    url: (w) => `/api/drops/${w.upcomingDropId}/queue`,
  },
  "GET /api/drops/{id}/queue/me": {
    expect: "401 4xx 4xx 4xx 401",
    url: (w) => `/api/drops/${w.upcomingDropId}/queue/me`,
  },
  // Raffles: each signed-in user enters for themselves; the draw is public (409 until it ran).
  "POST /api/drops/{id}/entries": { expect: userOnly, url: (w) => `/api/drops/${w.raffleDropId}/entries` },
  "DELETE /api/drops/{id}/entries": { expect: userOnly, url: (w) => `/api/drops/${w.raffleDropId}/entries` },
  // Nobody has entered the fixture raffle: 404 for each caller's own entry.
  "GET /api/drops/{id}/entries/me": {
    expect: "401 4xx 4xx 4xx 401",
    url: (w) => `/api/drops/${w.raffleDropId}/entries/me`,
  },
  "GET /api/drops/{id}/draw": {
    expect: "4xx 4xx 4xx 4xx 4xx",
    url: (w) => `/api/drops/${w.raffleDropId}/draw`,
  },
  "GET /api/drops/{id}/draw/ranking": {
    expect: "4xx 4xx 4xx 4xx 4xx",
    url: (w) => `/api/drops/${w.raffleDropId}/draw/ranking`,
  },

  // Orders and payments.
  "POST /api/orders": {
    expect: userOnly,
    idempotent: true,
    body: (w) => ({ dropId: w.dropId, quantity: 1 }),
  },
  "POST /orders": { expect: userOnly, idempotent: true, body: (w) => ({ dropId: w.dropId, qty: 1 }) },
  "GET /api/orders/{id}": { expect: ownerOnlyHidden, url: (w) => `/api/orders/${w.pendingOrderId}` },
  "PUT /api/orders/{id}/cancel": {
    expect: ownerOnlyHidden,
    url: (w) => `/api/orders/${w.pendingOrderId}/cancel`,
  },
  "GET /api/users/{id}/orders": { expect: ownerOnly, url: (w) => `/api/users/${w.buyer.id}/orders` },
  "POST /api/payments": {
    expect: ownerOnlyHidden,
    idempotent: true,
    body: (w) => ({ orderId: w.pendingOrderId, paymentMethodId: "pm_card_ok" }),
  },
  "GET /api/payments/{id}": { expect: ownerOnlyHidden, url: (w) => `/api/payments/${w.paymentId}` },

  // The creator's order desk: a drop's orders are its creator's (the drop is public: 403);
  // an order of someone else's drop is a 404, as someone else's order is everywhere.
  "GET /api/drops/{id}/orders": {
    expect: ownerOnly,
    owner: "creator",
    url: (w) => `/api/drops/${w.dropId}/orders?status=confirmed`,
  },
  "GET /api/drops/{id}/orders.csv": {
    expect: ownerOnly,
    owner: "creator",
    url: (w) => `/api/drops/${w.dropId}/orders.csv`,
  },
  "GET /api/drops/{id}/sales": {
    expect: ownerOnly,
    owner: "creator",
    url: (w) => `/api/drops/${w.dropId}/sales`,
  },
  "POST /api/orders/{id}/fulfil": {
    expect: ownerOnlyHidden,
    owner: "creator",
    url: (w) => `/api/orders/${w.paidOrderId}/fulfil`,
    body: () => ({ carrier: "DHL", trackingNumber: "JD0123456789" }),
  },
  "POST /api/orders/{id}/refund": {
    expect: ownerOnlyHidden,
    owner: "creator",
    url: (w) => `/api/orders/${w.paidOrderId}/refund`,
  },

  // The service-to-service API.
  "POST /internal/inventory/reserve": {
    expect: serviceOnly,
    idempotent: true,
    body: (w) => ({ dropId: w.dropId, userId: w.buyer.id, quantity: 1 }),
  },
  "POST /internal/inventory/release": {
    expect: serviceOnly,
    body: (w) => ({ reservationId: w.pendingOrderId }),
  },
  "POST /internal/inventory/confirm": {
    expect: serviceOnly,
    body: (w) => ({ reservationId: w.pendingOrderId }),
  },
  "POST /internal/payments/charge": {
    expect: serviceOnly,
    body: (w) => ({ orderId: w.pendingOrderId, amount: w.pendingTotalCents, method: "pm_card_ok" }),
  },
  "POST /internal/payments/refund": { expect: serviceOnly, body: (w) => ({ paymentId: w.paymentId }) },
  "POST /internal/notifications/send": {
    expect: serviceOnly,
    body: (w) => ({ userId: w.buyer.id, type: "matrix.hello", payload: {} }),
  },

  // Notifications.
  "GET /api/users/{id}/notifications": {
    expect: ownerOnly,
    url: (w) => `/api/users/${w.buyer.id}/notifications`,
  },
  "GET /api/users/{id}/notifications/unread-count": {
    expect: ownerOnly,
    url: (w) => `/api/users/${w.buyer.id}/notifications/unread-count`,
  },
  "PUT /api/users/{id}/notifications/read-all": {
    expect: ownerOnly,
    url: (w) => `/api/users/${w.buyer.id}/notifications/read-all`,
  },
  "PUT /api/notifications/{id}/read": {
    expect: ownerOnlyHidden,
    url: (w) => `/api/notifications/${w.notificationId}/read`,
  },
  // Everyone signed in has a stream of their own.
  "GET /api/notifications/stream": { expect: userOnly, stream: true },

  // Creator webhooks: creators only; someone else's endpoint is a 404.
  "POST /api/webhooks": {
    expect: "401 403 2xx 2xx 401",
    owner: "creator",
    body: () => ({ url: "https://example.com/hook", events: ["order.confirmed"] }),
  },
  "GET /api/webhooks": { expect: "401 403 2xx 2xx 401", owner: "creator" },
  "GET /api/webhooks/{id}": {
    expect: ownerOnlyHidden,
    owner: "creator",
    url: (w) => `/api/webhooks/${w.webhookId}`,
  },
  "PUT /api/webhooks/{id}": {
    expect: ownerOnlyHidden,
    owner: "creator",
    url: (w) => `/api/webhooks/${w.webhookId}`,
    body: () => ({ events: ["*"] }),
  },
  "DELETE /api/webhooks/{id}": {
    expect: ownerOnlyHidden,
    owner: "creator",
    url: (w) => `/api/webhooks/${w.webhookId}`,
  },
  "GET /api/webhooks/{id}/deliveries": {
    expect: ownerOnlyHidden,
    owner: "creator",
    url: (w) => `/api/webhooks/${w.webhookId}/deliveries`,
  },
  "POST /api/webhooks/{id}/deliveries/{deliveryId}/redeliver": {
    expect: ownerOnlyHidden,
    owner: "creator",
    url: (w) => `/api/webhooks/${w.webhookId}/deliveries/${w.webhookDeliveryId}/redeliver`,
  },
  // Messages: preferences are the owner's; the unsubscribe link is the signed token's, whoever calls.
  "GET /api/users/{id}/preferences": {
    expect: ownerOnly,
    url: (w) => `/api/users/${w.buyer.id}/preferences`,
  },
  "PUT /api/users/{id}/preferences": {
    expect: ownerOnly,
    url: (w) => `/api/users/${w.buyer.id}/preferences`,
    body: () => ({ email: { "drop.started": true } }),
  },
  "GET /api/push/vapid-key": { expect: publicRead },
  "POST /api/users/{id}/push-subscriptions": {
    expect: ownerOnly,
    url: (w) => `/api/users/${w.buyer.id}/push-subscriptions`,
    body: () => ({
      endpoint: `https://push.example.com/send/${randomUUID()}`,
      keys: {
        p256dh: "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM",
        auth: "tBHItJI5svbpez7KI4CCXg",
      },
    }),
  },
  "DELETE /api/users/{id}/push-subscriptions": {
    expect: ownerOnly,
    url: (w) => `/api/users/${w.buyer.id}/push-subscriptions`,
    body: () => ({ endpoint: "https://push.example.com/send/none" }),
  },
  "POST /api/unsubscribe": {
    expect: publicRead,
    url: (w) => `/api/unsubscribe?token=${encodeURIComponent(w.unsubscribeToken)}`,
  },
  "GET /api/unsubscribe": {
    expect: publicRead,
    url: (w) => `/api/unsubscribe?token=${encodeURIComponent(w.unsubscribeToken)}`,
  },

  // GraphQL: open to all; each field checks its own caller (test/graphql.*.test.ts), so a
  // bad bearer (the service token is none of a user's) fails only the fields that need one.
  "POST /graphql": { expect: publicRead, body: () => ({ query: Q }) },
  "GET /graphql": { expect: publicRead, url: () => `/graphql?query=${encodeURIComponent(Q)}` },
};

/** A fresh world on the app: SQL for speed where the API is beside the point. */
export async function buildWorld(t: TestApp): Promise<World> {
  const db = t.infra.db;
  const [buyerId, strangerId] = await insertUsers(db, 2);
  const creatorId = await insertCreator(db);
  const rivalId = await insertCreator(db);
  const ids = [buyerId, strangerId, creatorId, rivalId] as string[];
  const [buyer, stranger, creator, rival] = tokensFor(t.config.jwtSecret, ids).map((token, i) => ({
    id: ids[i] as string,
    token,
  })) as [Party, Party, Party, Party];
  const { dropId } = await insertDrop(db, { creatorId, stock: 100 });
  const upcoming = await insertDrop(db, {
    creatorId,
    stock: 10,
    startsAt: new Date(Date.now() + 3_600_000),
    endsAt: new Date(Date.now() + 7_200_000),
  });
  const raffle = await insertDrop(db, {
    creatorId,
    stock: 10,
    startsAt: new Date(Date.now() + 3_600_000),
    endsAt: new Date(Date.now() + 7_200_000),
  });
  // As the raffles module stores it at creation (a fixed seed: this drop is never drawn).
  await db.query(
    `insert into drop_raffles (drop_id, entries_close_at, claim_ttl_seconds, seed, commitment, created_at)
     values ($1, $2, 600, repeat('0', 64), repeat('0', 64), now())`,
    [raffle.dropId, new Date(Date.now() + 1_800_000)],
  );
  const product = await call(t.app, "POST", "/api/products", {
    token: creator.token,
    body: { title: "Free product", priceCents: 1200, currency: "EUR" },
  });
  // An uploaded image, as the upload would have stored it (its objects need not exist to delete it).
  const imageId = randomUUID();
  await db.query("update products set images = $2::jsonb where id = $1", [
    product.body.data?.id,
    JSON.stringify([
      {
        id: imageId,
        sha256: "0".repeat(64),
        renditions: [{ key: `img/${imageId}/1-${"0".repeat(32)}.webp`, width: 1, height: 1 }],
        createdAt: new Date().toISOString(),
      },
    ]),
  ]);
  const order = (paymentMethodId?: string) =>
    call(t.app, "POST", "/api/orders", {
      token: buyer.token,
      headers: { "idempotency-key": randomUUID() },
      body: { dropId, quantity: 1, ...(paymentMethodId ? { paymentMethodId } : {}) },
    });
  const login = await registerUser(t.app, "Login");
  const follow = await call(t.app, "PUT", `/api/creators/${creatorId}/follow`, { token: buyer.token });
  const pending = await order();
  const paid = await order("pm_card_ok");
  const sent = await call(t.app, "POST", "/internal/notifications/send", {
    token: t.config.internalToken,
    body: { userId: buyer.id, type: "matrix.setup", payload: {} },
  });
  const inbox = await call(t.app, "GET", `/api/users/${buyer.id}/notifications`, { token: buyer.token });
  const webhook = await call(t.app, "POST", "/api/webhooks", {
    token: creator.token,
    body: { url: "https://example.com/hook", events: ["*"] },
  });
  // A delivery in its log, as the worker would have written it (no worker runs here).
  const webhookDeliveryId = randomUUID();
  await db.query(
    `insert into webhook_deliveries (id, endpoint_id, event_id, event_type, body, status, next_attempt_at, window_start, created_at)
     values ($1, $2, $3, 'order.confirmed', '{}', 'delivered', now(), now(), now())`,
    [webhookDeliveryId, webhook.body.data?.id, randomUUID()],
  );
  for (const [what, res, status] of [
    ["product", product, 201],
    ["follow", follow, 200],
    ["pending order", pending, 201],
    ["paid order", paid, 201],
    ["notification", sent, 201],
    ["inbox", inbox, 200],
    ["webhook", webhook, 201],
  ] as const) {
    if (res.status !== status) throw new Error(`fixture ${what}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  if (paid.body.data.order.status !== "confirmed") throw new Error("fixture paid order: not confirmed");
  return {
    buyer,
    stranger,
    creator,
    rival,
    productId: product.body.data.id,
    imageId,
    dropId,
    upcomingDropId: upcoming.dropId,
    raffleDropId: raffle.dropId,
    pendingOrderId: pending.body.data.order.id,
    pendingTotalCents: pending.body.data.order.totalCents,
    paidOrderId: paid.body.data.order.id,
    paymentId: paid.body.data.payment.id,
    notificationId: inbox.body.data.items[0].id,
    webhookId: webhook.body.data.id,
    webhookDeliveryId,
    login: { email: login.email, password: login.password },
    unsubscribeToken: t.services.messages.internals.tokens.sign(buyer.id, "order.confirmed"),
  };
}

/** The bearer token an actor sends on a row's operation. */
export function tokenOf(t: TestApp, actor: Actor, row: Row, w: World): string | undefined {
  switch (actor) {
    case "anonymous":
      return undefined;
    case "service":
      return t.config.internalToken;
    case "other":
      return w.stranger.token;
    case "creator":
      return w.rival.token;
    case "owner":
      return (row.owner === "creator" ? w.creator : w.buyer).token;
  }
}
