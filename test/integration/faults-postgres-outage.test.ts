import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHerald, type RunningHerald } from "../../src/app/herald.ts";
import { createLogger } from "../../src/log.ts";
import { startNats, testConfig, type TestServers } from "../harness/env.ts";
import { createEndpoint, produce } from "../harness/fixtures.ts";
import { seedOrg } from "../harness/orgs.ts";
import { startPrivatePostgres, type PrivatePostgres } from "../harness/private-postgres.ts";
import { spawnHerald, type HeraldProcess } from "../harness/process.ts";
import { TestReceiver } from "../harness/receiver.ts";
import { printTally, tallyReceipts } from "../harness/tally.ts";
import { eventually } from "../harness/wait.ts";

// PostgreSQL goes away for 10 s under load. This file runs its own cluster: the shared one
// serves every other test file at the same time.
let postgres: PrivatePostgres;
let servers: TestServers;
let receiver: TestReceiver;
let producer: RunningHerald;
let worker: HeraldProcess;

beforeAll(async () => {
  const [pg, nats] = await Promise.all([startPrivatePostgres(), startNats()]);
  postgres = pg;
  servers = { databaseUrl: pg.databaseUrl, natsUrl: nats.url, nats, stop: () => nats.stop() };
  receiver = await new TestReceiver(() => ({ status: 200 })).start();
  producer = await startHerald(testConfig(servers, { HERALD_ROLE: "api" }), createLogger("silent"));
  worker = await spawnHerald(servers, { HERALD_ROLE: "worker" });
}, 90_000);

afterAll(async () => {
  await worker?.kill("SIGKILL");
  await producer?.stop();
  await receiver?.stop();
  await servers?.stop();
  await postgres?.stop();
});

describe("PostgreSQL outage", () => {
  it("acks nothing it could not store, and delivers everything once the database is back", async () => {
    const prisma = producer.services.db.prisma;
    const org = await seedOrg(producer.services);
    const paths = ["/pg-a", "/pg-b"];
    for (const p of paths) await createEndpoint(producer.services, org, { url: receiver.url(p) });
    const n = 2_000;
    const ids = Array.from({ length: n }, (_, i) => `pg${i}`);
    // Paced so that part of the load is published while the database is down.
    const publishing = (async () => {
      for (let i = 0; i < n; i += 100) {
        await Promise.all(ids.slice(i, i + 100).map((id) => produce(producer.services, org, { id, type: "load.test" })));
        await new Promise((r) => setTimeout(r, 150));
      }
    })();
    await receiver.waitFor((reqs) => reqs.length >= 400, 30_000);

    await postgres.stopServer();
    const receivedAtStop = receiver.requests.length;
    const readyz = async () => (await fetch(`http://127.0.0.1:${worker.port}/readyz`)).status;
    await eventually("worker not ready", async () => (await readyz()) === 503, 10_000);
    await new Promise((r) => setTimeout(r, 10_000));
    const receivedDuringOutage = receiver.requests.length - receivedAtStop;
    // Not acked, so still in the work-queue stream: the events published meanwhile.
    const heldInStream = (await producer.services.nats.jsm.streams.info("EVENTS")).state.messages;
    await postgres.startServer();

    await publishing;
    await eventually("worker ready again", async () => (await readyz()) === 200, 30_000);
    await eventually("every event at every endpoint", () => tallyReceipts(receiver, paths, ids).lost === 0, 60_000).catch(() => undefined);
    const tally = tallyReceipts(receiver, paths, ids);
    printTally(
      `postgres stopped for 10 s after ${receivedAtStop} receipts (${receivedDuringOutage} receipts and ${heldInStream} events held unacked in JetStream while it was down)`,
      tally,
    );
    expect(worker.child.exitCode, worker.output().slice(-2_000)).toBeNull();
    expect(heldInStream).toBeGreaterThan(0);
    expect(tally.lost).toBe(0);
    // What the worker acked is in the database: one event per id, every delivery settled.
    expect(await prisma.event.count({ where: { organizationId: org } })).toBe(n);
    await eventually(
      "every delivery recorded as succeeded",
      async () => (await prisma.delivery.count({ where: { organizationId: org, status: "SUCCEEDED" } })) === n * paths.length,
      30_000,
    );
  });
});
