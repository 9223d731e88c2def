import path from "node:path";
import { performance } from "node:perf_hooks";
import { encodeTime } from "ulidx";
import { DELIVERIES_STREAM, DELIVERY_CONSUMER } from "../../src/nats/streams.ts";
import type { Services } from "../../src/app/services.ts";
import { createOrganization } from "../../src/domain/organizations.ts";
import { disown, own } from "./cleanup.ts";
import { createEndpoint } from "../../src/infra/endpoint-seed.ts";
import type { Ordering } from "../../src/rules/ordering.ts";
import type { PayloadFilter } from "../../src/rules/payload-filter.ts";
import { benchServices, type NatsHandle, spawnWorker, sumSamples, type WorkerProcess } from "./infra.ts";
import { cpuSeconds, machineBusySeconds } from "./procfs.ts";
import type { EnvelopeMapping } from "../../src/rules/envelope-mapping.ts";
import type { WireFormat } from "../../src/rules/wire-format.ts";
import type { ReceiverContract, ReceiverMode } from "./receiver-protocol.ts";
import { sleep } from "./stats.ts";
import type { BenchContext } from "./types.ts";

export interface EndpointSpec {
  /** Receiver key name (path /v/<name>); unique in the run. */
  name: string;
  mode: ReceiverMode;
  eventTypes: string[];
  retrySchedule?: number[];
  trackLatency?: boolean;
  trackDuplicates?: boolean;
  /** Origin index (a receiver port each): endpoints on different origins get different undici pools, as in production. */
  origin: number;
  /** Standard Webhooks when absent; the receiver must then verify with the matching `contract`. */
  wireFormat?: WireFormat;
  envelope?: EnvelopeMapping;
  contract?: ReceiverContract;
  /** Imported as it is (HMAC_HEADERS only); a fresh whsec_ secret when absent. */
  secret?: string;
  /** A payload filter (issue #19); none when absent. */
  filter?: PayloadFilter;
  /** Ordered delivery per key (issue #19); unordered when absent. */
  ordering?: Ordering;
}

export interface BenchEndpoint {
  id: string;
  name: string;
}

/**
 * What one scenario runs against: a fresh database (copy of the migrated template), a fresh
 * nats-server, its own organization, and N Herald worker processes.
 */
export interface ScenarioEnv {
  services: Services;
  organizationId: string;
  workers: WorkerProcess[];
  /** An api-role Herald on the same servers, when the scenario asked for one (live feeds). */
  api?: WorkerProcess;
  createEndpoints(specs: EndpointSpec[]): Promise<BenchEndpoint[]>;
  /** Attempts committed, of these endpoints only, and only those made at or after `sinceMs` (epoch ms). */
  countAttempts(endpointIds?: string[], sinceMs?: number): Promise<number>;
  /** Polls until at least `target` attempts are committed; returns performance.now() of the poll that saw them. */
  waitForAttempts(target: number, opts?: { endpointIds?: string[]; sinceMs?: number; timeoutMs?: number; label?: string }): Promise<number>;
  /** CPU seconds so far per process group (workers, nats-server, postgres, redis, receiver, bench). */
  cpu(): Record<string, number>;
  pendingInConsumer(): Promise<{ ackPending: number; pending: number; redelivered: number }>;
  /** Jobs the workers put back because their endpoint was busy (herald_delivery_deferred_total, summed). */
  deferredJobs(): Promise<number>;
  /** Event-loop delay (since the worker started) and GC time, from each worker's own /metrics. */
  workerHealth(): Promise<string>;
  stop(): Promise<void>;
}

export interface EnvOptions {
  label: string;
  workers: number;
  api?: boolean;
  env?: Record<string, string>;
  natsNodes?: 1 | 3;
}

/** The bench's options as Herald configuration, shared by the workers, the api process and the bench's own connections. */
function heraldEnv(ctx: BenchContext, opts: EnvOptions): Record<string, string> {
  return {
    DELIVERY_TIMEOUT_MS: String(ctx.opts.timeoutMs),
    DELIVERY_CONCURRENCY: String(ctx.opts.concurrency),
    ENDPOINT_MAX_IN_FLIGHT: String(ctx.opts.perEndpoint),
    ...(opts.natsNodes === 3 ? { NATS_STREAM_REPLICAS: "3" } : {}),
    ...opts.env,
  };
}

// One directory per process: tsx's loader thread writes a profile of its own next to the main thread's.
function profileFlags(ctx: BenchContext, name: string): string[] {
  return ctx.opts.cpuProf ? ["--cpu-prof", `--cpu-prof-dir=${path.join(ctx.resultsDir, "prof", name)}`] : [];
}

// Any other node flags for the workers, e.g. HERALD_BENCH_WORKER_FLAGS="--heap-prof --heap-prof-dir=/tmp/heap".
const extraWorkerFlags = () => (process.env.HERALD_BENCH_WORKER_FLAGS ?? "").split(" ").filter(Boolean);

const stopAll = (processes: (WorkerProcess | undefined)[]) => Promise.all(processes.filter((p) => p !== undefined).map((p) => p.stop()));

/** The scenario's Herald processes: `opts.workers` workers at once, then the api process if asked for. */
async function startHeralds(
  ctx: BenchContext,
  opts: EnvOptions,
  servers: { databaseUrl: string; natsUrl: string; env: Record<string, string> },
): Promise<{ workers: WorkerProcess[]; api?: WorkerProcess }> {
  const { infra } = ctx;
  const start = (name: string, env: Record<string, string>, nodeFlags: string[]) =>
    spawnWorker({
      name,
      databaseUrl: servers.databaseUrl,
      natsUrl: servers.natsUrl,
      redisUrl: infra.redisUrl,
      secretsKey: infra.secretsKey,
      env,
      nodeFlags,
      logDir: path.join(ctx.resultsDir, "logs"),
    });
  const workers: WorkerProcess[] = [];
  let api: WorkerProcess | undefined;
  try {
    const started = await Promise.all(
      Array.from({ length: opts.workers }, (_, i) => {
        const name = `${opts.label}-worker${i + 1}`;
        return start(name, servers.env, [...profileFlags(ctx, name), ...extraWorkerFlags()]);
      }),
    );
    workers.push(...started);
    if (opts.api) api = await start(`${opts.label}-api`, { ...servers.env, HERALD_ROLE: "api" }, profileFlags(ctx, `${opts.label}-api`));
  } catch (err) {
    await stopAll([...workers, api]);
    throw err;
  }
  return { workers, api };
}

// Polled every 20 ms during a measurement, so it must cost Postgres little: with `sinceMs` it
// reads only the (organization_id, id) index entries of attempts made since (attempt ids are
// ULIDs, whose first 10 characters are their time), not the whole table.
function attemptCounter(pool: Services["db"]["pool"], organizationId: string): ScenarioEnv["countAttempts"] {
  return async (endpointIds, sinceMs) => {
    const floor = sinceMs === undefined ? "" : `att_${encodeTime(sinceMs, 10)}`;
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM delivery_attempts
        WHERE organization_id = $1 AND id >= $2 AND ($3::text[] IS NULL OR endpoint_id = ANY($3::text[]))`,
      [organizationId, floor, endpointIds ?? null],
    );
    return rows[0]!.n;
  };
}

async function waitForAttempts(
  countAttempts: ScenarioEnv["countAttempts"],
  workers: WorkerProcess[],
  target: number,
  o: { endpointIds?: string[]; sinceMs?: number; timeoutMs?: number; label?: string },
): Promise<number> {
  const deadline = Date.now() + (o.timeoutMs ?? 300_000);
  let last = -1;
  let lastChange = Date.now();
  for (;;) {
    const n = await countAttempts(o.endpointIds, o.sinceMs);
    const at = performance.now();
    if (n >= target) return at;
    if (n !== last) {
      last = n;
      lastChange = Date.now();
    }
    if (Date.now() > deadline || Date.now() - lastChange > 60_000) {
      const tails = workers.map((w) => `--- ${w.name}\n${w.output().slice(-2000)}`).join("\n");
      throw new Error(`${o.label ?? "attempts"}: ${n} of ${target} committed, no progress; worker output:\n${tails}`);
    }
    // Fine-grained only near the end, where it sets the measured time; the poll is not free.
    await sleep(n < target * 0.9 ? 100 : 20);
  }
}

async function createBenchEndpoints(ctx: BenchContext, services: Services, organizationId: string, specs: EndpointSpec[]): Promise<BenchEndpoint[]> {
  const { receiver } = ctx;
  const out: BenchEndpoint[] = [];
  const keys = [];
  // receiver.url() wraps origins round its ports: an origin past them would silently share another's port (and undici pool).
  await receiver.ensurePorts(Math.max(0, ...specs.map((s) => s.origin + 1)));
  for (const s of specs) {
    const ep = await createEndpoint(services, organizationId, {
      url: receiver.url(s.origin, s.name),
      eventTypes: s.eventTypes,
      ...(s.retrySchedule ? { retrySchedule: s.retrySchedule } : {}),
      wireFormat: s.wireFormat,
      envelope: s.envelope,
      secret: s.secret,
      filter: s.filter,
      ordering: s.ordering,
    });
    out.push({ id: ep.id, name: s.name });
    keys.push({ name: s.name, secret: ep.secret, mode: s.mode, contract: s.contract, trackLatency: s.trackLatency, trackDuplicates: s.trackDuplicates });
  }
  await receiver.addKeys(keys);
  return out;
}

function cpuByGroup(ctx: BenchContext, nats: NatsHandle, workers: WorkerProcess[]): Record<string, number> {
  const { infra, receiver } = ctx;
  const pg = infra.postgresPid();
  const redis = infra.redisPid();
  const machine = machineBusySeconds();
  const ours = cpuSeconds(
    {
      herald: workers.map((w) => w.pid),
      "nats-server": nats.pids(),
      postgres: pg ? [pg] : [],
      redis: redis ? [redis] : [],
      receiver: [receiver.pid],
      bench: [process.pid],
    },
    new Set(["postgres"]),
  );
  // Whatever else ran on the machine meanwhile (other test runs, the kernel): it competes for the same cores.
  ours.other = machine - Object.values(ours).reduce((a, b) => a + b, 0);
  return ours;
}

// One scrape per worker: prom-client resets its event-loop histogram on every scrape,
// so the numbers cover the time since the previous call.
async function healthLine(w: WorkerProcess): Promise<string> {
  const text = await w.metricsText().catch(() => "");
  const m = (name: string) => sumSamples(text, `herald_nodejs_${name}`) * 1000;
  // monitorEventLoopDelay samples every 10 ms and reports the whole interval (an idle loop reads ~10 ms): subtract it.
  const d = (name: string) => Math.max(0, m(name) - 10);
  return `${w.name} event-loop blocked p50 ${d("eventloop_lag_p50_seconds").toFixed(1)} / p99 ${d("eventloop_lag_p99_seconds").toFixed(1)} / max ${d("eventloop_lag_max_seconds").toFixed(0)} ms, GC ${(m("gc_duration_seconds_sum") / 1000).toFixed(1)} s since start`;
}

export async function openEnv(ctx: BenchContext, opts: EnvOptions): Promise<ScenarioEnv> {
  const { infra } = ctx;
  const opened = Date.now();
  const env = heraldEnv(ctx, opts);
  const databaseUrl = await infra.createDatabase();
  const nats = await infra.startNats({ nodes: opts.natsNodes ?? 1 });
  const services = await benchServices(databaseUrl, nats.url, infra.secretsKey, env);
  const servicesOwned = own({ name: "bench connections", stop: () => services.close(), killNow: () => {} });
  const organizationId = (await createOrganization(services, { name: `bench ${opts.label}` })).organization.id;
  const { workers, api } = await startHeralds(ctx, opts, { databaseUrl, natsUrl: nats.url, env });
  ctx.log(`  ${opts.label}: database, nats-server and ${opts.workers} worker process${opts.workers > 1 ? "es" : ""} ready in ${Date.now() - opened} ms`);
  const countAttempts = attemptCounter(services.db.pool, organizationId);
  return {
    services,
    organizationId,
    workers,
    api,
    createEndpoints: (specs) => createBenchEndpoints(ctx, services, organizationId, specs),
    countAttempts,
    waitForAttempts: (target, o = {}) => waitForAttempts(countAttempts, workers, target, o),
    cpu: () => cpuByGroup(ctx, nats, workers),
    async pendingInConsumer() {
      const info = await services.nats.jsm.consumers.info(DELIVERIES_STREAM, DELIVERY_CONSUMER);
      return { ackPending: info.num_ack_pending, pending: info.num_pending, redelivered: info.num_redelivered };
    },
    async deferredJobs() {
      return (await Promise.all(workers.map((w) => w.metric("herald_delivery_deferred_total")))).reduce((a, b) => a + b, 0);
    },
    workerHealth: async () => (await Promise.all(workers.map(healthLine))).join("; "),
    async stop() {
      const t = Date.now();
      await stopAll([...workers, api]);
      ctx.log(`  ${opts.label}: workers stopped in ${Date.now() - t} ms`);
      disown(servicesOwned);
      await services.close().catch(() => {});
      await nats.stop();
      await infra.dropDatabase(databaseUrl).catch(() => {});
    },
  };
}
