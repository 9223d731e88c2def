import { createHmac } from "node:crypto";
import { performance } from "node:perf_hooks";
import { Agent } from "undici";
import { generateSecret, parseSecret } from "../../src/rules/secret-key.ts";
import { cpuSeconds, diffCpu, machineBusySeconds } from "../lib/procfs.ts";
import { envelope } from "../lib/produce.ts";
import { formatCores } from "./throughput.ts";
import { median, round, sleep } from "../lib/stats.ts";
import type { BenchContext, ScenarioResult } from "../lib/types.ts";

/** One POST sent the way Herald's delivery client sends it: a bare dispatch; the body is drained unread. */
function post(agent: Agent, target: { origin: string; path: string }, headers: Record<string, string>, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    let status = 0;
    agent.dispatch(
      { origin: target.origin, path: target.path, method: "POST", headers, body },
      {
        onRequestStart() {},
        onResponseStart(_controller, statusCode) {
          status = statusCode;
        },
        onResponseEnd() {
          resolve(status);
        },
        onResponseError(_controller, err) {
          reject(err);
        },
      },
    );
  });
}

/**
 * The ceiling: a bare undici POST loop from this process to the same receiver, with the same
 * body size, the same number of requests in flight (a worker's DELIVERY_CONCURRENCY) over the
 * same number of origins with the same connections per origin (ENDPOINT_MAX_IN_FLIGHT).
 * No queue, no database. Two variants: unsigned to /bare (nothing checked), and signed like
 * Herald signs (HMAC per request, Standard Webhooks headers) to /v/… where the receiver verifies.
 */
export async function ceiling(ctx: BenchContext): Promise<ScenarioResult> {
  const { opts, receiver } = ctx;
  const origins = opts.endpoints;
  const secrets = Array.from({ length: origins }, () => generateSecret());
  const keys = secrets.map((s) => parseSecret(s));
  await receiver.addKeys(secrets.map((secret, i) => ({ name: `ceil-${i}`, secret, mode: "ok" as const })));
  const body = envelope("org_bench", "ceiling", "bench.t0", 0, opts.bodyBytes);
  const agent = new Agent({ connections: opts.perEndpoint, headersTimeout: 10_000, bodyTimeout: 10_000 });

  const cpu = () => {
    const c = cpuSeconds({ bench: [process.pid], receiver: [receiver.pid] });
    c.other = machineBusySeconds() - c.bench! - c.receiver!;
    return c;
  };

  async function loop(signed: boolean, seconds: number): Promise<{ rate: number; errors: number; cores: Record<string, number> }> {
    let done = 0;
    let errors = 0;
    let stop = false;
    let seq = 0;
    const lane = async (k: number) => {
      const origin = k % origins;
      const url = new URL(signed ? receiver.url(origin, `ceil-${origin}`) : receiver.bareUrl(origin));
      const target = { origin: url.origin, path: url.pathname + url.search };
      while (!stop) {
        let headers: Record<string, string> = { "content-type": "application/json" };
        if (signed) {
          const id = `ceil_${seq++}`;
          const ts = Math.floor(Date.now() / 1000);
          const sig = createHmac("sha256", keys[origin]!)
            .update(Buffer.concat([Buffer.from(`${id}.${ts}.`), body]))
            .digest("base64");
          headers = {
            "webhook-id": id,
            "webhook-timestamp": String(ts),
            "webhook-signature": `v1,${sig}`,
            "content-type": "application/json",
            "user-agent": "Herald/bench",
            "x-herald-event-type": "bench.t0",
            "x-herald-delivery-id": id,
            "x-herald-attempt": "1",
          };
        }
        try {
          const status = await post(agent, target, headers, body);
          if (status >= 200 && status < 300) done++;
          else errors++;
        } catch {
          errors++;
        }
      }
    };
    const lanes = Array.from({ length: opts.concurrency }, (_, k) => lane(k));
    // Let connections open and the JIT warm up before counting.
    await sleep(Math.min(1_000, seconds * 500));
    const d0 = done;
    const c0 = cpu();
    const t0 = performance.now();
    await sleep(seconds * 1000);
    const d1 = done;
    const t1 = performance.now();
    const c1 = cpu();
    stop = true;
    await Promise.all(lanes);
    const wall = (t1 - t0) / 1000;
    const cores = Object.fromEntries(Object.entries(diffCpu(c0, c1)).map(([k, v]) => [k, round(v / wall, 2)]));
    return { rate: (d1 - d0) / wall, errors, cores };
  }

  const bare: number[] = [];
  const signed: number[] = [];
  const cores: Record<string, number>[] = [];
  let errors = 0;
  // Interleaved, so drift (thermal, page cache) hits both variants alike.
  for (let r = 0; r < opts.reps; r++) {
    const b = await loop(false, opts.ceilingSeconds);
    const s = await loop(true, opts.ceilingSeconds);
    bare.push(b.rate);
    signed.push(s.rate);
    errors += b.errors + s.errors;
    cores.push(b.cores, s.cores);
    ctx.log(
      `  ceiling rep ${r + 1}: bare ${round(b.rate)} req/s (cores: ${formatCores(b.cores)}), signed+verified ${round(s.rate)} req/s (cores: ${formatCores(s.cores)})`,
    );
  }
  await agent.close();
  const { stats } = await receiver.stats({ reset: true });
  const reps = `median of ${opts.reps} × ${opts.ceilingSeconds} s; ${opts.concurrency} in flight over ${origins} origins × ${opts.perEndpoint} connections; ${body.length} B body`;
  return {
    id: "ceiling",
    title: "ceiling (bare undici POST loop, no queue, no DB)",
    metrics: [
      {
        label: "bare POST",
        value: round(median(bare)),
        unit: "req/s",
        detail: `${reps}; other processes on the machine used ${median(cores.map((c) => c.other ?? 0)).toFixed(2)} cores (median)`,
      },
      {
        label: "signed POST, receiver verifies",
        value: round(median(signed)),
        unit: "req/s",
        detail: `HMAC per request; ${stats.badSignature} bad signatures, ${errors} errors`,
      },
    ],
    data: { bare, signed, errors, cores, bodyBytes: body.length, receiver: stats },
  };
}
