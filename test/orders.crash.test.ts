import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { closeInfra, createInfra, type Infra } from "../src/infra/index.js";
import { checkInvariants } from "../src/modules/orders/index.js";
import { spawnNode, startCluster } from "./cluster.js";
import { http, insertCreator, insertDrop, insertUsers, tokensFor } from "./factories.js";
import { usingServices } from "./harness.js";

/**
 * A `serve` killed with kill -9 in the middle of charging leaves the keys it held
 * unfinished. With the reservation TTL at its default (10 minutes) and no worker running,
 * only the lease (10 s) can free them: every retry on the surviving process gets its
 * answer long before the TTL (the test waits at most 2 minutes and prints how long it
 * took; the time itself is not asserted), each order is settled once, and the invariants
 * hold.
 *
 * Several processes need the shared PostgreSQL (npm run test:services); on the embedded
 * database the same mechanism is tested in-process by test/orders.lease.test.ts.
 */
const BUYERS = 120;

type Cluster = Awaited<ReturnType<typeof startCluster>>;
let cluster: Cluster;
let admin: Infra;

describe.runIf(usingServices())("a serve killed mid-charge", () => {
  beforeAll(async () => {
    // Slow charges, so that the victim dies while holding keys in flight.
    cluster = await startCluster(2, { PAYMENT_SLOW_MS: "4000" });
    admin = await createInfra(loadConfig(cluster.env), { migrate: false });
  }, 120_000);
  afterAll(async () => {
    await closeInfra(admin);
    await cluster?.close();
  });

  it("frees every key it held: each retry on the other process gets its answer", async () => {
    const creatorId = await insertCreator(admin.db);
    const users = await insertUsers(admin.db, BUYERS);
    const tokens = tokensFor(admin.config.jwtSecret, users);
    const { dropId } = await insertDrop(admin.db, { creatorId, stock: BUYERS });
    const [survivor, victimUrl] = cluster.urls as [string, string];
    const attempts = users.map((_, i) => ({ key: randomUUID(), token: tokens[i] as string }));
    const body = { dropId, quantity: 1, paymentMethodId: "pm_card_slow" };
    const post = (url: string, a: (typeof attempts)[number]) =>
      http(url, "POST", "/api/orders", { token: a.token, body, headers: { "idempotency-key": a.key } });

    const inFlight = attempts.map((a) => post(victimUrl, a).catch(() => null));
    // Wait until the victim has reserved them all (they are now charging), then kill it.
    for (let i = 0; i < 100; i++) {
      const r = await admin.db.query<{ n: number }>(
        "select count(*)::int as n from orders where drop_id = $1",
        [dropId],
      );
      if (r.rows[0]?.n === BUYERS) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const [victim] = cluster.nodes.splice(1, 1); // a killed node is not stopped again at close
    victim?.kill9();
    // Those the victim answered before it died were confirmed; the rest lost their answer.
    const seen = await Promise.all(inFlight);
    expect(seen.filter((r) => r !== null && r.status !== 201)).toEqual([]);

    const started = Date.now();
    const answers = await Promise.all(
      attempts.map(async (a) => {
        for (;;) {
          const r = await post(survivor, a);
          if (r.body?.error?.code !== "IDEMPOTENCY_IN_PROGRESS") return { ...r, after: Date.now() - started };
          if (Date.now() - started > 120_000) return { ...r, after: Date.now() - started };
          await new Promise((res) => setTimeout(res, 1_000));
        }
      }),
    );
    expect(answers.filter((r) => r.body?.error?.code === "IDEMPOTENCY_IN_PROGRESS")).toEqual([]);
    console.info(
      `orders.crash: every orphaned key answered within ${Math.max(...answers.map((r) => r.after))} ms`,
    );
    // The simulated provider took the slow charges: each order is confirmed, once.
    expect(answers.map((r) => r.status)).toEqual(Array(BUYERS).fill(201));
    const orders = await admin.db.query<{ status: string; n: number }>(
      "select status, count(*)::int as n from orders where drop_id = $1 group by status",
      [dropId],
    );
    expect(orders.rows).toEqual([{ status: "confirmed", n: BUYERS }]);
    for (const [i, r] of answers.entries()) {
      const again = await post(survivor, attempts[i] as (typeof attempts)[number]);
      expect(again.body.data.order.id).toBe(r.body.data.order.id);
    }
    expect((await checkInvariants(admin.db)).problems).toEqual([]);

    // The victim comes back and the keys stay answered.
    const back = await spawnNode(cluster.env);
    cluster.nodes.push(back);
    const replay = await post(back.url, attempts[0] as (typeof attempts)[number]);
    expect(replay.status).toBe(201);
  }, 300_000);
});
