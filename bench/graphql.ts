/**
 * The seed's `Drops` GraphQL query beside the REST live-drops list it mirrors
 * (GET /api/drops?status=live&limit=20), same data, same connections, same run.
 * The server is `livedrop serve` in a child process on the embedded default, with 20 live
 * drops created through the API. Options: --duration S (10), --connections N (100).
 * Target: GraphQL reaches at least half of REST's req/s.
 */
import { spawnNode } from "../test/cluster.js";
import { http } from "../test/factories.js";
import { arg, benchSecrets, load, machine, metricsText, table } from "./lib.js";

const DROPS = `query Drops($status: DropStatus!, $after: String) {
  drops(status: $status, first: 20, after: $after) {
    edges {
      node { id status startsAt endsAt product { id title price } stock { available } }
      cursor
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

export default async function main(args: string[]): Promise<void> {
  const duration = arg(args, "duration", 10);
  const connections = arg(args, "connections", 100);
  const secrets = benchSecrets();
  const internalToken = secrets.INTERNAL_TOKEN;
  const node = await spawnNode({
    DATABASE_URL: "",
    REDIS_URL: "",
    NATS_URL: "",
    DATA_DIR: "memory://",
    SEED_DEMO: "false",
    LOG_LEVEL: "warn",
    PASSWORD_COST: "10",
    RATE_LIMITS: "off", // a crowd from one address
    NODE_ENV: "production",
    ...secrets,
  });
  try {
    console.log(`graphql bench on ${machine()}; embedded default, one server process`);
    const reg = await http(node.url, "POST", "/api/auth/register", {
      body: { name: "Bench", email: "bench@example.com", password: "long enough pw" },
    });
    const token = reg.body.data.token;
    await http(node.url, "POST", "/api/creators", { token, body: { handle: "bench", displayName: "Bench" } });
    const now = Date.now();
    for (let i = 0; i < 20; i++) {
      const p = await http(node.url, "POST", "/api/products", {
        token,
        body: { title: `Item ${i}`, description: "bench item", priceCents: 1000 + i, currency: "USD" },
      });
      const d = await http(node.url, "POST", "/api/drops", {
        token,
        body: {
          productId: p.body.data.id,
          startsAt: new Date(now - 1000).toISOString(),
          endsAt: new Date(now + 3_600_000 + i * 1000).toISOString(),
          initialStock: 100,
        },
      });
      if (d.status !== 201) throw new Error(`creating a drop failed: ${JSON.stringify(d.body)}`);
    }
    const body = JSON.stringify({ query: DROPS, variables: { status: "LIVE", after: null } });
    const check = await http(node.url, "POST", "/graphql", { body: JSON.parse(body) });
    if (check.body.data?.drops?.edges?.length !== 20)
      throw new Error(`unexpected answer: ${JSON.stringify(check.body)}`);

    const restUrl = `${node.url}/api/drops?status=live&limit=20`;
    const gqlOpts = {
      url: `${node.url}/graphql`,
      method: "POST" as const,
      headers: { "content-type": "application/json" },
      body,
      connections,
    };
    await load("warm-up", { url: restUrl, connections, duration: 2 });
    await load("warm-up", { ...gqlOpts, duration: 2 });
    const rest = await load("REST GET /api/drops?status=live&limit=20 (baseline)", {
      url: restUrl,
      connections,
      duration,
    });
    const gql = await load("GraphQL Drops(status: LIVE, first: 20)", { ...gqlOpts, duration });
    table([rest, gql], rest);
    console.log(`GraphQL / REST = ${(gql.rps / rest.rps).toFixed(2)} (target >= 0.5)`);
    const metrics = await metricsText(node.url, internalToken);
    console.log(
      metrics
        .split("\n")
        .filter((l) => l.startsWith("cache_requests_total"))
        .join("\n"),
    );
  } finally {
    await node.stop();
  }
}
