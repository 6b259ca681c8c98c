/**
 * The seed's `Drops` and `Creator` GraphQL queries for an anonymous caller beside the REST
 * live-drops list (GET /api/drops?status=live&limit=20), same server, same connections,
 * same run, in interleaved rounds (REST before and after), each compared by its mean (this
 * machine drifts). The server is `livedrop serve` in a child process on the embedded
 * default with the production defaults (NODE_ENV=production, default logging), limits off,
 * with 20 live drops and a creator with a few followers created through the API.
 * Options: --duration S (10), --connections N (100), --rounds N (3: interleaved rounds).
 * Target (issue 16): each GraphQL query >= 0.8 of the REST list's req/s.
 */
import { http } from "../test/factories.js";
import {
  arg,
  benchSecrets,
  type Figures,
  load,
  machine,
  metricsText,
  startServer,
  table,
  withCpu,
} from "./lib.js";

const CREATOR = `query Creator($creatorId: ID!) {
  creator(id: $creatorId) {
    id handle name
    meFollows
    followers(first: 20) {
      edges { node { id name } cursor }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

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
  const rounds = arg(args, "rounds", 3);
  const secrets = benchSecrets();
  const internalToken = secrets.INTERNAL_TOKEN;
  const node = await startServer(["src/cli.ts", "serve"], {
    DATABASE_URL: "",
    REDIS_URL: "",
    NATS_URL: "",
    DATA_DIR: "memory://",
    SEED_DEMO: "false",
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
    for (let i = 0; i < 5; i++) {
      const fan = await http(node.url, "POST", "/api/auth/register", {
        body: { name: `Fan ${i}`, email: `fan${i}@example.com`, password: "long enough pw" },
      });
      await http(node.url, "PUT", `/api/creators/${reg.body.data.user.id}/follow`, {
        token: fan.body.data.token,
      });
    }
    const queries = {
      Drops: JSON.stringify({ query: DROPS, variables: { status: "LIVE", after: null } }),
      Creator: JSON.stringify({ query: CREATOR, variables: { creatorId: reg.body.data.user.id } }),
    };
    const drops = await http(node.url, "POST", "/graphql", { body: JSON.parse(queries.Drops) });
    if (drops.body.data?.drops?.edges?.length !== 20)
      throw new Error(`unexpected answer: ${JSON.stringify(drops.body)}`);
    const creator = await http(node.url, "POST", "/graphql", { body: JSON.parse(queries.Creator) });
    if (creator.body.data?.creator?.followers?.edges?.length !== 5)
      throw new Error(`unexpected answer: ${JSON.stringify(creator.body)}`);

    const restUrl = `${node.url}/api/drops?status=live&limit=20`;
    const gqlOpts = (body: string) => ({
      url: `${node.url}/graphql`,
      method: "POST" as const,
      headers: { "content-type": "application/json" },
      body,
      connections,
    });
    await load("warm-up", { url: restUrl, connections, duration: 2 });
    await load("warm-up", { ...gqlOpts(queries.Drops), duration: 2 });
    await load("warm-up", { ...gqlOpts(queries.Creator), duration: 2 });
    // Interleaved rounds (REST, Drops, Creator, REST, ...), each kind compared by its mean
    // over the rounds: this shared machine drifts by more than the differences measured.
    // The server's CPU per request is measured too: it does not move with the neighbours.
    type Run = Figures & { cpuMsPerRequest: number };
    const runs: Record<"rest" | "drops" | "creator", Run[]> = { rest: [], drops: [], creator: [] };
    const rest = "REST GET /api/drops?status=live&limit=20";
    const restRun = () => withCpu(node, () => load(rest, { url: restUrl, connections, duration }));
    const gqlRun = (label: string, body: string) =>
      withCpu(node, () => load(label, { ...gqlOpts(body), duration }));
    for (let r = 0; r < rounds; r++) {
      runs.rest.push(await restRun());
      runs.drops.push(await gqlRun("GraphQL Drops(status: LIVE, first: 20)", queries.Drops));
      runs.creator.push(await gqlRun("GraphQL Creator(creatorId) with 5 followers", queries.Creator));
    }
    runs.rest.push(await restRun());
    const mean = (fs: Run[]): Run => ({
      ...(fs[0] as Run),
      label: `${fs[0]?.label} (mean of ${fs.length})`,
      rps: fs.reduce((n, f) => n + f.rps, 0) / fs.length,
      p99: Math.max(...fs.map((f) => f.p99)),
      total: fs.reduce((n, f) => n + f.total, 0),
      cpuMsPerRequest:
        fs.reduce((n, f) => n + f.cpuMsPerRequest * f.total, 0) / fs.reduce((n, f) => n + f.total, 0),
    });
    const base = mean(runs.rest);
    const [gqlDrops, gqlCreator] = [mean(runs.drops), mean(runs.creator)];
    table([...runs.rest, ...runs.drops, ...runs.creator, base, gqlDrops, gqlCreator], base);
    for (const f of [gqlDrops, gqlCreator]) {
      const ratio = f.rps / base.rps;
      const cpu = base.cpuMsPerRequest / f.cpuMsPerRequest;
      console.log(
        `${f.label} / REST live list = ${ratio.toFixed(2)} -> ${ratio >= 0.8 ? "meets" : "MISSES"} the target (>= 0.8); server CPU per request ${f.cpuMsPerRequest.toFixed(3)} ms vs REST ${base.cpuMsPerRequest.toFixed(3)} ms (REST/GraphQL = ${cpu.toFixed(2)})`,
      );
    }
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
