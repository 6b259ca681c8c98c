import { createECDH, createPublicKey, randomBytes, randomUUID, verify } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker } from "../src/worker.js";
import { call, iso, newDrop, newProduct, registerCreator, registerUser, type TestUser } from "./factories.js";
import { createTestApp, type TestApp } from "./harness.js";
import { waitFor } from "./push.client.js";

/**
 * A stand-in push service on a local port: it accepts a push only with a valid VAPID
 * Authorization (`vapid t=<ES256 JWT>, k=<public key>`, RFC 8292) whose audience is its
 * origin, and an aes128gcm body; paths under /gone/ answer 410 like an expired subscription.
 */
interface Received {
  path: string;
  key: string;
  encoding: string | undefined;
  ttl: string | undefined;
  bytes: number;
}
async function startPushService() {
  const received: Received[] = [];
  const refused: string[] = [];
  const b64 = (s: string) => Buffer.from(s, "base64url");
  const check = (req: IncomingMessage, origin: string): string | undefined => {
    const m = /^vapid t=([^,]+),\s*k=(.+)$/.exec(req.headers.authorization ?? "");
    if (!m) return "no vapid authorization";
    const [jwt, k] = [m[1] as string, m[2] as string];
    const [h, p, sig] = jwt.split(".") as [string, string, string];
    const point = b64(k);
    const key = createPublicKey({
      key: {
        kty: "EC",
        crv: "P-256",
        x: point.subarray(1, 33).toString("base64url"),
        y: point.subarray(33).toString("base64url"),
      },
      format: "jwk",
    });
    const ok = verify("sha256", Buffer.from(`${h}.${p}`), { key, dsaEncoding: "ieee-p1363" }, b64(sig));
    if (!ok) return "bad signature";
    const claims = JSON.parse(b64(p).toString());
    if (claims.aud !== origin) return `audience ${claims.aud}`;
    if (claims.exp * 1000 < Date.now()) return "expired";
    return undefined;
  };
  let origin = "";
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const problem = check(req, origin);
      if (problem) {
        refused.push(problem);
        res.writeHead(403).end();
        return;
      }
      if (req.url?.startsWith("/gone/")) return void res.writeHead(410).end();
      received.push({
        path: req.url ?? "",
        key: (/k=(.+)$/.exec(req.headers.authorization ?? "")?.[1] as string) ?? "",
        encoding: req.headers["content-encoding"],
        ttl: req.headers.ttl as string | undefined,
        bytes: Buffer.concat(chunks).length,
      });
      res.writeHead(201).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, received, refused, stop: () => new Promise<void>((r) => server.close(() => r())) };
}

/** Keys a browser would make for its subscription. */
const browserKeys = () => {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  return { p256dh: ecdh.getPublicKey().toString("base64url"), auth: randomBytes(16).toString("base64url") };
};

let t: TestApp;
let pushService: Awaited<ReturnType<typeof startPushService>>;
let worker: { stop(): Promise<void> };
beforeAll(async () => {
  pushService = await startPushService();
  t = await createTestApp({ env: { MAIL_POLL_MS: "50", WEB_PUSH_ALLOW_INSECURE: "true" } });
  worker = await startWorker(t.infra, t.services);
});
afterAll(async () => {
  await worker?.stop();
  await t?.close();
  await pushService?.stop();
});

const subscribe = (u: TestUser, endpoint: string, token = u.token) =>
  call(t.app, "POST", `/api/users/${u.id}/push-subscriptions`, {
    token,
    body: { endpoint, keys: browserKeys() },
  });

async function buy(buyer: TestUser): Promise<string> {
  const creator = await registerCreator(t.app);
  const productId = await newProduct(t.app, creator);
  const drop = await newDrop(t.app, creator, {
    productId,
    startsAt: iso(Date.now() - 1_000),
    endsAt: iso(Date.now() + 3_600_000),
  });
  const res = await call(t.app, "POST", "/api/orders", {
    token: buyer.token,
    body: { dropId: drop.id, quantity: 1, paymentMethodId: "pm_card_ok" },
    headers: { "idempotency-key": randomUUID() },
  });
  expect(res.status).toBe(201);
  return res.body.data.order.id;
}

describe("Web Push", () => {
  it("publishes one VAPID public key", async () => {
    const a = await call(t.app, "GET", "/api/push/vapid-key");
    const b = await call(t.app, "GET", "/api/push/vapid-key");
    expect(a.body.data.publicKey).toMatch(/^[A-Za-z0-9_-]{87}$/);
    expect(b.body.data.publicKey).toBe(a.body.data.publicKey);
  });

  it("pushes an order event to the buyer's browser, VAPID-signed and encrypted, unless turned off", async () => {
    const buyer = await registerUser(t.app);
    const path = `/push/${randomUUID()}`;
    expect((await subscribe(buyer, pushService.origin + path)).status).toBe(201);
    await buy(buyer);
    await waitFor(() => pushService.received.some((r) => r.path === path), 10_000, "push");
    const got = pushService.received.find((r) => r.path === path) as Received;
    expect(got.key).toBe((await call(t.app, "GET", "/api/push/vapid-key")).body.data.publicKey);
    expect(got.encoding).toBe("aes128gcm");
    expect(got.bytes).toBeGreaterThan(0);
    expect(pushService.refused).toEqual([]);

    const off = await call(t.app, "PUT", `/api/users/${buyer.id}/preferences`, {
      token: buyer.token,
      body: { webPush: { "order.confirmed": false } },
    });
    expect(off.status).toBe(200);
    const before = pushService.received.filter((r) => r.path === path).length;
    await buy(buyer);
    await new Promise((r) => setTimeout(r, 700));
    expect(pushService.received.filter((r) => r.path === path)).toHaveLength(before);
  });

  it("removes a subscription the push service says is gone (410)", async () => {
    const buyer = await registerUser(t.app);
    const endpoint = `${pushService.origin}/gone/${randomUUID()}`;
    expect((await subscribe(buyer, endpoint)).status).toBe(201);
    await buy(buyer);
    await waitFor(
      async () =>
        (await t.infra.db.query("select 1 from push_subscriptions where endpoint = $1", [endpoint]))
          .rowCount === 0,
      10_000,
      "gone subscription removed",
    );
  });

  it("is the owner's: others cannot add or remove my subscriptions; endpoints must be push URLs", async () => {
    const [me, other] = [await registerUser(t.app), await registerUser(t.app)];
    expect((await subscribe(me, `${pushService.origin}/push/x`, other.token)).status).toBe(403);
    expect((await subscribe(me, "ftp://example.com/x")).status).toBe(400);
    expect((await subscribe(me, "not a url")).status).toBe(400);
    const endpoint = `${pushService.origin}/push/${randomUUID()}`;
    await subscribe(me, endpoint);
    const del = (token: string) =>
      call(t.app, "DELETE", `/api/users/${me.id}/push-subscriptions`, { token, body: { endpoint } });
    expect((await del(other.token)).status).toBe(403);
    expect((await del(me.token)).body.data).toEqual({ removed: true });
    expect((await del(me.token)).body.data).toEqual({ removed: false });
  });
});
