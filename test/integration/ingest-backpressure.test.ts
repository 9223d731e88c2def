import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningHerald } from "../../src/app/herald.ts";
import { EVENTS_STREAM, INGEST_ACK_WAIT_MS, INGEST_CONSUMER } from "../../src/nats/streams.ts";
import { createEndpoint, produce } from "../harness/fixtures.ts";
import { seedOrg } from "../harness/orgs.ts";
import { startSilentStack, type SilentStack } from "../harness/herald-stack.ts";
import type { RawReceiver } from "../harness/raw-receiver.ts";
import type { TestReceiver } from "../harness/receiver.ts";
import { eventually } from "../harness/wait.ts";

// A worker whose every slot is taken by attempts that hang longer than ingest's ack wait
// must not leave events it pulled waiting unseen meanwhile: their ack wait would run out,
// and JetStream would hand them out a second time.
const TIMEOUT_MS = INGEST_ACK_WAIT_MS + 1_500;
let stack: SilentStack;
let herald: RunningHerald;
let receiver: TestReceiver;
let silent: RawReceiver;

beforeAll(async () => {
  // Two requests in flight, four events held by ingest.
  stack = await startSilentStack({ DELIVERY_CONCURRENCY: "2", DELIVERY_TIMEOUT_MS: String(TIMEOUT_MS), RETRY_SCHEDULE: "3600" });
  ({ herald, receiver, silent } = stack);
});

afterAll(async () => {
  await stack?.stop();
});

describe("ingest back-pressure", () => {
  it("pulls only the events it has room for, so none outlives its ack wait while every slot hangs", { timeout: 60_000 }, async () => {
    const org = await seedOrg(herald.services);
    await createEndpoint(herald.services, org, { url: silent.url("/a"), eventTypes: ["hang.a"] });
    await createEndpoint(herald.services, org, { url: silent.url("/b"), eventTypes: ["hang.b"] });
    await createEndpoint(herald.services, org, { url: receiver.url("/healthy"), eventTypes: ["ok.test"] });
    await produce(herald.services, org, { id: "hang-a", type: "hang.a" });
    await produce(herald.services, org, { id: "hang-b", type: "hang.b" });
    await eventually("both request slots hanging", () => silent.connections === 2, 10_000);
    const n = 10;
    for (let i = 0; i < n; i++) await produce(herald.services, org, { id: `ok${i}`, type: "ok.test" });

    await receiver.waitFor(() => receiver.on("/healthy").length >= n, TIMEOUT_MS + 10_000);
    const info = await herald.services.nats.jsm.consumers.info(EVENTS_STREAM, INGEST_CONSUMER);
    expect(info.num_redelivered).toBe(0);
    const ids = receiver.on("/healthy").map((r) => r.headers["webhook-id"]);
    expect(new Set(ids).size).toBe(n);
    expect(ids).toHaveLength(n);
  });
});
