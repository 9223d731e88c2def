import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { inject } from "vitest";
import { loadConfig } from "../../src/config/env.ts";
import { startNatsCluster, startNatsServer, startRedisServer, type LocalServer, type NatsCluster } from "../../src/infra/local-servers.ts";
import type { ServerConfig } from "../../src/app/services.ts";
import { copyTemplateDatabase } from "../../src/infra/template-database.ts";
import { TEMPLATE_DB } from "./global-setup.ts";

/** Records a spawned process so the global teardown can stop it if its test file crashed. */
export function trackPid(pid: number | undefined): void {
  if (!pid) return;
  const dir = inject("pidDir");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${pid}`), String(pid));
}

export function untrackPid(pid: number | undefined): void {
  if (!pid) return;
  rmSync(path.join(inject("pidDir"), `${pid}`), { force: true });
}

function tracked(server: LocalServer): LocalServer {
  trackPid(server.pid());
  const start = server.start.bind(server);
  const stop = server.stop.bind(server);
  const kill = server.kill.bind(server);
  return Object.assign(server, {
    async start() {
      await start();
      trackPid(server.pid());
    },
    async stop() {
      const pid = server.pid();
      await stop();
      untrackPid(pid);
    },
    async kill(signal?: NodeJS.Signals) {
      const pid = server.pid();
      await kill(signal);
      untrackPid(pid);
    },
  });
}

/** A fresh database for one test file, copied from the migrated template. */
export function createTestDatabase(): Promise<string> {
  return copyTemplateDatabase(inject("pgAdminUrl"), TEMPLATE_DB, "t_");
}

export async function startNats(): Promise<LocalServer> {
  const storeDir = mkdtempSync(path.join(inject("tmpRoot"), "nats-"));
  return tracked(await startNatsServer({ storeDir }));
}

export async function startRedis(): Promise<LocalServer> {
  return tracked(await startRedisServer());
}

/** What a Herald under test connects to. */
export interface HeraldServers {
  databaseUrl: string;
  /** NATS_URL: one server, or every node of a cluster. */
  natsUrl: string;
  redis?: LocalServer;
}

export interface TestServers extends HeraldServers {
  nats: LocalServer;
  stop(): Promise<void>;
}

export interface ClusterServers extends HeraldServers {
  cluster: NatsCluster;
  stop(): Promise<void>;
}

/** A database and a 3-node JetStream cluster on loopback, for the cluster fault tests. */
export async function startClusterServers(): Promise<ClusterServers> {
  const dir = mkdtempSync(path.join(inject("tmpRoot"), "nats-cluster-"));
  const [databaseUrl, cluster] = await Promise.all([createTestDatabase(), startNatsCluster({ dir })]);
  cluster.nodes.forEach(tracked);
  return {
    databaseUrl,
    natsUrl: cluster.url,
    cluster,
    async stop() {
      await cluster.stop();
      for (const n of cluster.nodes) untrackPid(n.pid());
    },
  };
}

/** The real servers one test file needs: its own database, nats-server and (optionally) redis-server. */
export async function startTestServers(opts: { redis?: boolean } = {}): Promise<TestServers> {
  const [databaseUrl, nats, redis] = await Promise.all([createTestDatabase(), startNats(), opts.redis ? startRedis() : Promise.resolve(undefined)]);
  return {
    databaseUrl,
    natsUrl: nats.url,
    nats,
    redis,
    async stop() {
      await Promise.all([nats.stop(), redis?.stop()]);
    },
  };
}

export const TEST_ADMIN_TOKEN = "test-admin-token-0123456789";

/** Overrides for a Herald under test that must behave as in production, which requires its own secrets key. */
export const PRODUCTION_ENV = { NODE_ENV: "production", SECRETS_KEY: Buffer.alloc(32, 7).toString("base64") };

/**
 * The environment of every Herald under test, in this process or its own: short timeouts and
 * schedules, insecure endpoints allowed (receivers are on loopback).
 */
export function testEnv(servers: HeraldServers, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: "test",
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: process.env.HERALD_TEST_LOG ?? "silent",
    DATABASE_URL: servers.databaseUrl,
    NATS_URL: servers.natsUrl,
    ...(servers.redis && { REDIS_URL: servers.redis.url }),
    ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    ALLOW_INSECURE_ENDPOINTS: "true",
    DELIVERY_TIMEOUT_MS: "2000",
    RETRY_SCHEDULE: "1,1,1",
    ...overrides,
  };
}

/** The config of a Herald under test in this process (see testEnv). */
export function testConfig(servers: HeraldServers, overrides: Record<string, string> = {}): ServerConfig {
  return loadConfig(testEnv(servers, overrides)) as ServerConfig;
}
