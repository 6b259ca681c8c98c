import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { renderTemplate } from "../scripts/topology.js";
import { loadConfig } from "../src/config.js";
import { createTestApp, type TestApp } from "./harness.js";

/**
 * Docker and Kubernetes cannot run here, so the files in deploy/ are checked against the
 * code instead: every variable they set is one the configuration reads, every command is a
 * CLI command, every probe is a route that answers, the ports agree, and nginx accepts its
 * configuration rendered both ways (for the local cluster and for the compose file).
 */

const ROOT = join(import.meta.dirname, "..");
const DEPLOY = join(ROOT, "deploy");
const read = (path: string) => readFileSync(join(DEPLOY, path), "utf8");

/** Every variable loadConfig reads, found by handing it an environment that records reads. */
function variablesTheConfigReads(): Set<string> {
  const seen = new Set<string>();
  const env = new Proxy({ NODE_ENV: "test" } as Record<string, string | undefined>, {
    get(target, name) {
      if (typeof name === "string") seen.add(name);
      return target[name as string];
    },
  });
  loadConfig(env);
  return seen;
}

/** The commands src/cli.ts answers (its `case "..."` labels). */
const cliCommands = () =>
  new Set([...readFileSync(join(ROOT, "src/cli.ts"), "utf8").matchAll(/case "([a-z]+)":/g)].map((m) => m[1]));

const k8s = () =>
  readdirSync(join(DEPLOY, "k8s")).flatMap((f) =>
    parseAllDocuments(read(join("k8s", f))).map((d) => d.toJS() as Record<string, any>),
  );
const byKind = (kind: string) => k8s().filter((o) => o.kind === kind);
const containers = () =>
  [...byKind("Deployment"), ...byKind("Job")].flatMap((o) => o.spec.template.spec.containers as any[]);

const compose = () => parse(read("compose.yaml")) as { services: Record<string, any> };
const composeApps = () =>
  Object.entries(compose().services).filter(([, s]) => s.image === "livedrop") as [string, any][];

const dockerfile = () => read("Dockerfile");
const dockerEnv = () => {
  const env: Record<string, string> = {};
  for (const m of dockerfile().matchAll(/^ENV ((?:.*\\\n)*.*)$/gm)) {
    for (const pair of (m[1] ?? "").replace(/\\\n/g, " ").trim().split(/\s+/)) {
      const [k, v = ""] = pair.split("=");
      if (k) env[k] = v;
    }
  }
  return env;
};

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe("deploy/ agrees with the code", () => {
  it("sets only variables the configuration reads", () => {
    const known = variablesTheConfigReads();
    const set = [
      ...Object.keys(dockerEnv()),
      ...composeApps().flatMap(([, s]) => Object.keys(s.environment ?? {})),
      ...byKind("ConfigMap").flatMap((c) => Object.keys(c.data ?? {})),
      ...byKind("Secret").flatMap((c) => Object.keys(c.stringData ?? {})),
    ];
    expect(set.length).toBeGreaterThan(10);
    expect(set.filter((name) => !known.has(name))).toEqual([]);
    // And the configuration accepts the values the Kubernetes files give together.
    const given = Object.assign(
      {},
      ...byKind("ConfigMap").map((c) => c.data),
      ...byKind("Secret").map((c) => c.stringData),
    );
    expect(() => loadConfig(given)).not.toThrow();
  });

  it("runs only real CLI commands", () => {
    const commands = cliCommands();
    expect(commands).toContain("serve");
    const used = [
      ...containers().flatMap((c) => c.args as string[]),
      ...composeApps().flatMap(([, s]) => s.command as string[]),
      ...JSON.parse(/^CMD (.*)$/m.exec(dockerfile())?.[1] ?? "[]"),
    ];
    expect(new Set(used)).toEqual(new Set(["serve", "worker", "migrate"]));
    for (const c of used) expect(commands).toContain(c);
    expect(/^ENTRYPOINT \["node", "bin\/livedrop.js"\]$/m.test(dockerfile())).toBe(true);
  });

  it("probes routes that answer", async () => {
    const paths = [
      ...containers().flatMap((c) => [c.readinessProbe?.httpGet?.path, c.livenessProbe?.httpGet?.path]),
      ...[dockerfile(), JSON.stringify(compose())].flatMap((text) =>
        [...text.matchAll(/127\.0\.0\.1:3000(\/[a-z/]+)/g)].map((m) => m[1]),
      ),
    ].filter(Boolean) as string[];
    expect(new Set(paths)).toEqual(new Set(["/health/ready", "/health/live"]));
    for (const path of new Set(paths)) {
      expect((await t.app.inject({ method: "GET", url: path })).statusCode, path).toBe(200);
    }
  });

  it("agrees on ports", () => {
    const config = Object.assign({}, ...byKind("ConfigMap").map((c) => c.data));
    const port = Number(config.PORT);
    expect(Number(dockerEnv().PORT)).toBe(port);
    expect(dockerfile()).toContain(`EXPOSE ${port}`);
    for (const c of containers()) {
      for (const p of c.ports ?? []) {
        expect(p.containerPort).toBe(p.name === "metrics" ? Number(config.METRICS_PORT) : port);
      }
    }
    for (const svc of byKind("Service")) for (const p of svc.spec.ports) expect(p.targetPort).toBe(port);
    for (const [, s] of composeApps()) expect(Number(s.environment.PORT)).toBe(port);
    expect(compose().services.nginx.environment.LIVEDROP_UPSTREAMS).toContain(`serve:${port} `);
    // The autoscaler, the disruption budget and the probes name the serve Deployment.
    const serve = byKind("Deployment").find((d) => d.metadata.name === "livedrop-serve");
    expect(byKind("HorizontalPodAutoscaler")[0]?.spec.scaleTargetRef.name).toBe(serve?.metadata.name);
    expect(byKind("PodDisruptionBudget")[0]?.spec.selector.matchLabels).toEqual(
      serve?.spec.selector.matchLabels,
    );
  });

  it("nginx accepts its configuration, and routes the long-lived and retried paths the app has", () => {
    const template = read("nginx/livedrop.conf.template");
    const names = new Set([...template.matchAll(/\$\{([A-Z_]+)\}/g)].map((m) => m[1]));
    expect(names).toEqual(new Set(Object.keys(compose().services.nginx.environment)));
    const dir = mkdtempSync(join(tmpdir(), "livedrop-nginx-"));
    try {
      const site = renderTemplate(template, {
        LIVEDROP_UPSTREAMS: "server 127.0.0.1:3000 max_fails=3 fail_timeout=10s;",
        LIVEDROP_LISTEN: "127.0.0.1:8080",
        LIVEDROP_ACCESS_LOG: join(dir, "access.log"),
      });
      expect(site).not.toMatch(/\$\{/);
      writeFileSync(join(dir, "site.conf"), site);
      writeFileSync(
        join(dir, "nginx.conf"),
        `pid ${dir}/nginx.pid; error_log ${dir}/error.log; events {} http { include ${dir}/site.conf; }`,
      );
      execFileSync("nginx", ["-t", "-q", "-c", join(dir, "nginx.conf"), "-p", dir], { stdio: "pipe" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    for (const path of ["/api/orders", "/orders", "/api/payments"])
      expect(doc.paths[path]?.post, path).toBeDefined();
    for (const url of ["/push", "/graphql", "/api/notifications/stream"]) {
      expect(t.app.hasRoute({ method: "GET", url }), url).toBe(true);
    }
    expect(Object.keys(doc.paths).filter((p) => p.startsWith("/api/auth/")).length).toBeGreaterThan(1);
  });
});
