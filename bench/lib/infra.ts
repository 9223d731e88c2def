import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { loadConfig } from "../../src/config/env.ts";
import { startNatsCluster, startNatsServer, startPostgresCluster, startRedisServer, type LocalServer } from "../../src/infra/local-servers.ts";
import { freePort } from "../../src/infra/processes.ts";
import { createLogger } from "../../src/log.ts";
import { createServices, type ServerConfig, type Services } from "../../src/app/services.ts";
import { own, disown, type Owned } from "./cleanup.ts";
import { memoryOf, type Memory } from "./procfs.ts";
import { copyTemplateDatabase, createTemplateDatabase } from "../../src/infra/template-database.ts";

export const REPO_ROOT = path.resolve(new URL("../..", import.meta.url).pathname);
/**
 * Where Herald's worker code is run from: this repository, or (for measuring a proposed change
 * without touching src/) a patched copy given in HERALD_BENCH_ROOT.
 */
export const HERALD_ROOT = path.resolve(process.env.HERALD_BENCH_ROOT ?? REPO_ROOT);
const TEMPLATE_DB = "bench_template";

/** Owns a LocalServer from src/infra/local-servers.ts: stopped gracefully, or SIGKILLed as a last resort. */
function ownServer(name: string, server: LocalServer, extraKill?: () => void): Owned {
  return own({
    name,
    stop: () => server.stop(),
    killNow() {
      extraKill?.();
      const pid = server.pid();
      if (pid) process.kill(pid, "SIGKILL");
    },
  });
}

export interface NatsHandle {
  /** NATS_URL: the server, or every node of the cluster. */
  url: string;
  pids(): number[];
  stop(): Promise<void>;
}

/** Owns the nodes of one scenario's NATS: stopped with the scenario, or killed with the run. */
function natsHandle(url: string, servers: LocalServer[]): NatsHandle {
  const owned = servers.map((s, i) => ownServer(`nats-server ${i + 1}`, s));
  return {
    url,
    pids: () => servers.map((s) => s.pid()).filter((p): p is number => p !== undefined),
    async stop() {
      owned.forEach(disown);
      await Promise.all(servers.map((s) => s.stop()));
    },
  };
}

export interface Infra {
  tmp: string;
  pgAdminUrl: string;
  redisUrl: string;
  postgresPid(): number | undefined;
  redisPid(): number | undefined;
  secretsKey: string;
  /** A fresh, migrated database (a copy of the template). */
  createDatabase(): Promise<string>;
  dropDatabase(url: string): Promise<void>;
  /** A nats-server, or with `nodes: 3` a 3-node JetStream cluster, for one scenario. */
  startNats(opts?: { nodes: 1 | 3 }): Promise<NatsHandle>;
  stop(): Promise<void>;
}

/**
 * The servers every scenario shares: one PostgreSQL cluster (each scenario copies a migrated
 * template database) and one redis-server. nats-server starts per scenario, so that no
 * scenario inherits another's streams, retries or file store.
 */
export async function startInfra(log: (s: string) => void): Promise<Infra> {
  const tmp = mkdtempSync(path.join(tmpdir(), "herald-bench-"));
  // PostgreSQL runs as the postgres user when the bench runs as root: it must reach its data dir.
  chmodSync(tmp, 0o755);
  const tmpOwned = own({
    name: "tmp dir",
    stop: async () => rmSync(tmp, { recursive: true, force: true }),
    killNow: () => rmSync(tmp, { recursive: true, force: true }),
  });
  const dataDir = path.join(tmp, "pg", "data");
  const t0 = Date.now();
  const [postgres, redis] = await Promise.all([startPostgresCluster({ dataDir }), startRedisServer()]);
  const pgOwned = ownServer("postgres", postgres, () => {
    // Sync last resort: SIGKILL of `runuser` would orphan the postmaster, so stop it directly (immediate shutdown).
    try {
      const pid = Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
      if (pid > 0) process.kill(pid, "SIGQUIT");
    } catch {
      // not running
    }
  });
  const redisOwned = ownServer("redis-server", redis);
  await createTemplateDatabase(postgres.url, TEMPLATE_DB);
  log(`servers up in ${Date.now() - t0} ms (PostgreSQL ${postgres.url}, redis ${redis.url})`);

  return {
    tmp,
    pgAdminUrl: postgres.url,
    redisUrl: redis.url,
    postgresPid: () => postgres.pid(),
    redisPid: () => redis.pid(),
    secretsKey: randomBytes(32).toString("base64"),
    createDatabase: () => copyTemplateDatabase(postgres.url, TEMPLATE_DB, "bench_"),
    async dropDatabase(url: string) {
      const name = url.slice(url.lastIndexOf("/") + 1);
      const c = new pg.Client({ connectionString: postgres.url });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
    async startNats(opts = { nodes: 1 }) {
      const dir = mkdtempSync(path.join(tmp, "nats-"));
      if (opts.nodes === 1) {
        const server = await startNatsServer({ storeDir: dir });
        return natsHandle(server.url, [server]);
      }
      const cluster = await startNatsCluster({ dir, size: opts.nodes });
      return natsHandle(cluster.url, cluster.nodes);
    },
    async stop() {
      for (const o of [redisOwned, pgOwned, tmpOwned]) {
        disown(o);
        await o.stop().catch(() => o.killNow());
      }
    },
  };
}

export interface WorkerProcess {
  name: string;
  pid: number;
  port: number;
  child: ChildProcess;
  memory(): Memory | undefined;
  /** The last lines it printed (warnings and errors; it runs at LOG_LEVEL=warn). */
  output(): string;
  /** Sum of a Prometheus metric's samples whose line starts with `prefix`, from its /metrics. */
  metric(prefix: string): Promise<number>;
  metricsText(): Promise<string>;
  stop(): Promise<void>;
}

export interface WorkerOptions {
  databaseUrl: string;
  natsUrl: string;
  redisUrl: string;
  secretsKey: string;
  env: Record<string, string>;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeFlags: string[];
  name: string;
  logDir?: string;
}

/** How a Herald process is started: from TypeScript through tsx until `buildHerald` ran. */
let heraldEntry = ["--import", "tsx", "src/main.ts"];

/**
 * Compiles Herald as it is deployed (`npm run build` without regenerating the clients that
 * set-up generated, which running tests may be reading), so the figures, memory above all,
 * are those of `node dist/main.js` rather than of tsx's in-memory transpiler.
 */
export function buildHerald(log: (line: string) => void): void {
  const t0 = Date.now();
  const tsc = path.join(REPO_ROOT, "node_modules", ".bin", "tsc");
  const result = spawnSync(tsc, ["-p", "tsconfig.build.json"], { cwd: HERALD_ROOT, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`tsc -p tsconfig.build.json failed in ${HERALD_ROOT}:\n${result.stdout}\n${result.stderr}`);
  // The node flags of `npm start` (package.json): a young generation large enough that
  // per-delivery garbage dies there instead of being promoted. 32 MB gave +10 % deliveries/s
  // over 16 MB in paired runs, and latency p99 stayed within run-to-run noise (7.6 vs 8.3 ms).
  heraldEntry = ["--max-semi-space-size=32", "dist/main.js"];
  log(`compiled Herald (tsc -p tsconfig.build.json) in ${((Date.now() - t0) / 1000).toFixed(1)} s; workers run node dist/main.js`);
}

/** Production Herald serves /metrics only to this bearer (or on METRICS_PORT). */
const BENCH_METRICS_TOKEN = "bench-metrics-token-0123456789";

async function scrapeMetrics(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${BENCH_METRICS_TOKEN}` } });
  if (res.status !== 200) throw new Error(`/metrics on port ${port} answered ${res.status}`);
  return res.text();
}

/** Sum of the samples of every metric line in a Prometheus text that starts with `prefix`. */
export function sumSamples(text: string, prefix: string): number {
  let total = 0;
  for (const line of text.split("\n")) if (line.startsWith(prefix)) total += Number(line.slice(line.lastIndexOf(" ") + 1));
  return total;
}

function workerEnv(opts: WorkerOptions, port: number): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH!,
    NODE_ENV: "production",
    HERALD_ROLE: "worker",
    SECRETS_KEY: opts.secretsKey,
    HOST: "127.0.0.1",
    PORT: String(port),
    LOG_LEVEL: "warn",
    DATABASE_URL: opts.databaseUrl,
    NATS_URL: opts.natsUrl,
    REDIS_URL: opts.redisUrl,
    ALLOW_INSECURE_ENDPOINTS: "true",
    METRICS_TOKEN: BENCH_METRICS_TOKEN,
    ...opts.env,
  };
}

/** Keeps the tail of what the child prints, for error messages and its log file. */
function captureOutput(child: ChildProcess): () => string {
  let out = "";
  const keep = (d: Buffer) => {
    out += d.toString();
    if (out.length > 256_000) out = out.slice(-128_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  return () => out;
}

/** Owns the child until its stop, which is idempotent and writes what it printed to `logDir`. */
function ownedStop(opts: WorkerOptions, child: ChildProcess, output: () => string): () => Promise<void> {
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const owned = own({
    name: opts.name,
    stop: () => stop(),
    killNow: () => child.kill("SIGKILL"),
  });
  let stopping: Promise<void> | undefined;
  function stop(): Promise<void> {
    stopping ??= (async () => {
      disown(owned);
      if (child.exitCode === null && child.signalCode === null) {
        // SIGTERM lets it flush its attempt log and write a --cpu-prof profile.
        child.kill("SIGTERM");
        const force = setTimeout(() => child.kill("SIGKILL"), 15_000);
        await exited;
        clearTimeout(force);
      }
      if (opts.logDir && output().trim() !== "") {
        mkdirSync(opts.logDir, { recursive: true });
        writeFileSync(path.join(opts.logDir, `${opts.name}.log`), output());
      }
    })();
    return stopping;
  }
  return stop;
}

async function waitUntilReady(name: string, child: ChildProcess, port: number, output: () => string, stop: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`worker ${name} exited early:\n${output().slice(-4000)}`);
    const r = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
    if (r?.status === 200) return;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`worker ${name} not ready within 60 s:\n${output().slice(-4000)}`);
    }
    await new Promise((res) => setTimeout(res, 50));
  }
}

/** One Herald worker as its own OS process (see `buildHerald`), HERALD_ROLE=worker. */
export async function spawnWorker(opts: WorkerOptions): Promise<WorkerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [...opts.nodeFlags, ...heraldEntry], {
    cwd: HERALD_ROOT,
    env: workerEnv(opts, port),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = captureOutput(child);
  const stop = ownedStop(opts, child, output);
  await waitUntilReady(opts.name, child, port, output, stop);
  return {
    name: opts.name,
    pid: child.pid!,
    port,
    child,
    memory: () => memoryOf(child.pid!),
    output,
    async metricsText() {
      return scrapeMetrics(port);
    },
    async metric(prefix: string) {
      return sumSamples(await scrapeMetrics(port), prefix);
    },
    stop,
  };
}

/** The bench's own connections (Prisma for fixtures, JetStream for producing), like an api process that serves nothing. */
export async function benchServices(databaseUrl: string, natsUrl: string, secretsKey: string, env: Record<string, string>): Promise<Services> {
  const config = loadConfig({
    NODE_ENV: "production",
    HERALD_ROLE: "api",
    LOG_LEVEL: "silent",
    DATABASE_URL: databaseUrl,
    NATS_URL: natsUrl,
    SECRETS_KEY: secretsKey,
    ALLOW_INSECURE_ENDPOINTS: "true",
    ...env,
  }) as ServerConfig;
  return createServices(config, createLogger("silent"));
}
