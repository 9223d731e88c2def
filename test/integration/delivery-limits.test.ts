import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningHerald } from "../../src/app/herald.ts";
import { createEndpoint, produce } from "../harness/fixtures.ts";
import { seedOrg } from "../harness/orgs.ts";
import { startHeraldStack, type HeraldStack } from "../harness/herald-stack.ts";
import type { TestReceiver } from "../harness/receiver.ts";
import { eventually } from "../harness/wait.ts";

let stack: HeraldStack;
let herald: RunningHerald;
let receiver: TestReceiver;

beforeAll(async () => {
  stack = await startHeraldStack({ ALLOW_INSECURE_ENDPOINTS: "false", DELIVERY_TIMEOUT_MS: "1000", ENDPOINT_MAX_IN_FLIGHT: "4" });
  ({ herald, receiver } = stack);
});

afterAll(async () => {
  await stack?.stop();
});

const prisma = () => herald.services.db.prisma;

describe("delivery-time limits", () => {
  it("refuses at delivery time an endpoint whose address is loopback, without retrying", async () => {
    const org = await seedOrg(herald.services);
    // Written straight to the database: the URL rules at creation are the control plane's
    // job; this checks the second line of defence, at connect time.
    const targets = [`https://localhost:${receiver.port}/x`, `https://[::ffff:127.0.0.1]:${receiver.port}/x`, `https://127.0.0.1:${receiver.port}/x`];
    const endpoints = [];
    for (const url of targets) endpoints.push(await createEndpoint(herald.services, org, { url }));
    await produce(herald.services, org, { id: "evt_ssrf", type: "a.b" });
    for (const ep of endpoints) {
      const d = await eventually("failed", () => prisma().delivery.findFirst({ where: { endpointId: ep.id, status: "FAILED" }, include: { attempts: true } }));
      expect(d.attempts).toHaveLength(1);
      expect(d.attempts[0]!.error).toBe("BLOCKED_ADDRESS");
    }
    expect(receiver.requests).toHaveLength(0);
  });
});
