import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHerald, type RunningHerald } from "../../src/app/herald.ts";
import { createLogger } from "../../src/log.ts";
import { createEndpoint, produce } from "../harness/fixtures.ts";
import { seedOrg } from "../harness/orgs.ts";
import { startTestServers, testConfig, type TestServers } from "../harness/env.ts";
import { TestReceiver } from "../harness/receiver.ts";
import { eventually } from "../harness/wait.ts";

// Two worker instances share one Redis, as two processes would: an endpoint's rate limit
// holds for their sum, and a failing endpoint is disabled by whichever sees it first.
let servers: TestServers;
let workers: RunningHerald[];
let receiver: TestReceiver;

beforeAll(async () => {
  servers = await startTestServers({ redis: true });
  receiver = await new TestReceiver().start();
  // About 1.8 s of unbroken failure disables an endpoint here (120 h in production).
  const config = testConfig(servers, { HERALD_ROLE: "worker", ENDPOINT_DISABLE_AFTER_HOURS: "0.0005", RETRY_SCHEDULE: "1,1,1,1,1,1" });
  workers = [await startHerald(config, createLogger("silent")), await startHerald(config, createLogger("silent"))];
});

afterAll(async () => {
  for (const w of workers ?? []) await w.stop();
  await receiver?.stop();
  await servers?.stop();
});

const services = () => workers[0]!.services;

describe("endpoint policies", () => {
  it("keeps an endpoint's rate limit across worker processes", async () => {
    const org = await seedOrg(services());
    await createEndpoint(services(), org, { url: receiver.url("/limited"), rateLimitPerSecond: 5 });
    const n = 20;
    await Promise.all(Array.from({ length: n }, (_, i) => produce(services(), org, { id: `rl_${i}`, type: "tick" })));
    await receiver.waitFor(() => receiver.on("/limited").length === n, 30_000);
    const times = receiver.on("/limited").map((r) => r.receivedAt);
    const spanMs = Math.max(...times) - Math.min(...times);
    // A burst of 5, then 5/s: the last of 20 cannot arrive before about 3 s.
    console.log(`20 deliveries at 5/s across 2 workers took ${spanMs} ms`);
    expect(spanMs).toBeGreaterThanOrEqual(2_500);
    const perSecond = new Map<number, number>();
    const start = Math.min(...times);
    for (const t of times) perSecond.set(Math.floor((t - start) / 1000), (perSecond.get(Math.floor((t - start) / 1000)) ?? 0) + 1);
    for (const [, count] of perSecond) expect(count).toBeLessThanOrEqual(10);
  });

  it("disables an endpoint whose attempts have all failed for too long, holds its deliveries and alerts", async () => {
    const org = await seedOrg(services());
    receiver.respond("/always-down", () => ({ status: 500 }));
    const ep = await createEndpoint(services(), org, { url: receiver.url("/always-down") });
    const alerts: string[] = [];
    const sub = services().nats.nc.subscribe("herald.alert", { callback: (_e, m) => void alerts.push(m.string()) });
    for (let i = 0; i < 3; i++) await produce(services(), org, { id: `down_${i}`, type: "tick" });
    const endpoint = await eventually(
      "endpoint disabled",
      async () => {
        const e = await services().db.prisma.endpoint.findUnique({ where: { id: ep.id } });
        return e?.status === "DISABLED" && e;
      },
      20_000,
    );
    expect(endpoint.disabledReason).toMatch(/failed/);
    await eventually("deliveries held", async () => (await services().db.prisma.delivery.count({ where: { endpointId: ep.id, status: "HELD" } })) === 3);
    await eventually("alert", () => alerts.some((a) => a.includes("endpoint.disabled") && a.includes(ep.id)));
    sub.unsubscribe();
    const attemptsAtDisable = receiver.on("/always-down").length;
    await new Promise((r) => setTimeout(r, 1_500));
    expect(receiver.on("/always-down").length).toBe(attemptsAtDisable);
  });
});
