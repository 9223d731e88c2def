import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { createApiKey } from "../../src/domain/organizations.ts";
import { openEnv, type ScenarioEnv } from "../lib/env.ts";
import { coresUsed, cpuSeconds } from "../lib/procfs.ts";
import { publishPaced } from "../lib/produce.ts";
import { median, percentile, repeat, round, sleep } from "../lib/stats.ts";
import type { BenchContext, Metric, ScenarioResult } from "../lib/types.ts";
import { formatCores, healthyEndpoints } from "./throughput.ts";

const LABEL = "fan";
const ATTEMPTS_PER_SECOND = 20;
// A freshly started api process fans its first second or so out about twice as slowly
// (unoptimised code, new connections) and falls behind; like every other scenario, measure
// warmed up, and show that start separately.
const WARMUP_SECONDS = 2;
// A key may hold MAX_CONNECTIONS_PER_KEY (default 100) connections per api process.
const CONNECTIONS_PER_KEY = 100;

interface Window {
  /** Event-id prefix of this window's attempts: a late notice of an earlier window is not counted. */
  prefix: string;
  latencies: number[];
  perAttempt: Map<string, number>;
}

/** What the subscribers write to and the measurement windows read: the current window, errors, attempts so far. */
interface Collector {
  current: Window;
  errors: number;
  attempts: number;
}

interface WindowResult {
  published: number;
  notices: number;
  expected: number;
  reachedAll: number;
  p50: number;
  p99: number;
  cores: Record<string, number>;
}

async function apiTokens(env: ScenarioEnv, n: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < Math.ceil(n / CONNECTIONS_PER_KEY); i++)
    tokens.push((await createApiKey(env.services, env.organizationId, { name: `bench-${i}` })).token);
  return tokens;
}

/** Opens `n` graphql-ws clients into `clients`, each subscribed to deliveryAttempts, and waits until the api counts them all. */
async function subscribeAll(env: ScenarioEnv, n: number, clients: Client[], into: Collector): Promise<void> {
  const tokens = await apiTokens(env, n);
  for (let i = 0; i < n; i++) {
    const client = createClient({
      url: `ws://127.0.0.1:${env.api!.port}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${tokens[Math.floor(i / CONNECTIONS_PER_KEY)]}` },
      lazy: false,
      retryAttempts: 0,
      onNonLazyError: () => void into.errors++,
    });
    clients.push(client);
    client.subscribe<{ deliveryAttempts: { id: string; eventId: string; createdAt: string } }>(
      { query: "subscription { deliveryAttempts { id eventId createdAt } }" },
      {
        next: (r) => {
          const a = r.data?.deliveryAttempts;
          const current = into.current;
          if (!a?.eventId.startsWith(current.prefix)) return;
          current.latencies.push(Date.now() - Date.parse(a.createdAt));
          current.perAttempt.set(a.id, (current.perAttempt.get(a.id) ?? 0) + 1);
        },
        error: () => void into.errors++,
        complete: () => {},
      },
    );
  }
  const subscribedBy = Date.now() + 60_000;
  while ((await env.api!.metric("herald_subscriptions_active")) < n) {
    if (Date.now() > subscribedBy) throw new Error(`only ${await env.api!.metric("herald_subscriptions_active")} of ${n} subscriptions open after 60 s`);
    await sleep(100);
  }
}

// The api process is not among env.cpu()'s groups: without this it would count as "other".
function cpuWithApi(env: ScenarioEnv): Record<string, number> {
  const c = env.cpu();
  const api = cpuSeconds({ api: [env.api!.pid] }).api!;
  return { ...c, "herald api": api, other: c.other! - api };
}

/** Attempts at ATTEMPTS_PER_SECOND for `seconds`, then waits (≤ 30 s) for every subscriber's notice of each. */
async function measureWindow(
  ctx: BenchContext,
  env: ScenarioEnv,
  endpointIds: string[],
  into: Collector,
  prefix: string,
  seconds: number,
): Promise<WindowResult> {
  const n = ctx.opts.subscribers;
  into.current = { prefix: `${prefix}-`, latencies: [], perAttempt: new Map() };
  const current = into.current;
  const cpu0 = cpuWithApi(env);
  const t0 = performance.now();
  const sent = await publishPaced(
    env.services.nats.js,
    { organizationId: env.organizationId, prefix, type: () => "bench.t0", bodyBytes: ctx.opts.bodyBytes },
    ATTEMPTS_PER_SECOND,
    seconds,
  );
  into.attempts += sent.published;
  await env.waitForAttempts(into.attempts, { endpointIds, label: prefix });
  const expected = sent.published * n;
  const deadline = Date.now() + 30_000;
  while (current.latencies.length < expected && Date.now() < deadline) await sleep(50);
  const wall = (performance.now() - t0) / 1000;
  const cores = coresUsed(cpu0, cpuWithApi(env), wall);
  const sorted = Float64Array.from(current.latencies).sort();
  return {
    published: sent.published,
    notices: sorted.length,
    expected,
    reachedAll: [...current.perAttempt.values()].filter((c) => c === n).length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    cores,
  };
}

function fanoutResult(ctx: BenchContext, reps: WindowResult[], warmup: WindowResult | undefined, seconds: number, errors: number): ScenarioResult {
  const { opts } = ctx;
  const n = opts.subscribers;
  const p50 = median(reps.map((r) => r.p50));
  const p99 = median(reps.map((r) => r.p99));
  const sum = (f: (r: WindowResult) => number) => reps.reduce((a, r) => a + f(r), 0);
  const medianRep = reps.reduce((best, r) => (Math.abs(r.p99 - p99) < Math.abs(best.p99 - p99) ? r : best), reps[0]!);
  const detail = `${n} subscribers × ${seconds} s of attempts at ${ATTEMPTS_PER_SECOND}/s, median of ${opts.reps} reps${warmup ? ` after a ${WARMUP_SECONDS} s warm-up` : ""}: ${sum((r) => r.notices)} of ${sum((r) => r.expected)} notices arrived, ${errors} errors; cores in median rep: ${formatCores(medianRep.cores)}`;
  const warmupMetrics: Metric[] = warmup
    ? [
        {
          label: "p99 in the api's first seconds (warm-up)",
          value: round(warmup.p99, 1),
          unit: "ms",
          detail: `p50 ${warmup.p50} ms; cores: ${formatCores(warmup.cores)}`,
        },
      ]
    : [];
  return {
    id: "fanout",
    title: `fan-out to ${n} graphql-ws subscribers (api process + worker process, Redis between)`,
    metrics: [
      { label: "recorded → received p50", value: round(p50, 1), unit: "ms", detail },
      { label: "p99", value: round(p99, 1), unit: "ms", target: "≤ 50", pass: p99 <= 50 },
      {
        label: "attempts that reached every subscriber",
        value: sum((r) => r.reachedAll),
        unit: `of ${sum((r) => r.published)}`,
        target: "all",
        pass: sum((r) => r.reachedAll) === sum((r) => r.published),
      },
      ...warmupMetrics,
    ],
    data: { subscribers: n, reps, warmup: warmup ?? null, errors },
  };
}

/**
 * Fan-out (SPEC §8): N graphql-ws subscribers on one api process, attempts made by a worker
 * process and carried over Redis; for every (attempt, subscriber) pair, the time from the
 * attempt's recording (its createdAt, ms resolution, same clock) to its arrival here.
 */
export async function fanout(ctx: BenchContext): Promise<ScenarioResult> {
  const { opts } = ctx;
  const env = await openEnv(ctx, { label: LABEL, workers: 1, api: true });
  const clients: Client[] = [];
  try {
    const endpointIds = (await env.createEndpoints(healthyEndpoints(LABEL, 1))).map((e) => e.id);
    const collector: Collector = { current: { prefix: "", latencies: [], perAttempt: new Map() }, errors: 0, attempts: 0 };
    await subscribeAll(env, opts.subscribers, clients, collector);
    const measure = (prefix: string, seconds: number) => measureWindow(ctx, env, endpointIds, collector, prefix, seconds);
    const warmup = opts.warmup > 0 ? await measure(`${LABEL}-warm`, WARMUP_SECONDS) : undefined;
    const seconds = opts.quick ? 1 : 5;
    const reps = await repeat(opts.reps, async (r) => {
      const rep = await measure(`${LABEL}-${r}`, seconds);
      ctx.log(`  fan-out rep ${r + 1}: p50 ${rep.p50} ms, p99 ${rep.p99} ms; cores: ${formatCores(rep.cores)}`);
      return rep;
    });
    return fanoutResult(ctx, reps, warmup, seconds, collector.errors);
  } finally {
    await Promise.all(clients.map((c) => c.dispose()));
    await env.stop();
  }
}
