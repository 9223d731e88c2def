import path from "node:path";
import { performance } from "node:perf_hooks";
import { encodeTime } from "ulidx";
import { DELIVERIES_STREAM, DELIVERY_CONSUMER } from "../../src/nats/streams.ts";
import type { Services } from "../../src/app/services.ts";
import { createOrganization } from "../../src/domain/organizations.ts";
import { disown, own } from "./cleanup.ts";
import { createEndpoint } from "../../src/infra/endpoint-seed.ts";
import { benchServices, spawnWorker, type WorkerProcess } from "./infra.ts";
import { cpuSeconds, machineBusySeconds } from "./procfs.ts";
import type { ReceiverMode } from "./receiver-protocol.ts";
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
  /** Event-loop delay (since the worker started) and GC time, from each worker's own /metrics. */
  workerHealth(): Promise<string>;
  stop(): Promise<void>;
}

export async function openEnv(
  ctx: BenchContext,
  opts: { label: string; workers: number; api?: boolean; env?: Record<string, string>; natsNodes?: 1 | 3 },
): Promise<ScenarioEnv> {
  const { infra, receiver } = ctx;
  const opened = Date.now();
  const env = {
    DELIVERY_TIMEOUT_MS: String(ctx.opts.timeoutMs),
    DELIVERY_CONCURRENCY: String(ctx.opts.concurrency),
    ENDPOINT_MAX_IN_FLIGHT: String(ctx.opts.perEndpoint),
    ...(opts.natsNodes === 3 ? { NATS_STREAM_REPLICAS: "3" } : {}),
    ...opts.env,
  };
  const databaseUrl = await infra.createDatabase();
  const nats = await infra.startNats({ nodes: opts.natsNodes ?? 1 });
  const services = await benchServices(databaseUrl, nats.url, infra.secretsKey, env);
  const servicesOwned = own({ name: "bench connections", stop: () => services.close(), killNow: () => {} });
  const organizationId = (await createOrganization(services, { name: `bench ${opts.label}` })).organization.id;
  const workers: WorkerProcess[] = [];
  let api: WorkerProcess | undefined;
  const stopWorkers = () => Promise.all([...workers, ...(api ? [api] : [])].map((w) => w.stop()));
  try {
    const started = await Promise.all(
      Array.from({ length: opts.workers }, (_, i) =>
        spawnWorker({
          name: `${opts.label}-worker${i + 1}`,
          databaseUrl,
          natsUrl: nats.url,
          redisUrl: infra.redisUrl,
          secretsKey: infra.secretsKey,
          env,
          // One directory per worker: tsx's loader thread writes a profile of its own next to the main thread's.
          nodeFlags: [
            ...(ctx.opts.cpuProf ? ["--cpu-prof", `--cpu-prof-dir=${path.join(ctx.resultsDir, "prof", `${opts.label}-worker${i + 1}`)}`] : []),
            // Any other node flags for the workers, e.g. HERALD_BENCH_WORKER_FLAGS="--heap-prof --heap-prof-dir=/tmp/heap".
            ...(process.env.HERALD_BENCH_WORKER_FLAGS ?? "").split(" ").filter(Boolean),
          ],
          logDir: path.join(ctx.resultsDir, "logs"),
        }),
      ),
    );
    workers.push(...started);
    if (opts.api) {
      api = await spawnWorker({
        name: `${opts.label}-api`,
        databaseUrl,
        natsUrl: nats.url,
        redisUrl: infra.redisUrl,
        secretsKey: infra.secretsKey,
        env: { ...env, HERALD_ROLE: "api" },
        nodeFlags: ctx.opts.cpuProf ? ["--cpu-prof", `--cpu-prof-dir=${path.join(ctx.resultsDir, "prof", `${opts.label}-api`)}`] : [],
        logDir: path.join(ctx.resultsDir, "logs"),
      });
    }
  } catch (err) {
    await stopWorkers();
    throw err;
  }
  const pool = services.db.pool;
  ctx.log(`  ${opts.label}: database, nats-server and ${opts.workers} worker process${opts.workers > 1 ? "es" : ""} ready in ${Date.now() - opened} ms`);

  // Polled every 20 ms during a measurement, so it must cost Postgres little: with `sinceMs` it
  // reads only the (organization_id, id) index entries of attempts made since (attempt ids are
  // ULIDs, whose first 10 characters are their time), not the whole table.
  async function countAttempts(endpointIds?: string[], sinceMs?: number): Promise<number> {
    const floor = sinceMs === undefined ? "" : `att_${encodeTime(sinceMs, 10)}`;
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM delivery_attempts
        WHERE organization_id = $1 AND id >= $2 AND ($3::text[] IS NULL OR endpoint_id = ANY($3::text[]))`,
      [organizationId, floor, endpointIds ?? null],
    );
    return rows[0]!.n;
  }

  return {
    services,
    organizationId,
    workers,
    api,
    async createEndpoints(specs) {
      const out: BenchEndpoint[] = [];
      const keys = [];
      // receiver.url() wraps origins round its ports: an origin past them would silently share another's port (and undici pool).
      await receiver.ensurePorts(Math.max(0, ...specs.map((s) => s.origin + 1)));
      for (const s of specs) {
        const ep = await createEndpoint(services, organizationId, {
          url: receiver.url(s.origin, s.name),
          eventTypes: s.eventTypes,
          ...(s.retrySchedule ? { retrySchedule: s.retrySchedule } : {}),
        });
        out.push({ id: ep.id, name: s.name });
        keys.push({ name: s.name, secret: ep.secret, mode: s.mode, trackLatency: s.trackLatency, trackDuplicates: s.trackDuplicates });
      }
      await receiver.addKeys(keys);
      return out;
    },
    countAttempts,
    async waitForAttempts(target, o = {}) {
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
    },
    cpu() {
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
    },
    async pendingInConsumer() {
      const info = await services.nats.jsm.consumers.info(DELIVERIES_STREAM, DELIVERY_CONSUMER);
      return { ackPending: info.num_ack_pending, pending: info.num_pending, redelivered: info.num_redelivered };
    },
    async workerHealth() {
      // One scrape per worker: prom-client resets its event-loop histogram on every scrape,
      // so the numbers cover the time since the previous call.
      const parts = await Promise.all(
        workers.map(async (w) => {
          const text = await w.metricsText().catch(() => "");
          const m = (name: string) => {
            let total = 0;
            for (const line of text.split("\n")) if (line.startsWith(`herald_nodejs_${name}`)) total += Number(line.slice(line.lastIndexOf(" ") + 1));
            return total * 1000;
          };
          // monitorEventLoopDelay samples every 10 ms and reports the whole interval (an idle loop reads ~10 ms): subtract it.
          const d = (name: string) => Math.max(0, m(name) - 10);
          return `${w.name} event-loop blocked p50 ${d("eventloop_lag_p50_seconds").toFixed(1)} / p99 ${d("eventloop_lag_p99_seconds").toFixed(1)} / max ${d("eventloop_lag_max_seconds").toFixed(0)} ms, GC ${(m("gc_duration_seconds_sum") / 1000).toFixed(1)} s since start`;
        }),
      );
      return parts.join("; ");
    },
    async stop() {
      const t = Date.now();
      await stopWorkers();
      ctx.log(`  ${opts.label}: workers stopped in ${Date.now() - t} ms`);
      disown(servicesOwned);
      await services.close().catch(() => {});
      await nats.stop();
      await infra.dropDatabase(databaseUrl).catch(() => {});
    },
  };
}
