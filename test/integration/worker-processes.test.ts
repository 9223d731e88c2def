import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHerald, type RunningHerald } from "../../src/app/herald.ts";
import { createLogger } from "../../src/log.ts";
import { createEndpoint, produce } from "../harness/fixtures.ts";
import { seedOrg } from "../harness/orgs.ts";
import { startTestServers, testConfig, type TestServers } from "../harness/env.ts";
import { spawnHerald, type HeraldProcess } from "../harness/process.ts";
import { TestReceiver } from "../harness/receiver.ts";
import { printTally } from "../harness/tally.ts";
import { eventually } from "../harness/wait.ts";

// Workers run as separate OS processes here, as in production; the test process only
// produces events (through an api-role Herald) and watches the receiver.

let servers: TestServers;
let api: RunningHerald;
let receiver: TestReceiver;
const workers: HeraldProcess[] = [];

beforeAll(async () => {
  servers = await startTestServers();
  receiver = await new TestReceiver(() => ({ status: 200 })).start();
  api = await startHerald(testConfig(servers, { HERALD_ROLE: "api" }), createLogger("silent"));
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.kill("SIGKILL")));
  await api?.stop();
  await receiver?.stop();
  await servers?.stop();
});

async function publishAll(org: string, prefix: string, n: number) {
  for (let i = 0; i < n; i += 200) {
    await Promise.all(Array.from({ length: Math.min(200, n - i) }, (_, j) => produce(api.services, org, { id: `${prefix}${i + j}`, type: "load.test" })));
  }
}

function tally(paths: string[], prefix: string, n: number) {
  let received = 0;
  let duplicates = 0;
  let lost = 0;
  for (const path of paths) {
    const counts = new Map<string, number>();
    for (const r of receiver.on(path)) counts.set(String(r.headers["webhook-id"]), (counts.get(String(r.headers["webhook-id"])) ?? 0) + 1);
    for (let i = 0; i < n; i++) {
      const c = counts.get(`${prefix}${i}`) ?? 0;
      if (c === 0) lost++;
      else duplicates += c - 1;
      received += c;
    }
  }
  return { sent: n * paths.length, received, duplicates, lost };
}

describe("worker processes", () => {
  it("loses nothing when a worker is killed with SIGKILL mid-run", async () => {
    const org = await seedOrg(api.services);
    const paths = ["/kill-a", "/kill-b"];
    for (const p of paths) await createEndpoint(api.services, org, { url: receiver.url(p) });
    const first = await spawnHerald(servers, { HERALD_ROLE: "worker", DELIVERY_TIMEOUT_MS: "1000" });
    workers.push(first);
    const n = 2_000;
    const publishing = publishAll(org, "k", n);
    await receiver.waitFor((reqs) => reqs.filter((r) => paths.includes(r.path)).length >= 600, 60_000);
    await first.kill("SIGKILL");
    const atKill = receiver.requests.length;
    await publishing;
    const second = await spawnHerald(servers, { HERALD_ROLE: "worker", DELIVERY_TIMEOUT_MS: "1000" });
    workers.push(second);
    await eventually("every event at every endpoint", () => tally(paths, "k", n).lost === 0, 90_000);
    const result = tally(paths, "k", n);
    printTally(`worker SIGKILL after ${atKill} receipts, then a new worker`, {
      sent: result.sent,
      delivered: result.sent - result.lost,
      duplicates: result.duplicates,
      lost: result.lost,
    });
    expect(result.lost).toBe(0);
    expect(result.received).toBeGreaterThanOrEqual(result.sent);
    await eventually(
      "every delivery settled",
      async () => (await api.services.db.prisma.delivery.count({ where: { organizationId: org, status: { not: "SUCCEEDED" } } })) === 0,
      30_000,
    );
    expect(await api.services.db.prisma.delivery.count({ where: { organizationId: org } })).toBe(n * paths.length);
    await second.kill("SIGTERM");
  });

  it("shares the load between two worker processes", async () => {
    const org = await seedOrg(api.services);
    const paths = ["/share-a", "/share-b", "/share-c", "/share-d"];
    for (const p of paths) await createEndpoint(api.services, org, { url: receiver.url(p) });
    const pair = [await spawnHerald(servers, { HERALD_ROLE: "worker" }), await spawnHerald(servers, { HERALD_ROLE: "worker" })];
    workers.push(...pair);
    const n = 1_000;
    await publishAll(org, "s", n);
    await eventually("all delivered", () => tally(paths, "s", n).lost === 0, 60_000);
    // The receiver counts a request before its answer reaches the worker that counts the attempt.
    let perWorker: number[] = [];
    await eventually(
      "every attempt counted",
      async () => {
        perWorker = await Promise.all(pair.map((w) => w.metric("herald_delivery_attempts_total")));
        return perWorker[0]! + perWorker[1]! >= n * paths.length;
      },
      10_000,
    );
    const events = await Promise.all(pair.map((w) => w.metric("herald_ingested_events_total")));
    console.log("attempts per worker:", perWorker, "events ingested per worker:", events);
    for (const count of perWorker) expect(count).toBeGreaterThan(n * paths.length * 0.1);
    expect(perWorker[0]! + perWorker[1]!).toBeGreaterThanOrEqual(n * paths.length);
  });
});
