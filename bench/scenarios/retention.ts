import { setTimeout as sleep } from "node:timers/promises";
import { openEnv, type ScenarioEnv } from "../lib/env.ts";
import { type EventPlan, roundRobinPlan } from "../lib/produce.ts";
import { median, repeat, round } from "../lib/stats.ts";
import type { BenchContext, Metric, Scenario, ScenarioResult } from "../lib/types.ts";
import { attemptFailures, ceilingRates, formatCores, healthyEndpoints, measureRep, medianRep, type RepResult } from "./throughput.ts";

// `--retention` (issue #19 part 6): the throughput workload on 1 worker while the retention job
// deletes a backlog of old attempts, as a ratio to the same workload with the job idle, measured
// in the same run. The job runs at the service's defaults (RETENTION_BATCH_SIZE,
// RETENTION_PAUSE_MS), every second, so that it is at work from the first moment of a rep.

const LABEL = "ret";
const TARGET_RATIO = 0.9;
/** Old attempts seeded per second a rep is expected to last: more than the job deletes in that time at its defaults. */
const SEED_PER_REP_SECOND = 100_000;
const MIN_SEED = 50_000;

// Seeded ids ("att_00000…", the ULID time of the first hours of 1970) sort below every real
// attempt id, so the job finds them due; the bench's own attempt count (ids from the rep's start
// on) never sees them.
const SEED_CEILING = "att_00001";

interface RetentionRep extends RepResult {
  seeded: number;
  /** Old attempts the job deleted while the rep ran, and those still left when it ended. */
  deletedDuring: number;
  leftAtEnd: number;
}

/** Old attempts of the organization still waiting for the job. */
async function seededLeft(env: ScenarioEnv): Promise<number> {
  const { rows } = await env.services.db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM delivery_attempts WHERE organization_id = $1 AND id < $2", [
    env.organizationId,
    SEED_CEILING,
  ]);
  return rows[0]!.n;
}

/** `n` attempts of the organization, 400 days old; one statement (ingest's path is not what is measured). */
async function seedOldAttempts(env: ScenarioEnv, round: number, n: number): Promise<void> {
  await env.services.db.pool.query(
    `INSERT INTO delivery_attempts (id, delivery_id, organization_id, endpoint_id, event_id, attempt_number, trigger, response_status, duration_ms, created_at)
     SELECT 'att_00000' || lpad($2::text, 3, '0') || lpad(i::text, 18, '0'), 'dlv_seed_' || $2 || '_' || i, $1, 'ep_seed', 'evt_seed_' || i, 1, 'INITIAL', 200, 5,
            now() - interval '400 days'
       FROM generate_series(1, $3::int) AS i`,
    [env.organizationId, round, n],
  );
}

/** Polls until `check` holds, or gives up after `ms`; returns whether it held. */
async function until(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(50);
  }
  return false;
}

/** A rep with a backlog of old attempts the job is deleting from before the first publish; `repSeconds` sizes the backlog. */
async function retentionRep(ctx: BenchContext, env: ScenarioEnv, plan: EventPlan, r: number, repSeconds: number) {
  const seeded = Math.max(MIN_SEED, Math.round(repSeconds * SEED_PER_REP_SECOND));
  await seedOldAttempts(env, r, seeded);
  await until(async () => (await seededLeft(env)) < seeded, 10_000);
  const before = await seededLeft(env);
  const rep = await measureRep(env, plan, ctx.opts.events, { label: `retention rep ${r + 1}` });
  const leftAtEnd = await seededLeft(env);
  // The next plain rep must find the job idle again.
  if (!(await until(async () => (await seededLeft(env)) === 0, 180_000)))
    throw new Error("retention: the job did not finish the seeded backlog within 3 minutes");
  return { ...rep, seeded, deletedDuring: before - leftAtEnd, leftAtEnd };
}

/**
 * Plain and retention reps alternate on one worker, so that load that comes and goes on a shared
 * machine falls on both alike; which goes first alternates each round, because the later rep of a
 * round finds the worker warmer. The backlog is sized from the last plain rep (the warm-up before the first).
 */
async function interleavedReps(ctx: BenchContext, env: ScenarioEnv): Promise<{ plain: RepResult[]; retention: RetentionRep[] }> {
  const { opts } = ctx;
  const plan = roundRobinPlan(env.organizationId, opts.endpoints, opts.bodyBytes);
  let repSeconds = 5;
  if (opts.warmup > 0)
    repSeconds = ((await measureRep(env, plan(`${LABEL}-warm`), opts.warmup, { label: "retention warm-up" })).seconds * opts.events) / opts.warmup;
  const plain: RepResult[] = [];
  const retention: RetentionRep[] = [];
  const plainRep = async (r: number) => {
    const p = await measureRep(env, plan(`${LABEL}-plain-r${r}`), opts.events, { label: `plain rep ${r + 1}` });
    ctx.log(`  plain rep ${r + 1}: ${round(p.rate)} deliveries/s (${p.deliveries} in ${p.seconds.toFixed(2)} s); cores: ${formatCores(p.cores)}`);
    plain.push(p);
    repSeconds = p.seconds;
  };
  const deletingRep = async (r: number) => {
    const d = await retentionRep(ctx, env, plan(`${LABEL}-del-r${r}`), r, repSeconds);
    ctx.log(
      `  retention rep ${r + 1}: ${round(d.rate)} deliveries/s (${d.deliveries} in ${d.seconds.toFixed(2)} s) while the job deleted ${d.deletedDuring} old attempts (${round(d.deletedDuring / d.seconds)}/s; ${d.leftAtEnd} of ${d.seeded} left at the end); cores: ${formatCores(d.cores)}`,
    );
    retention.push(d);
  };
  await repeat(opts.reps, async (r) => {
    for (const rep of r % 2 === 0 ? [plainRep, deletingRep] : [deletingRep, plainRep]) await rep(r);
  });
  return { plain, retention };
}

/**
 * Two rows: plain throughput with the job idle, and with the job deleting, as a ratio to the
 * plain median; `baseline` is the throughput scenario's 1-worker median, for context.
 */
export async function compareRetention(ctx: BenchContext, baseline?: number): Promise<{ metrics: Metric[]; data: Record<string, unknown> }> {
  const env = await openEnv(ctx, { label: LABEL, workers: 1, env: { RETENTION_INTERVAL_SECONDS: "1" } });
  try {
    await env.createEndpoints(healthyEndpoints(LABEL, ctx.opts.endpoints));
    const { plain, retention } = await interleavedReps(ctx, env);
    const { failedAttempts, failureKinds } = await attemptFailures(env);
    const health = await env.workerHealth();
    const plainRate = median(plain.map((r) => r.rate));
    const rate = median(retention.map((r) => r.rate));
    const ratio = rate / plainRate;
    const perRound = retention.map((r, i) => (r.rate / plain[i]!.rate).toFixed(2)).join(", ");
    const deleteRate = median(retention.map((r) => r.deletedDuring / r.seconds));
    const outlasted = retention.filter((r) => r.leftAtEnd > 0).length;
    const { bare } = ceilingRates(ctx);
    const context = [
      bare ? `plain ${(plainRate / bare).toFixed(2)}× bare ceiling` : "ceiling not run",
      baseline ? `${(plainRate / baseline).toFixed(2)}× the throughput scenario's 1-worker median` : "",
    ];
    const metrics: Metric[] = [
      {
        label: "1 worker, retention job idle",
        value: round(plainRate),
        unit: "deliveries/s",
        detail: `reps ${plain.map((r) => round(r.rate)).join(", ")}; ${context.filter(Boolean).join("; ")}; cores in median rep: ${formatCores(medianRep(plain).cores)}`,
      },
      {
        label: "1 worker, retention job deleting old attempts",
        value: round(rate),
        unit: "deliveries/s",
        target: `≥ ${TARGET_RATIO}× job idle`,
        pass: ratio >= TARGET_RATIO,
        detail: `${ratio.toFixed(3)}× job idle in this run (per round ${perRound}); the job deleted a median ${round(deleteRate)} attempts/s during the reps, and was still at it when ${outlasted} of ${retention.length} reps ended; ${failedAttempts} failed attempts${failedAttempts ? ` (${failureKinds})` : ""}; cores in median rep: ${formatCores(medianRep(retention).cores)}; ${health}`,
      },
    ];
    return { metrics, data: { plain, retention, plainRate, rate, ratio, deleteRate } };
  } finally {
    await env.stop();
  }
}

/** `scenario` (throughput), followed with `--retention` by the retention comparison as more rows of it. */
export function withRetention(scenario: Scenario): Scenario {
  return async (ctx: BenchContext): Promise<ScenarioResult> => {
    const result = await scenario(ctx);
    if (!ctx.opts.retention) return result;
    const baseline = (result.data?.workers1 as { medianRate?: number } | undefined)?.medianRate;
    const retention = await compareRetention(ctx, baseline);
    return { ...result, metrics: [...result.metrics, ...retention.metrics], data: { ...result.data, retention: retention.data } };
  };
}
