import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningHerald } from "../../src/app/herald.ts";
import { createEndpoint, produce } from "../harness/fixtures.ts";
import { seedOrg } from "../harness/orgs.ts";
import { startSilentStack, type SilentStack } from "../harness/herald-stack.ts";
import type { RawReceiver } from "../harness/raw-receiver.ts";
import type { TestReceiver } from "../harness/receiver.ts";
import { eventually } from "../harness/wait.ts";

// An endpoint whose attempts time out is given fewer of the worker's slots (a quarter of
// ENDPOINT_MAX_IN_FLIGHT), while its retries go on and a healthy endpoint is served at once.
const CAP = 12;
let stack: SilentStack;
let herald: RunningHerald;
let receiver: TestReceiver;
let silent: RawReceiver;

beforeAll(async () => {
  stack = await startSilentStack({ DELIVERY_TIMEOUT_MS: "1000", ENDPOINT_MAX_IN_FLIGHT: String(CAP), RETRY_SCHEDULE: "1,1,1,1,1" });
  ({ herald, receiver, silent } = stack);
});

afterAll(async () => {
  await stack?.stop();
});

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("endpoint back-off", () => {
  it("gives an endpoint that times out a quarter of its slots, still retrying it, while a healthy one is served", async () => {
    const org = await seedOrg(herald.services);
    await createEndpoint(herald.services, org, { url: silent.url("/never"), eventTypes: ["hang.test"] });
    await createEndpoint(herald.services, org, { url: receiver.url("/healthy"), eventTypes: ["ok.test"] });
    const n = 60;
    await Promise.all(Array.from({ length: n }, (_, i) => produce(herald.services, org, { id: `hang${i}`, type: "hang.test" })));
    // The first attempts find the full cap: it takes timeouts to learn the endpoint hangs.
    await eventually("the first wave of attempts", () => silent.connections >= CAP, 10_000);
    expect(silent.connections).toBe(CAP);
    await eventually("attempts after the first wave's timeouts", () => silent.connections > CAP, 10_000);

    await Promise.all(Array.from({ length: 20 }, (_, i) => produce(herald.services, org, { id: `ok${i}`, type: "ok.test" })));
    const started = Date.now();
    await receiver.waitFor(() => receiver.on("/healthy").length >= 20, 5_000);
    const healthyMs = Date.now() - started;

    // The silent receiver never reads, so it never sees a timed-out attempt's socket close;
    // each attempt opens a connection, though, and every one opened within the last
    // 0.8 s (less than the 1 s timeout) is still in flight.
    const samples: { at: number; connections: number }[] = [];
    for (const end = Date.now() + 4_000; Date.now() < end; await tick(5)) samples.push({ at: Date.now(), connections: silent.connections });
    let peakInFlight = 0;
    for (const s of samples) {
      const windowStart = samples.find((w) => w.at > s.at - 800)!;
      peakInFlight = Math.max(peakInFlight, s.connections - windowStart.connections);
    }
    expect(samples.at(-1)!.connections).toBeGreaterThan(samples[0]!.connections);
    expect(peakInFlight).toBeLessThanOrEqual(CAP / 4);
    expect(healthyMs).toBeLessThan(3_000);
  });
});
