import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateApiKeyDocument, CreateEndpointDocument, DeliveryAttemptsDocument, PublishEventDocument, RevokeApiKeyDocument } from "../generated/graphql.ts";
import { LiveClient } from "../harness/graphql-client.ts";
import { startLiveStack, type LiveStack } from "../harness/live-stack.ts";
import { spawnHerald, type HeraldProcess } from "../harness/process.ts";
import { eventually } from "../harness/wait.ts";

// Revoking a key ends the live connections opened with it on every api process: the one in
// this test process (where the mutation runs) and a second one running as its own OS process.
let stack: LiveStack;
let otherApi: HeraldProcess;
const clients: LiveClient[] = [];

// graphql-ws does not acknowledge a subscription: wait until each api process counts its own.
const active = async () => [await stack.activeSubscriptions(), await otherApi.metric("herald_subscriptions_active")];
async function untilActive(expected: number[]) {
  await eventually(`active subscriptions here and there ${expected.join("/")}`, async () => (await active()).join("/") === expected.join("/"), 15_000);
}

function liveClient(port: number, token: string): LiveClient {
  const client = new LiveClient(`http://127.0.0.1:${port}/graphql`, token);
  clients.push(client);
  return client;
}

beforeAll(async () => {
  stack = await startLiveStack();
  otherApi = await spawnHerald(stack.servers, { HERALD_ROLE: "api" });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await otherApi?.kill("SIGTERM");
  await stack?.stop();
});

describe("revoking an API key", () => {
  it("closes its graphql-ws connections on every api process with 4403, and only those", async () => {
    const org = await stack.tenant("Revoked live");
    const { createEndpoint } = await org.client.request(CreateEndpointDocument, { input: { url: stack.receiver.url("/revoked"), eventTypes: ["*"] } });
    const { createApiKey } = await org.client.request(CreateApiKeyDocument, { input: { name: "dashboard" } });
    const revokedToken = createApiKey.token;

    const [here, there] = await active();
    const revokedHere = liveClient(stack.api.port, revokedToken).subscribe(DeliveryAttemptsDocument, { endpointId: createEndpoint.id });
    const revokedThere = liveClient(otherApi.port, revokedToken).subscribe(DeliveryAttemptsDocument, {});
    const keptHere = liveClient(stack.api.port, org.token).subscribe(DeliveryAttemptsDocument, {});
    const keptThere = liveClient(otherApi.port, org.token).subscribe(DeliveryAttemptsDocument, {});
    await untilActive([here! + 2, there! + 2]);

    const before = await org.client.request(PublishEventDocument, { input: { type: "order.created", data: {} } });
    for (const feed of [revokedHere, revokedThere, keptHere, keptThere]) await feed.waitFor(1);

    await org.client.request(RevokeApiKeyDocument, { id: createApiKey.apiKey.id });
    const revokedAt = Date.now();
    const after = await org.client.request(PublishEventDocument, { input: { type: "order.created", data: {} } });

    expect((await revokedHere.failure(2_000)).extensions?.closeCode).toBe(4403);
    expect((await revokedThere.failure(2_000)).extensions?.closeCode).toBe(4403);
    expect(Date.now() - revokedAt).toBeLessThan(2_000);
    // Each process has dropped the revoked key's subscription, and only that one.
    await untilActive([here! + 1, there! + 1]);
    for (const feed of [keptHere, keptThere]) {
      await feed.waitFor(2);
      expect(feed.received.map((r) => r.deliveryAttempts.eventId)).toEqual([before.publishEvent.id, after.publishEvent.id]);
      expect(feed.errors).toEqual([]);
    }
    await new Promise((r) => setTimeout(r, 300));
    for (const feed of [revokedHere, revokedThere]) {
      expect(feed.received.map((r) => r.deliveryAttempts.eventId)).toEqual([before.publishEvent.id]);
    }
  });

  it("closes a connection with 4403 when it subscribes after a revocation it was not told about", async () => {
    const org = await stack.tenant("Missed announcement");
    const { createApiKey } = await org.client.request(CreateApiKeyDocument, { input: { name: "dashboard" } });
    const [here, there] = await active();
    const client = liveClient(otherApi.port, createApiKey.token);
    const open = client.subscribe(DeliveryAttemptsDocument, {});
    await untilActive([here!, there! + 1]);

    // Straight in the database: no process hears of it, as when the announcement is lost.
    await stack.api.services.db.prisma.apiKey.update({ where: { id: createApiKey.apiKey.id }, data: { revokedAt: new Date() } });
    const late = client.subscribe(DeliveryAttemptsDocument, {});

    expect((await late.failure(2_000)).extensions?.closeCode).toBe(4403);
    expect((await open.failure(2_000)).extensions?.closeCode).toBe(4403);
    expect([...open.received, ...late.received]).toEqual([]);
  });
  it("closes with 4403 a connection whose key was revoked while its process was cut off from NATS, once it is back", async () => {
    const org = await stack.tenant("Revoked while cut off");
    const { createApiKey } = await org.client.request(CreateApiKeyDocument, { input: { name: "dashboard" } });
    const [here, there] = await active();
    const open = liveClient(otherApi.port, createApiKey.token).subscribe(DeliveryAttemptsDocument, {});
    const kept = liveClient(otherApi.port, org.token).subscribe(DeliveryAttemptsDocument, {});
    await untilActive([here!, there! + 2]);

    await stack.servers.nats.kill("SIGKILL");
    // No process can hear of it now, and the connection starts no new operation.
    await stack.api.services.db.prisma.apiKey.update({ where: { id: createApiKey.apiKey.id }, data: { revokedAt: new Date() } });
    await stack.servers.nats.start();

    expect((await open.failure(15_000)).extensions?.closeCode).toBe(4403);
    await untilActive([here!, there! + 1]);
    expect(kept.errors).toEqual([]);
  });
});
