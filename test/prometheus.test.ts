import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { createTestApp, type TestApp, usingServices } from "./harness.js";

/**
 * deploy/prometheus/alerts.yml and the code agree: every metric an alert reads is in a real
 * /metrics of this app (an alert on a renamed metric never fires, silently). promtool checks
 * the syntax in .ci/run; this checks the names.
 */
const DIR = join(import.meta.dirname, "..", "deploy", "prometheus");

/** PromQL words that are not metric names. */
const NOT_METRICS = new Set(
  "sum min max avg count rate irate increase delta histogram_quantile min_over_time max_over_time avg_over_time by without on ignoring group_left group_right and or unless offset bool abs clamp_min clamp_max".split(
    " ",
  ),
);
/** Prometheus's own series, not the app's. */
const PROMETHEUS = new Set(["up"]);
/** Registered only on PostgreSQL (src/infra/db/lock-metrics.ts): checked by `npm run test:services`. */
const POSTGRES_ONLY = new Set(["db_lock_wait_longest_seconds", "db_lock_waiting_sessions"]);

function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"[^"]*"/g, "") // label values
    .replace(/\{[^}]*\}/g, "") // label matchers
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, "") // grouping labels
    .replace(/\[[^\]]*\]/g, "") // ranges
    .replace(/\b\d+(\.\d+)?(ms|[smhdwy])?\b/g, ""); // numbers and durations (offset 5m)
  return [...new Set(bare.match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? [])].filter(
    (w) => !NOT_METRICS.has(w) && !/^\d/.test(w),
  );
}

describe("Prometheus alert rules", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("name only metrics a real /metrics exports", async () => {
    // A few requests first, so the request metrics have series too.
    await t.app.inject({ method: "GET", url: "/api/drops" });
    const text = (
      await t.app.inject({
        method: "GET",
        url: "/metrics",
        headers: { authorization: `Bearer ${t.config.internalToken}` },
      })
    ).body;
    const exported = new Set(
      text
        .split("\n")
        .filter((l) => l.startsWith("# TYPE "))
        .map((l) => l.split(" ")[2] as string),
    );
    const rules = (
      parse(readFileSync(join(DIR, "alerts.yml"), "utf8")) as {
        groups: { rules: { alert: string; expr: string }[] }[];
      }
    ).groups.flatMap((g) => g.rules);
    expect(rules.length).toBeGreaterThan(5);
    const missing: string[] = [];
    for (const rule of rules) {
      for (const name of metricNames(rule.expr)) {
        if (PROMETHEUS.has(name)) continue;
        if (POSTGRES_ONLY.has(name) && !usingServices()) continue;
        const base = name.replace(/_(bucket|sum|count)$/, "");
        if (!exported.has(name) && !exported.has(base)) missing.push(`${rule.alert}: ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("finds the names in an expression (the checker itself)", () => {
    expect(
      metricNames(
        'sum by (job, le) (rate(http_request_duration_seconds_bucket{route!~"/push"}[5m])) > 0.5 and up == 0',
      ),
    ).toEqual(["http_request_duration_seconds_bucket", "up"]);
  });

  it("the scrape configuration loads the rules and scrapes both roles on METRICS_PORT 9464", () => {
    const config = parse(readFileSync(join(DIR, "prometheus.yml"), "utf8")) as {
      rule_files: string[];
      scrape_configs: { job_name: string; dns_sd_configs: { names: string[]; port: number }[] }[];
    };
    expect(config.rule_files).toEqual(["alerts.yml"]);
    const compose = parse(readFileSync(join(DIR, "..", "compose.yaml"), "utf8")) as {
      services: Record<string, unknown>;
    };
    for (const role of ["serve", "worker"]) {
      const job = config.scrape_configs.find((j) => j.job_name === `livedrop-${role}`);
      expect(job?.dns_sd_configs[0]).toMatchObject({ names: [role], port: 9464 });
      expect(compose.services[role]).toBeDefined();
    }
    expect(readFileSync(join(DIR, "..", "compose.yaml"), "utf8")).toContain('METRICS_PORT: "9464"');
  });
});
