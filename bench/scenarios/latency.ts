import { performance } from "node:perf_hooks";
import { openEnv, type ScenarioEnv } from "../lib/env.ts";
import { coresUsed } from "../lib/procfs.ts";
import { publishPaced, roundRobinPlan } from "../lib/produce.ts";
import type { ReceiverStats } from "../lib/receiver-protocol.ts";
import { percentile, round } from "../lib/stats.ts";
import type { BenchContext, ScenarioResult } from "../lib/types.ts";
import { formatCores, healthyEndpoints } from "./throughput.ts";

const LABEL = "lat";

interface LatencyMeasured {
  sent: Awaited<ReturnType<typeof publishPaced>>;
  cores: Record<string, number>;
  stats: ReceiverStats;
  latencies: number[];
}

// Where the time goes, from Herald's own rows (millisecond timestamps): publish → ingest
// transaction start (events.created_at), ingest start → attempt recorded (delivery_attempts.created_at,
// taken after the POST returned and the recorder's batch formed), and the POST itself (duration_ms).
async function stageBreakdown(env: ScenarioEnv): Promise<Record<string, number>> {
  const { rows } = await env.services.db.pool.query<Record<string, number>>(
    `WITH s AS (
       SELECT extract(epoch FROM e.created_at) * 1000 - (convert_from(e.payload, 'UTF8')::jsonb -> 'data' ->> 'sentAt')::float8 AS to_ingest,
              extract(epoch FROM (a.created_at - e.created_at)) * 1000 AS ingest_to_recorded,
              a.duration_ms::float8 AS post
         FROM events e
         JOIN deliveries d ON d.organization_id = e.organization_id AND d.event_id = e.id
         JOIN delivery_attempts a ON a.delivery_id = d.id
        WHERE e.id LIKE $1)
     SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY to_ingest) AS ingest50, percentile_cont(0.99) WITHIN GROUP (ORDER BY to_ingest) AS ingest99,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY ingest_to_recorded) AS rec50, percentile_cont(0.99) WITHIN GROUP (ORDER BY ingest_to_recorded) AS rec99,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY post) AS post50, percentile_cont(0.99) WITHIN GROUP (ORDER BY post) AS post99
       FROM s`,
    [`${LABEL}-run-%`],
  );
  return rows[0] ?? {};
}

/** `duration` seconds at `rate`, until every attempt is committed; the receiver's latencies of exactly that window. */
async function measureLatency(ctx: BenchContext, env: ScenarioEnv, plan: ReturnType<typeof roundRobinPlan>): Promise<LatencyMeasured> {
  const { opts, receiver } = ctx;
  await receiver.stats({ reset: true, takeLatencies: true });
  await env.workerHealth(); // starts the event-loop delay window
  const before = await env.countAttempts();
  const cpu0 = env.cpu();
  const t0 = performance.now();
  const sent = await publishPaced(env.services.nats.js, plan(`${LABEL}-run`), opts.rate, opts.duration);
  await env.waitForAttempts(before + sent.published, { label: "latency" });
  const wall = (performance.now() - t0) / 1000;
  const cores = coresUsed(cpu0, env.cpu(), wall);
  const { stats, latencies } = await receiver.stats({ reset: true, takeLatencies: true });
  return { sent, cores, stats, latencies };
}

function latencyResult(ctx: BenchContext, m: LatencyMeasured, st: Record<string, number>, health: string): ScenarioResult {
  const { opts } = ctx;
  const ms = (x: number | undefined) => (x === undefined || x === null ? "?" : Number(x).toFixed(1));
  const stages = `stages p50/p99 (ms, 1 ms resolution): publish→ingest txn ${ms(st.ingest50)}/${ms(st.ingest99)}, ingest txn→attempt recorded ${ms(st.rec50)}/${ms(st.rec99)}, of which the POST ${ms(st.post50)}/${ms(st.post99)}`;
  const sorted = Float64Array.from(m.latencies).sort();
  const p = (q: number) => round(percentile(sorted, q), 2);
  const detail = `${sorted.length} samples at ${round(m.sent.achievedRate)} published/s for ${opts.duration} s; ${m.stats.badSignature} bad signatures; cores: ${formatCores(m.cores)}`;
  return {
    id: "latency",
    title: `latency publish→receive at ${opts.rate} deliveries/s (1 worker)`,
    metrics: [
      { label: "p50", value: p(50), unit: "ms", target: "≤ 2", pass: p(50) <= 2, detail },
      { label: "p90", value: p(90), unit: "ms", detail: stages },
      { label: "p99", value: p(99), unit: "ms", target: "≤ 10", pass: p(99) <= 10, detail: health },
      { label: "max", value: p(100), unit: "ms" },
    ],
    data: {
      health,
      stages: st,
      cores: m.cores,
      samples: sorted.length,
      publishRate: m.sent.achievedRate,
      failedPublishes: m.sent.failed,
      p50: p(50),
      p90: p(90),
      p99: p(99),
      p999: p(99.9),
      max: p(100),
    },
  };
}

/**
 * Latency: publish at a fixed rate (open loop) for `duration` seconds; each envelope carries its
 * publish time (data.sentAt, taken just before js.publish) and the receiver records
 * receipt time − sentAt for every verified request (same machine, same clock).
 */
export async function latency(ctx: BenchContext): Promise<ScenarioResult> {
  const { opts } = ctx;
  const env = await openEnv(ctx, { label: LABEL, workers: 1 });
  try {
    const endpoints = await env.createEndpoints(healthyEndpoints(LABEL, opts.endpoints, { trackLatency: true }));
    const plan = roundRobinPlan(env.organizationId, endpoints.length, opts.bodyBytes);
    if (opts.warmup > 0) {
      // At the measured rate, at most 10 s of it: what is measured is a worker in its steady
      // state at this rate. A burst of --warmup events leaves a heap grown for the burst and its
      // garbage for a major GC during the measurement.
      const w = await publishPaced(env.services.nats.js, plan(`${LABEL}-warm`), opts.rate, Math.min(opts.warmup, opts.rate * 10) / opts.rate);
      await env.waitForAttempts(w.published, { label: "latency warm-up" });
    }
    const measured = await measureLatency(ctx, env, plan);
    const stages = await stageBreakdown(env);
    const health = await env.workerHealth();
    return latencyResult(ctx, measured, stages, health);
  } finally {
    await env.stop();
  }
}
