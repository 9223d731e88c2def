import { spawn } from "node:child_process";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "../../src/db/migrate.ts";
import { startHerald, type RunningHerald } from "../../src/app/herald.ts";
import { createLogger } from "../../src/log.ts";
import { createTestDatabase, startTestServers, testConfig, trackPid, untrackPid, type TestServers } from "../harness/env.ts";
import { eventually } from "../harness/wait.ts";
import { inject } from "vitest";

function run(env: Record<string, string>, timeoutMs = 20_000): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { env: { PATH: process.env.PATH!, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    trackPid(child.pid);
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      untrackPid(child.pid);
      resolve({ code, out });
    });
  });
}

describe("migrations", () => {
  it("create every table on an empty database, and a second run changes nothing", async () => {
    const adminUrl = inject("pgAdminUrl");
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    const name = `empty_${Date.now()}`;
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = adminUrl.replace(/\/postgres$/, `/${name}`);

    const first = await migrate(url);
    expect(first.applied.length).toBeGreaterThan(0);
    const second = await migrate(url);
    expect(second.applied).toEqual([]);

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const tables = (await client.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).rows.map(
      (r) => r.tablename,
    );
    const bookkeeping = (await client.query(`SELECT migration_name, finished_at, applied_steps_count, checksum FROM _prisma_migrations`)).rows;
    await client.end();
    expect(tables).toEqual([
      "_prisma_migrations",
      "api_keys",
      "deliveries",
      "delivery_attempts",
      "endpoint_secrets",
      "endpoints",
      "event_types",
      "events",
      "ordering_floor",
      "organizations",
      "portal_sessions",
      "rejected_messages",
    ]);
    expect(bookkeeping).toHaveLength(first.applied.length);
    for (const row of bookkeeping) {
      expect(row.finished_at).not.toBeNull();
      expect(row.applied_steps_count).toBe(1);
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});

describe("start-up", () => {
  it("refuses a bad environment variable, naming it", async () => {
    const databaseUrl = await createTestDatabase();
    const { code, out } = await run({ DATABASE_URL: databaseUrl, NATS_URL: "nats://127.0.0.1:1", PORT: "not-a-port", NODE_ENV: "development" });
    expect(code).not.toBe(0);
    expect(out).toMatch(/PORT/);
    expect(out).not.toMatch(/at .*\.ts:\d+/);
  });

  it("refuses to start without DATABASE_URL, naming it", async () => {
    const { code, out } = await run({ NODE_ENV: "development" });
    expect(code).not.toBe(0);
    expect(out).toMatch(/DATABASE_URL/);
  });
});

describe("service shell", () => {
  let servers: TestServers;
  let herald: RunningHerald;
  beforeAll(async () => {
    servers = await startTestServers({ redis: true });
    herald = await startHerald(testConfig(servers), createLogger("silent"));
  });
  afterAll(async () => {
    await herald?.stop();
    await servers?.stop();
  });
  const url = (p: string) => `http://127.0.0.1:${herald.port}${p}`;

  it("answers /healthz and /metrics", async () => {
    expect((await fetch(url("/healthz"))).status).toBe(200);
    const metrics = await (await fetch(url("/metrics"))).text();
    expect(metrics).toMatch(/herald_process_cpu_seconds_total/);
    expect(metrics).toMatch(/herald_delivery_attempts_total/);
  });

  it("/readyz turns 503 naming nats while nats-server is down, and 200 once it is back", async () => {
    const ok = await fetch(url("/readyz"));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ready: true, checks: { postgres: "ok", nats: "ok", jetstream: "ok", redis: "ok" } });

    await servers.nats.kill("SIGKILL");
    const down = await eventually("readyz 503", async () => {
      const r = await fetch(url("/readyz"));
      return r.status === 503 ? ((await r.json()) as { checks: Record<string, string> }) : undefined;
    });
    expect(down.checks.nats).not.toBe("ok");
    expect(down.checks.jetstream).not.toBe("ok");
    expect(down.checks.postgres).toBe("ok");

    await servers.nats.start();
    await eventually("readyz 200 again", async () => (await fetch(url("/readyz"))).status === 200, 30_000);
  });

  it("/readyz names redis when it is down", async () => {
    await servers.redis!.kill("SIGKILL");
    const down = await eventually("readyz 503", async () => {
      const r = await fetch(url("/readyz"));
      return r.status === 503 ? ((await r.json()) as { checks: Record<string, string> }) : undefined;
    });
    expect(down.checks.redis).not.toBe("ok");
    await servers.redis!.start();
    await eventually("readyz 200 again", async () => (await fetch(url("/readyz"))).status === 200, 30_000);
  });
});

describe("graceful shutdown", () => {
  it("stops on SIGTERM with exit code 0", async () => {
    const servers = await startTestServers();
    try {
      const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
        env: { PATH: process.env.PATH!, NODE_ENV: "development", DATABASE_URL: servers.databaseUrl, NATS_URL: servers.nats.url, PORT: "0", LOG_LEVEL: "info" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      trackPid(child.pid);
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      await eventually("listening", () => /listening/.test(out), 30_000);
      const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      untrackPid(child.pid);
      expect(out).toMatch(/shutting down/);
    } finally {
      await servers.stop();
    }
  });
});
