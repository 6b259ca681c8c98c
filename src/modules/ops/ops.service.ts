import { hostname } from "node:os";
import { performance } from "node:perf_hooks";
import type { Registry } from "prom-client";
import { type Bus, publishTo, type Subscription, subscribeTo, topic } from "../../infra/bus/index.js";
import type { Clock } from "../../shared/clock.js";
import { AppError } from "../../shared/errors.js";
import { combine, difference, observations, p99, readSnapshot, type Snapshot } from "./ops.snapshot.js";

/** What one process says about itself every few seconds, on the bus, to every other. */
export interface ProcessSample {
  instance: string;
  /** serve, worker, or serve+worker for `livedrop all`. */
  role: string;
  /** Wall time of the sample (ms), from the clock: other processes judge its age by it. */
  at: number;
  uptimeSeconds: number;
  /** How long `recent` covers. */
  windowSeconds: number;
  /** Since the process started. */
  totals: Snapshot;
  /** Over the last `windowSeconds`: what the live charts draw. */
  recent: Snapshot;
}

/** Not an outbox event: a figure nobody must receive, so a lost one costs one chart point. */
const OPS_SAMPLES = topic<ProcessSample>("ops.sample");

/** How many of its own snapshots a process keeps: `recent` spans the last RING - 1 intervals. */
const RING = 3;
/** Routes listed on the dashboard, busiest first. */
const TOP_ROUTES = 12;

/**
 * Operators' view of the whole cluster. Every process (serve and worker) reads its own
 * /metrics registry every `sampleMs` and broadcasts it on the bus; every process keeps the
 * latest sample of each other one, so whichever instance a load balancer picks answers for
 * all of them. Samples older than three intervals are of a process that is gone.
 * Operators are the accounts whose email OPERATOR_EMAILS lists; everyone else is refused,
 * since the figures say what the service is going through.
 */
export function createOpsService(deps: {
  registry: Registry;
  bus: Bus;
  clock: Clock;
  operatorEmails: readonly string[];
  emailOf: (userId: string) => Promise<string | undefined>;
  sampleMs: number;
  /** Defaults to host:pid; tests running several "processes" in one name them. */
  instance?: string;
}) {
  const operators = new Set(deps.operatorEmails.map((e) => e.toLowerCase()));
  const instance = deps.instance ?? `${hostname()}:${process.pid}`;
  const roles = new Set<string>();
  const ring: { t: number; snap: Snapshot }[] = [];
  const others = new Map<string, ProcessSample>();
  let timer: NodeJS.Timeout | undefined;
  let subscription: Subscription | undefined;
  let starting: Promise<void> | undefined;

  async function assertOperator(userId: string): Promise<void> {
    const email = await deps.emailOf(userId);
    if (!email || !operators.has(email.toLowerCase())) {
      throw new AppError("FORBIDDEN", "Only operators (OPERATOR_EMAILS) see the service's figures");
    }
  }

  async function sampleSelf(): Promise<ProcessSample> {
    const totals = await readSnapshot(deps.registry);
    const t = performance.now();
    const base = ring[0];
    return {
      instance,
      role: [...roles].sort().join("+") || "serve",
      at: deps.clock.now().getTime(),
      uptimeSeconds: Math.round(process.uptime()),
      windowSeconds: base ? Math.max(0.001, (t - base.t) / 1000) : Math.max(0.001, process.uptime()),
      totals,
      recent: base ? difference(totals, base.snap) : totals,
    };
  }

  async function tick(): Promise<void> {
    const sample = await sampleSelf();
    ring.push({ t: performance.now(), snap: sample.totals });
    if (ring.length > RING) ring.shift();
    // The bus away: this process is missing from the others' view until it is back.
    await publishTo(deps.bus, OPS_SAMPLES, sample).catch(() => undefined);
  }

  /** Start sampling; a process that is both serve and worker calls it twice and samples once. */
  async function start(role: "serve" | "worker"): Promise<void> {
    roles.add(role);
    starting ??= (async () => {
      subscription = await subscribeTo(deps.bus, OPS_SAMPLES, (s) => {
        // A sample dated in the future (a skewed clock) would never age out: it counts as now.
        if (s.instance !== instance)
          others.set(s.instance, { ...s, at: Math.min(s.at, deps.clock.now().getTime()) });
      });
      await tick();
      timer = setInterval(() => void tick().catch(() => undefined), deps.sampleMs);
      timer.unref();
    })();
    await starting;
  }

  async function stop(): Promise<void> {
    if (timer) clearInterval(timer);
    timer = undefined;
    await subscription?.unsubscribe().catch(() => undefined);
    subscription = undefined;
    starting = undefined;
  }

  /** The cluster's figures: this process fresh, the others as of their last sample. */
  async function summary() {
    const now = deps.clock.now().getTime();
    for (const [id, s] of others) if (now - s.at > 3 * deps.sampleMs) others.delete(id);
    const samples = [await sampleSelf(), ...others.values()];
    const totals = combine(samples.map((s) => s.totals));
    const recent = combine(samples.map((s) => s.recent));
    // Rates per process over its own window, then added: windows differ a little.
    const rate = (key: string) =>
      samples.reduce((n, s) => n + (s.recent.sums[key] ?? 0) / s.windowSeconds, 0);
    const rateOf = (pred: (key: string) => boolean) =>
      samples.reduce(
        (n, s) =>
          n +
          Object.entries(s.recent.sums)
            .filter(([k]) => pred(k))
            .reduce((m, [, v]) => m + v, 0) /
            s.windowSeconds,
        0,
      );
    const hits = totals.sums.cacheHits ?? 0;
    const misses = totals.sums.cacheMisses ?? 0;
    const recentHits = recent.sums.cacheHits ?? 0;
    const recentMisses = recent.sums.cacheMisses ?? 0;
    const orders: Record<string, number> = {};
    for (const [k, v] of Object.entries(totals.sums)) if (k.startsWith("orders:")) orders[k.slice(7)] = v;
    const routes = Object.keys(totals.sums)
      .filter((k) => k.startsWith("route:"))
      .map((k) => ({
        route: k.slice(6),
        requests: totals.sums[k] ?? 0,
        perSecond: round(rate(k)),
        p99Seconds: p99(recent.histograms[k]) || p99(totals.histograms[k]),
      }))
      .sort((a, b) => b.perSecond - a.perSecond || b.requests - a.requests)
      .slice(0, TOP_ROUTES);
    const s = totals.sums;
    const m = totals.maxes;
    return {
      sampledAt: new Date(now).toISOString(),
      windowSeconds: round(Math.max(...samples.map((x) => x.windowSeconds))),
      uptimeSeconds: Math.round(process.uptime()),
      processes: samples.map((x) => ({
        instance: x.instance,
        role: x.role,
        ageSeconds: round(Math.max(0, now - x.at) / 1000),
        uptimeSeconds: x.uptimeSeconds,
        requestsPerSecond: round((x.recent.sums.requests ?? 0) / x.windowSeconds),
        p99Seconds: p99(x.recent.histograms.request),
        pushConnections: x.totals.sums.pushConnections ?? 0,
        eventLoopLagP99Seconds: x.totals.maxes.eventLoopLagP99Seconds ?? 0,
      })),
      requests: {
        total: s.requests ?? 0,
        serverErrors: s.serverErrors ?? 0,
        refused503: s.refused503 ?? 0,
        perSecond: round(rate("requests")),
        serverErrorsPerSecond: round(rate("serverErrors")),
        p99Seconds: p99(recent.histograms.request) || p99(totals.histograms.request),
      },
      routes,
      cache: {
        hits,
        misses,
        hitRatio: ratio(hits, misses),
        recentHitRatio: recentHits + recentMisses ? ratio(recentHits, recentMisses) : ratio(hits, misses),
        fallbacks: s.cacheFallbacks ?? 0,
      },
      refusals: {
        rateLimited: s.rateLimited ?? 0,
        overloaded: s.overloaded ?? 0,
        ordersOverloaded: orders.overloaded ?? 0,
        perSecond: round(rate("rateLimited") + rate("overloaded") + rate("orders:overloaded")),
      },
      orders,
      ordersPerSecond: round(rateOf((k) => k.startsWith("orders:"))),
      locks: {
        waitingSessions: m.lockWaitingSessions ?? 0,
        longestWaitSeconds: m.lockWaitLongestSeconds ?? 0,
        hotRowP99Seconds: p99(recent.histograms.hotRow) || p99(totals.histograms.hotRow),
        queueWaitP99Seconds: p99(recent.histograms.queueWait) || p99(totals.histograms.queueWait),
      },
      followerList: {
        lists: observations(totals.histograms.followerList),
        p99Seconds: p99(recent.histograms.followerList) || p99(totals.histograms.followerList),
      },
      outbox: { lagSeconds: m.outboxLagSeconds ?? 0, unpublished: m.outboxUnpublished ?? 0 },
      push: {
        connections: s.pushConnections ?? 0,
        eventsPerSecond: round(rate("pushEvents")),
        deliveryP99Seconds: p99(recent.histograms.pushDispatch) || p99(totals.histograms.pushDispatch),
      },
      dbPool: { total: s.dbPoolTotal ?? 0, idle: s.dbPoolIdle ?? 0, waiting: s.dbPoolWaiting ?? 0 },
      eventLoop: { lagP99Seconds: m.eventLoopLagP99Seconds ?? 0 },
    };
  }

  return { assertOperator, summary, start, stop, instance };
}

export type OpsService = ReturnType<typeof createOpsService>;

const ratio = (hits: number, misses: number) => (hits + misses ? hits / (hits + misses) : 0);
const round = (n: number) => Math.round(n * 1000) / 1000;
