import { execFileSync } from "node:child_process";
import { chownSync, mkdirSync, existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { findBinary, findPostgresBinDir } from "./binaries.ts";
import { freePort, spawnServer, waitForPort, type ManagedProcess } from "./processes.ts";

// Servers Herald starts for itself: in tests (harness) and in the quick start (dev.ts).
// Each binds 127.0.0.1 on a port of its own and lives exactly as long as its owner.

export interface LocalServer {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Stops the process without cleaning up, for fault tests; start() brings it back on the same port and data. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  start(): Promise<void>;
  pid(): number | undefined;
}

function managed(url: string, port: number, launch: () => ManagedProcess, ready: () => Promise<void>): LocalServer {
  let proc: ManagedProcess | undefined;
  const server: LocalServer = {
    url,
    port,
    async start() {
      proc = launch();
      const died = new Promise<never>((_, reject) => proc!.child.once("exit", (code) => reject(new Error(`server on port ${port} exited with ${code}`))));
      died.catch(() => {});
      await Promise.race([ready(), died]);
    },
    pid: () => proc?.child.pid,
    async kill(signal = "SIGKILL") {
      await proc?.stop(signal);
      proc = undefined;
    },
    async stop() {
      await proc?.stop("SIGTERM");
      proc = undefined;
    },
  };
  return server;
}

export async function startNatsServer(opts: { storeDir: string; port?: number; log?: (s: string) => void }): Promise<LocalServer> {
  const bin = findBinary("nats-server");
  if (!bin) throw new Error("nats-server not found: install it (apt-get install nats-server) or set NATS_URL");
  const port = opts.port ?? (await freePort());
  mkdirSync(opts.storeDir, { recursive: true });
  const server = managed(
    `nats://127.0.0.1:${port}`,
    port,
    () => spawnServer(bin, ["-js", "-a", "127.0.0.1", "-p", String(port), "-sd", opts.storeDir], { log: opts.log }),
    () => waitForPort(port),
  );
  await server.start();
  return server;
}

export interface NatsClusterNode extends LocalServer {
  /** server_name, as JetStream reports leaders and replicas. */
  name: string;
  storeDir: string;
}

export interface NatsCluster {
  /** Every node's client URL, comma-separated, as NATS_URL takes it. */
  url: string;
  nodes: NatsClusterNode[];
  stop(): Promise<void>;
}

/**
 * A JetStream cluster of `size` nats-server processes on loopback, each with its own
 * store under `dir` and routes to all the others (tests and the bench).
 */
export async function startNatsCluster(opts: { dir: string; size?: number; log?: (s: string) => void }): Promise<NatsCluster> {
  const bin = findBinary("nats-server");
  if (!bin) throw new Error("nats-server not found: install it (apt-get install nats-server)");
  const size = opts.size ?? 3;
  const ports = await Promise.all(Array.from({ length: size * 2 }, () => freePort()));
  const clientPorts = ports.slice(0, size);
  const routes = ports.slice(size).map((p) => `nats-route://127.0.0.1:${p}`);
  const nodes = clientPorts.map((port, i) => {
    const name = `n${i + 1}`;
    const storeDir = path.join(opts.dir, name);
    mkdirSync(storeDir, { recursive: true });
    const conf = path.join(opts.dir, `${name}.conf`);
    writeFileSync(
      conf,
      [
        `server_name: ${name}`,
        `listen: 127.0.0.1:${port}`,
        `jetstream { store_dir: "${storeDir}" }`,
        `cluster { name: herald, listen: 127.0.0.1:${ports[size + i]}, routes: [${routes.join(", ")}] }`,
      ].join("\n"),
    );
    const server = managed(
      `nats://127.0.0.1:${port}`,
      port,
      () => spawnServer(bin, ["-c", conf], { log: opts.log }),
      () => waitForPort(port),
    );
    return Object.assign(server, { name, storeDir });
  });
  await Promise.all(nodes.map((n) => n.start()));
  return {
    url: nodes.map((n) => n.url).join(","),
    nodes,
    async stop() {
      await Promise.all(nodes.map((n) => n.stop()));
    },
  };
}

export async function startRedisServer(opts: { port?: number; log?: (s: string) => void } = {}): Promise<LocalServer> {
  const bin = findBinary("redis-server");
  if (!bin) throw new Error("redis-server not found: install it (apt-get install redis-server) or set REDIS_URL");
  const port = opts.port ?? (await freePort());
  const server = managed(
    `redis://127.0.0.1:${port}`,
    port,
    () =>
      spawnServer(bin, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
        log: opts.log,
      }),
    () => waitForPort(port),
  );
  await server.start();
  return server;
}

/** A PostgreSQL cluster from the Debian packages, trust auth on loopback (tests only). */
export async function startPostgresCluster(opts: { dataDir: string; port?: number; log?: (s: string) => void }): Promise<LocalServer> {
  const bin = findPostgresBinDir();
  if (!bin) throw new Error("PostgreSQL server binaries not found: apt-get install postgresql");
  const port = opts.port ?? (await freePort());
  const asRoot = process.getuid?.() === 0;
  // initdb and postgres refuse to run as root; run them as the postgres user then.
  const wrap = (cmd: string, args: string[]): [string, string[]] => (asRoot ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args]);
  const dataDir = opts.dataDir;
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    mkdirSync(dataDir, { recursive: true });
    if (asRoot) {
      const ids = execFileSync("id", ["-u", "postgres"]).toString().trim();
      const gid = execFileSync("id", ["-g", "postgres"]).toString().trim();
      chownSync(path.dirname(dataDir), Number(ids), Number(gid));
      chownSync(dataDir, Number(ids), Number(gid));
    }
    const [cmd, args] = wrap(path.join(bin, "initdb"), ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
    execFileSync(cmd, args, { stdio: "ignore" });
  }
  const server = managed(
    `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    () => {
      const [cmd, args] = wrap(path.join(bin, "postgres"), [
        "-D",
        dataDir,
        "-p",
        String(port),
        "-k",
        dataDir,
        "-c",
        "listen_addresses=127.0.0.1",
        "-c",
        "fsync=off",
        "-c",
        "synchronous_commit=off",
        "-c",
        "full_page_writes=off",
        "-c",
        "max_connections=300",
      ]);
      return spawnServer(cmd, args, { log: opts.log });
    },
    () => waitForPostgres(`postgresql://postgres@127.0.0.1:${port}/postgres`),
  );
  await server.start();
  return server;
}

async function waitForPostgres(url: string, timeoutMs = 20_000): Promise<void> {
  const { default: pg } = await import("pg");
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query("SELECT 1");
      await client.end();
      return;
    } catch (err) {
      await client.end().catch(() => {});
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
