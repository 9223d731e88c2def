import { openEnv, type ScenarioEnv } from "../lib/env.ts";
import type { EventPlan } from "../lib/produce.ts";
import { median, repeat, round } from "../lib/stats.ts";
import type { BenchContext, ScenarioResult } from "../lib/types.ts";
import { formatCores, measureRep, medianRep, type RepResult, throughputBaseline } from "./throughput.ts";

const LABEL = "iso";

type Kind = "control" | "test";

/** The three groups of endpoints (see `isolation`) and what a rep sends them. */
interface Groups {
  n: number;
  healthyCount: number;
  healthyIds: string[];
  hangingIds: string[];
  withControlIds: string[];
  /** Deliveries to H in one rep of `events` events. */
  healthyPerRep: number;
}

interface IsolationMeasured {
  controlReps: RepResult[];
  testReps: RepResult[];
  hangingAttempts: number;
  deferredControl: number;
  deferredTest: number;
}

async function createGroups(ctx: BenchContext, env: ScenarioEnv): Promise<Groups> {
  const n = ctx.opts.endpoints;
  const healthyCount = Math.ceil(n / 2);
  const others = Array.from({ length: n - healthyCount }, (_, j) => healthyCount + j);
  const healthy = await env.createEndpoints(
    Array.from({ length: healthyCount }, (_, k) => ({ name: `${LABEL}-ok-${k}`, mode: "ok" as const, eventTypes: [`bench.t${k}`], origin: k })),
  );
  const hanging = await env.createEndpoints(others.map((k) => ({ name: `${LABEL}-hang-${k}`, mode: "hang" as const, eventTypes: [`bench.t${k}`], origin: k })));
  // C's origins are used by no other endpoint of the run: 0..n-1 are H's and X's, n is the backlog scenario's.
  const control = await env.createEndpoints(
    others.map((k, j) => ({ name: `${LABEL}-ctl-${k}`, mode: "ok" as const, eventTypes: [`bench.c${k}`], origin: n + 1 + j })),
  );
  const healthyIds = healthy.map((e) => e.id);
  return {
    n,
    healthyCount,
    healthyIds,
    hangingIds: hanging.map((e) => e.id),
    withControlIds: [...healthyIds, ...control.map((e) => e.id)],
    healthyPerRep: Array.from({ length: ctx.opts.events }, (_, i) => i % n).filter((k) => k < healthyCount).length,
  };
}

/** Round-robin over H's types and, for the other half, C's (control) or X's (test). */
function isolationPlan(env: ScenarioEnv, g: Groups, bodyBytes: number, prefix: string, kind: Kind): EventPlan {
  const { n, healthyCount } = g;
  return {
    organizationId: env.organizationId,
    prefix,
    type: (i) => (i % n < healthyCount ? `bench.t${i % n}` : `bench.${kind === "control" ? "c" : "t"}${i % n}`),
    bodyBytes,
  };
}

function runReps(ctx: BenchContext, env: ScenarioEnv, g: Groups, kind: Kind): Promise<RepResult[]> {
  const { opts } = ctx;
  return repeat(opts.reps, async (r) => {
    const rep = await measureRep(env, isolationPlan(env, g, opts.bodyBytes, `${LABEL}-${kind}-r${r}`, kind), opts.events, {
      endpointIds: g.healthyIds,
      expected: g.healthyPerRep,
      label: `isolation ${kind} rep ${r + 1}`,
    });
    ctx.log(
      `  isolation ${kind} rep ${r + 1}: healthy half ${round(rep.rate)} deliveries/s (${rep.deliveries} in ${rep.seconds.toFixed(2)} s); cores: ${formatCores(rep.cores)}`,
    );
    // H's last attempt can come before C's: let C finish so the next rep starts on an idle worker.
    if (kind === "control")
      await env.waitForAttempts(opts.warmup + (r + 1) * opts.events, {
        endpointIds: g.withControlIds,
        label: `isolation control rep ${r + 1}, control half`,
      });
    return rep;
  });
}

async function measureIsolation(ctx: BenchContext, env: ScenarioEnv, g: Groups): Promise<IsolationMeasured> {
  const { opts } = ctx;
  if (opts.warmup > 0)
    await measureRep(env, isolationPlan(env, g, opts.bodyBytes, `${LABEL}-warm`, "control"), opts.warmup, {
      endpointIds: g.withControlIds,
      label: "isolation warm-up",
    });
  const controlReps = await runReps(ctx, env, g, "control");
  const deferredControl = await env.deferredJobs();
  // Every control rep runs before the first test rep: once X has hung, its deliveries keep
  // coming back (retries, put-backs) in the background of every later rep. That makes later
  // test reps harsher, never easier, and leaves the control untouched.
  const testReps = await runReps(ctx, env, g, "test");
  const hangingAttempts = await env.countAttempts(g.hangingIds);
  const deferredTest = (await env.deferredJobs()) - deferredControl;
  await ctx.receiver.dropHanging();
  await ctx.receiver.stats({ reset: true });
  return { controlReps, testReps, hangingAttempts, deferredControl, deferredTest };
}

function isolationResult(ctx: BenchContext, g: Groups, m: IsolationMeasured): ScenarioResult {
  const { opts } = ctx;
  const { n, healthyCount, healthyPerRep } = g;
  const controlRate = median(m.controlReps.map((r) => r.rate));
  const testRate = median(m.testReps.map((r) => r.rate));
  const ratio = testRate / controlRate;
  const overall = throughputBaseline(ctx, 1);
  const context = overall
    ? `for context only: ${round(testRate / overall, 3)}× scenario 2's overall rate of all ${n} endpoints with 1 worker (${round(overall)} deliveries/s, every event to a healthy endpoint), not the SPEC's measure`
    : "scenario 2 (1 worker) not run";
  const perRep = `median of ${opts.reps} × ${healthyPerRep} deliveries to the ${healthyCount} healthy endpoints (${opts.events} events per rep`;
  return {
    id: "isolation",
    title: `isolation (${healthyCount} healthy endpoints while ${n - healthyCount} others hang until the ${opts.timeoutMs} ms timeout, and while they answer; 1 worker)`,
    metrics: [
      {
        label: "healthy endpoints, other half hanging",
        value: round(testRate),
        unit: "deliveries/s",
        detail: `${perRep}, the rest to the hanging ones); ${m.hangingAttempts} attempts to hanging endpoints ended by timeout meanwhile, ${m.deferredTest} jobs deferred (endpoint busy); cores in median rep: ${formatCores(medianRep(m.testReps).cores)}`,
      },
      {
        label: "same endpoints, control (other half answering)",
        value: round(controlRate),
        unit: "deliveries/s",
        detail: `${perRep}, the rest to ${n - healthyCount} answering endpoints on their own origins), run before anything hung; ${m.deferredControl} jobs deferred (endpoint busy) in warm-up and control; cores in median rep: ${formatCores(medianRep(m.controlReps).cores)}`,
      },
      { label: "ratio hanging ÷ control", value: round(ratio, 3), unit: "×", target: "≥ 0.80", pass: ratio >= 0.8, detail: context },
    ],
    data: {
      healthyPerRep,
      controlReps: m.controlReps,
      testReps: m.testReps,
      controlRate,
      testRate,
      ratio,
      scenario2OverallRate: overall ?? null,
      ratioToScenario2Overall: overall ? testRate / overall : null,
      hangingAttempts: m.hangingAttempts,
      deferred: { control: m.deferredControl, test: m.deferredTest },
    },
  };
}

/**
 * Isolation (SPEC §8: with half the endpoints hanging until timeout, healthy endpoints keep
 * ≥ 80% of their throughput). One worker, three groups of endpoints, each on its own origin:
 *   H  endpoint k < n/2 subscribes to bench.t<k>: the healthy endpoints being measured;
 *   X  endpoint k ≥ n/2 subscribes to bench.t<k> and never answers (the sender's
 *      DELIVERY_TIMEOUT_MS ends each attempt; retries follow the default schedule);
 *   C  endpoint k ≥ n/2 subscribes to bench.c<k> and answers: the control for X.
 * Control reps send events round-robin over H's and C's types, test reps over H's and X's,
 * so H gets the same events in both and only the other half's behaviour differs.
 * Measured: deliveries/s to H from first publish to H's last committed attempt, in the test
 * reps as a ratio of the control reps (same environment, same run).
 */
export async function isolation(ctx: BenchContext): Promise<ScenarioResult> {
  const env = await openEnv(ctx, { label: LABEL, workers: 1 });
  try {
    const groups = await createGroups(ctx, env);
    return isolationResult(ctx, groups, await measureIsolation(ctx, env, groups));
  } finally {
    await ctx.receiver.dropHanging().catch(() => {});
    await env.stop();
  }
}
