import { createHmac } from "node:crypto";
import { performance } from "node:perf_hooks";
import { Agent } from "undici";
import { generateSecret, parseSecret } from "../../src/rules/secret-key.ts";
import { coresUsed, cpuSeconds, machineBusySeconds } from "../lib/procfs.ts";
import { envelope } from "../lib/produce.ts";
import type { Receiver } from "../lib/receiver-client.ts";
import { formatCores } from "./throughput.ts";
import { median, repeat, round, sleep } from "../lib/stats.ts";
import type { BenchContext, ScenarioResult } from "../lib/types.ts";

/** What every loop of the run shares: one agent, one body, a key per origin. */
interface LoopSetup {
  receiver: Receiver;
  agent: Agent;
  keys: Buffer[];
  body: Buffer;
  origins: number;
  concurrency: number;
}

interface LoopResult {
  rate: number;
  errors: number;
  cores: Record<string, number>;
}

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

/** Standard Webhooks headers with an HMAC of this request, as Herald signs. */
function signedHeaders(key: Buffer, id: string, body: Buffer): Record<string, string> {
  const ts = Math.floor(Date.now() / 1000);
  const sig = createHmac("sha256", key)
    .update(Buffer.concat([Buffer.from(`${id}.${ts}.`), body]))
    .digest("base64");
  return {
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

function cpuOf(receiver: Receiver): Record<string, number> {
  const c = cpuSeconds({ bench: [process.pid], receiver: [receiver.pid] });
  c.other = machineBusySeconds() - c.bench! - c.receiver!;
  return c;
}

/** `concurrency` lanes each POSTing back to back to origin k mod origins until told to stop. */
function startLanes(s: LoopSetup, signed: boolean): { done: () => number; errors: () => number; stop: () => Promise<void> } {
  let done = 0;
  let errors = 0;
  let stop = false;
  let seq = 0;
  const lane = async (k: number) => {
    const origin = k % s.origins;
    const url = new URL(signed ? s.receiver.url(origin, `ceil-${origin}`) : s.receiver.bareUrl(origin));
    const target = { origin: url.origin, path: url.pathname + url.search };
    while (!stop) {
      let headers: Record<string, string> = { "content-type": "application/json" };
      if (signed) headers = signedHeaders(s.keys[origin]!, `ceil_${seq++}`, s.body);
      try {
        const status = await post(s.agent, target, headers, s.body);
        if (status >= 200 && status < 300) done++;
        else errors++;
      } catch {
        errors++;
      }
    }
  };
  const lanes = Array.from({ length: s.concurrency }, (_, k) => lane(k));
  return {
    done: () => done,
    errors: () => errors,
    async stop() {
      stop = true;
      await Promise.all(lanes);
    },
  };
}

async function loop(s: LoopSetup, signed: boolean, seconds: number): Promise<LoopResult> {
  const lanes = startLanes(s, signed);
  // Let connections open and the JIT warm up before counting.
  await sleep(Math.min(1_000, seconds * 500));
  const d0 = lanes.done();
  const c0 = cpuOf(s.receiver);
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const d1 = lanes.done();
  const t1 = performance.now();
  const c1 = cpuOf(s.receiver);
  await lanes.stop();
  const wall = (t1 - t0) / 1000;
  return { rate: (d1 - d0) / wall, errors: lanes.errors(), cores: coresUsed(c0, c1, wall) };
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
  await receiver.addKeys(secrets.map((secret, i) => ({ name: `ceil-${i}`, secret, mode: "ok" as const })));
  const setup: LoopSetup = {
    receiver,
    agent: new Agent({ connections: opts.perEndpoint, headersTimeout: 10_000, bodyTimeout: 10_000 }),
    keys: secrets.map((s) => parseSecret(s)),
    body: envelope("org_bench", "ceiling", "bench.t0", 0, opts.bodyBytes),
    origins,
    concurrency: opts.concurrency,
  };
  // Interleaved, so drift (thermal, page cache) hits both variants alike.
  const pairs = await repeat(opts.reps, async (r) => {
    const b = await loop(setup, false, opts.ceilingSeconds);
    const s = await loop(setup, true, opts.ceilingSeconds);
    ctx.log(
      `  ceiling rep ${r + 1}: bare ${round(b.rate)} req/s (cores: ${formatCores(b.cores)}), signed+verified ${round(s.rate)} req/s (cores: ${formatCores(s.cores)})`,
    );
    return { b, s };
  });
  await setup.agent.close();
  const { stats } = await receiver.stats({ reset: true });
  const bare = pairs.map((p) => p.b.rate);
  const signed = pairs.map((p) => p.s.rate);
  const errors = pairs.reduce((a, p) => a + p.b.errors + p.s.errors, 0);
  const cores = pairs.flatMap((p) => [p.b.cores, p.s.cores]);
  const body = setup.body;
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
