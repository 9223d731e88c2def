import { median, round } from "../lib/stats.ts";
import type { BenchContext, Metric, ScenarioResult } from "../lib/types.ts";
import { formatCores, medianRep, runThroughput, throughputBaseline } from "./throughput.ts";

const TARGET_RATIO = 0.7;

/**
 * Throughput with Herald's streams at 3 replicas on a 3-node JetStream cluster (all on this
 * machine), as a ratio to one nats-server's, measured in the same run: what replication costs.
 * One worker process, the throughput scenario's endpoints and sizes.
 */
export async function cluster(ctx: BenchContext): Promise<ScenarioResult> {
  const single = throughputBaseline(ctx, 1) ?? median((await runThroughput(ctx, "r1-1w", 1)).reps.map((r) => r.rate));
  const run = await runThroughput(ctx, "r3-1w", 1, 3);
  const rate = median(run.reps.map((r) => r.rate));
  const ratio = rate / single;
  const metrics: Metric[] = [
    {
      label: "1 worker process, R3 cluster",
      value: round(rate),
      unit: "deliveries/s",
      detail: `median of ${ctx.opts.reps} × ${ctx.opts.events} events; ${run.failedAttempts} failed attempts, ${run.receiver.duplicates} duplicates; cores in median rep: ${formatCores(medianRep(run.reps).cores)}`,
    },
    {
      label: "R3 cluster ÷ single server",
      value: round(ratio, 2),
      unit: "×",
      target: `≥ ${TARGET_RATIO}`,
      pass: ratio >= TARGET_RATIO,
      detail: `single server ${round(single)} deliveries/s in this run`,
    },
  ];
  return { id: "cluster", title: "JetStream cluster (3 nodes, streams at 3 replicas, 1 worker process)", metrics, data: { rate, single, reps: run.reps } };
}
