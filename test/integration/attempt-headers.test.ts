import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_KEPT_RESPONSE_HEADER_CHARS, MAX_KEPT_RESPONSE_HEADERS, TRUNCATION_MARKER } from "../../src/rules/attempt-headers.ts";
import {
  StatsCreateEndpointDocument,
  StatsDeliveryHeadersDocument,
  StatsLiveAttemptHeadersDocument,
  type StatsAttemptHeadersFragment,
} from "../generated/graphql.ts";
import { createTestOrg, startControlPlane, type ControlPlane, type TestOrg } from "../harness/control-plane.ts";
import { produce } from "../harness/fixtures.ts";
import { LiveClient } from "../harness/graphql-client.ts";
import { TestReceiver, type ReceivedRequest } from "../harness/receiver.ts";
import { storeDelivery } from "../harness/seed.ts";
import { eventually } from "../harness/wait.ts";

// Issue #20: each attempt keeps the headers Herald sent and those the receiver answered with,
// through the real path: a first attempt made by ingest, then a retry by the delivery consumer.
let cp: ControlPlane;
let receiver: TestReceiver;
let org: TestOrg;

beforeAll(async () => {
  receiver = await new TestReceiver().start();
  cp = await startControlPlane({ HERALD_ROLE: "all", RETRY_SCHEDULE: "1" });
  org = await createTestOrg(cp, "Headers");
});

afterAll(async () => {
  await cp?.stop();
  await receiver?.stop();
});

const prisma = () => cp.herald.services.db.prisma;

async function endpointAt(path: string, headers?: Record<string, string>): Promise<string> {
  const { createEndpoint } = await org.client.request(StatsCreateEndpointDocument, { input: { url: receiver.url(path), eventTypes: ["*"], headers } });
  return createEndpoint.id;
}

async function settledAttempts(endpointId: string, eventId: string): Promise<StatsAttemptHeadersFragment[]> {
  const delivery = await eventually("delivery settled", () =>
    prisma().delivery.findFirst({ where: { endpointId, eventId, status: { in: ["SUCCEEDED", "FAILED"] } } }),
  );
  const res = await org.client.request(StatsDeliveryHeadersDocument, { id: delivery.id });
  return res.delivery.attempts.edges.map((e) => e.node).sort((a, b) => a.attemptNumber - b.attemptNumber);
}

/** Every header Herald says it sent is what the receiver got (Node adds host, content-length, connection). */
function expectSentAsStored(stored: StatsAttemptHeadersFragment["requestHeaders"], got: ReceivedRequest): void {
  expect(stored.length).toBeGreaterThan(0);
  for (const h of stored) expect(got.headers[h.name.toLowerCase()], h.name).toBe(h.value);
}

describe("attempt headers", () => {
  it("keeps what was sent and received on the first attempt (at ingest) and on its retry", async () => {
    const answers: { status: number; headers: Record<string, string> }[] = [
      { status: 503, headers: { "x-request-id": "first", "set-cookie": "a=1" } },
      { status: 200, headers: { "x-request-id": "second" } },
    ];
    receiver.respond("/h", (_req, i) => answers[Math.min(i, 1)]!);
    const ep = await endpointAt("/h", { "X-Tenant": "acme" });
    await produce(cp.herald.services, org.id, { id: "hdr_1", type: "order.created" });
    const [first, second] = await settledAttempts(ep, "hdr_1");
    expect([first?.trigger, second?.trigger]).toEqual(["INITIAL", "RETRY"]);
    const [got1, got2] = receiver.on("/h");

    expectSentAsStored(first!.requestHeaders, got1!);
    expectSentAsStored(second!.requestHeaders, got2!);
    const names = first!.requestHeaders.map((h) => h.name.toLowerCase());
    expect(names).toEqual(expect.arrayContaining(["webhook-id", "webhook-timestamp", "webhook-signature", "x-tenant"]));
    // Each attempt is signed anew: its own signature is the one stored.
    const signature = (a: StatsAttemptHeadersFragment) => a.requestHeaders.find((h) => h.name === "webhook-signature")?.value;
    expect(signature(first!)).toBe(got1!.headers["webhook-signature"]);
    expect(signature(second!)).toBe(got2!.headers["webhook-signature"]);

    expect(first!.responseHeaders).toEqual(
      expect.arrayContaining([
        { name: "x-request-id", value: "first" },
        { name: "set-cookie", value: "a=1" },
      ]),
    );
    expect(second!.responseHeaders).toEqual(expect.arrayContaining([{ name: "x-request-id", value: "second" }]));
  });

  it("bounds what a receiver can make Herald store, and marks the cut", async () => {
    const many = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`x-many-${i}`, `value-${i}`]));
    receiver.respond("/big", () => ({ status: 200, headers: { "x-huge": "h".repeat(6_000), ...many } }));
    const ep = await endpointAt("/big");
    await produce(cp.herald.services, org.id, { id: "hdr_big", type: "order.created" });
    const [attempt] = await settledAttempts(ep, "hdr_big");
    const kept = attempt!.responseHeaders;
    expect(kept.at(-1)?.name).toBe(TRUNCATION_MARKER);
    expect(kept.length).toBe(MAX_KEPT_RESPONSE_HEADERS + 1);
    expect(kept.some((h) => h.name === "x-huge")).toBe(false);
    expect(kept.slice(0, -1).reduce((n, h) => n + h.name.length + h.value.length, 0)).toBeLessThanOrEqual(MAX_KEPT_RESPONSE_HEADER_CHARS);
  });

  it("shows no headers for attempts recorded before headers were kept", async () => {
    const ep = await endpointAt("/old");
    const id = await storeDelivery(prisma(), org.id, ep, "hdr_old", "FAILED", 1);
    const res = await org.client.request(StatsDeliveryHeadersDocument, { id });
    expect(res.delivery.attempts.edges.map((e) => [e.node.requestHeaders, e.node.responseHeaders])).toEqual([[[], []]]);
  });

  it("loads the headers a live subscriber asks for (notices do not carry them)", async () => {
    receiver.respond("/live", () => ({ status: 200, headers: { "x-live": "yes" } }));
    const ep = await endpointAt("/live");
    const live = new LiveClient(`http://127.0.0.1:${cp.herald.port}/graphql`, org.token);
    const feed = live.subscribe(StatsLiveAttemptHeadersDocument, { endpointId: ep });
    try {
      await new Promise((r) => setTimeout(r, 300));
      await produce(cp.herald.services, org.id, { id: "hdr_live", type: "order.created" });
      const [notice] = await feed.waitFor(1);
      expect(notice!.deliveryAttempts.responseHeaders).toEqual(expect.arrayContaining([{ name: "x-live", value: "yes" }]));
      expect(notice!.deliveryAttempts.requestHeaders.some((h) => h.name === "webhook-signature")).toBe(true);
    } finally {
      await feed.close();
      await live.close();
    }
  });
});
