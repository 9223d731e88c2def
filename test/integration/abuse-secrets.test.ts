import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dumpDatabase, secretForms } from "../harness/secret-search.ts";
import { generateSecret } from "../../src/rules/secret-key.ts";
import {
  CreateApiKeyDocument,
  CreateEndpointDocument,
  DeliveriesDocument,
  DeliveryAttemptsDocument,
  EndpointSecretDocument,
  PublishEventDocument,
  RedeliverDocument,
  RevokeApiKeyDocument,
  RotateEndpointSecretDocument,
  SendTestEventDocument,
  UpdateEndpointDocument,
  ViewerDocument,
} from "../generated/graphql.ts";
import { startTestServers, type TestServers } from "../harness/env.ts";
import { LiveClient } from "../harness/graphql-client.ts";
import { createTestOrg } from "../harness/orgs.ts";
import { spawnHerald, type HeraldProcess } from "../harness/process.ts";
import { TestReceiver } from "../harness/receiver.ts";
import { eventually } from "../harness/wait.ts";

// SPEC §7, end to end: api and worker processes at LOG_LEVEL=trace go through a whole life
// (keys made and revoked, secrets chosen, generated, rotated and set, deliveries that succeed,
// fail and are redelivered, a live feed, refused calls). Afterwards neither the database
// nor any line either process wrote contains a signing secret or an API key.
let servers: TestServers;
let receiver: TestReceiver;
let api: HeraldProcess;
let worker: HeraldProcess;
const secrets: string[] = [];
const tokens: string[] = [];

beforeAll(async () => {
  servers = await startTestServers({ redis: true });
  receiver = await new TestReceiver().start();
  [api, worker] = await Promise.all([
    spawnHerald(servers, { HERALD_ROLE: "api", LOG_LEVEL: "trace" }),
    spawnHerald(servers, { HERALD_ROLE: "worker", LOG_LEVEL: "trace" }),
  ]);
});

afterAll(async () => {
  await Promise.all([api?.kill("SIGKILL"), worker?.kill("SIGKILL")]);
  await receiver?.stop();
  await servers?.stop();
});

describe("no secret at rest or in logs, across a whole run", () => {
  it("leaves no signing secret or API key in the database dump or the processes' logs", async () => {
    const url = `http://127.0.0.1:${api.port}/graphql`;
    const { token, client: org } = await createTestOrg(url, "Leaky?");
    tokens.push(token);
    const second = (await org.request(CreateApiKeyDocument, { input: { name: "to revoke" } })).createApiKey;
    tokens.push(second.token);
    await org.request(RevokeApiKeyDocument, { id: second.apiKey.id });
    await org.as(second.token).fail("UNAUTHENTICATED", ViewerDocument);
    await org.as(`${token}x`).fail("UNAUTHENTICATED", ViewerDocument);

    const chosen = generateSecret();
    secrets.push(chosen);
    receiver.respond("/flaky", (_r, i) => ({ status: i === 0 ? 500 : 200 }));
    const good = (await org.request(CreateEndpointDocument, { input: { url: receiver.url("/ok"), eventTypes: ["*"], secret: chosen } })).createEndpoint;
    const flaky = (await org.request(CreateEndpointDocument, { input: { url: receiver.url("/flaky"), eventTypes: ["*"] } })).createEndpoint;
    secrets.push((await org.request(EndpointSecretDocument, { endpointId: flaky.id })).endpointSecret.key);
    secrets.push((await org.request(RotateEndpointSecretDocument, { id: good.id })).rotateEndpointSecret.key);
    const setTo = generateSecret();
    secrets.push(setTo);
    await org.request(UpdateEndpointDocument, { id: good.id, input: { secret: setTo } });
    const refused = `whsec_${Buffer.alloc(80, 9).toString("base64")}`;
    secrets.push(refused);
    await org.fail("BAD_USER_INPUT", CreateEndpointDocument, { input: { url: receiver.url("/no"), eventTypes: ["*"], secret: refused } });
    const refusedOnUpdate = `whsec_${Buffer.alloc(80, 8).toString("base64")}`;
    secrets.push(refusedOnUpdate);
    await org.fail("BAD_USER_INPUT", UpdateEndpointDocument, { id: good.id, input: { secret: refusedOnUpdate } });

    const live = new LiveClient(url, token);
    const feed = live.subscribe(DeliveryAttemptsDocument, {});
    await new LiveClient(url, second.token).subscribe(DeliveryAttemptsDocument, {}).failure();
    for (let i = 0; i < 20; i++) await org.request(PublishEventDocument, { input: { id: `s${i}`, type: "secret.test", data: { i } } });
    await org.request(SendTestEventDocument, { endpointId: flaky.id, eventType: "secret.test" });
    await receiver.waitFor(() => receiver.on("/ok").length >= 20 && receiver.on("/flaky").length >= 22, 30_000);
    const { deliveries } = await org.request(DeliveriesDocument, { first: 1, endpointId: good.id });
    await org.request(RedeliverDocument, { deliveryId: deliveries.edges[0]!.node.id });
    await receiver.waitFor(() => receiver.on("/ok").length >= 21, 15_000);
    await feed.waitFor(40, 15_000);
    await live.close();
    // Let the last attempt-log writes and their log lines land.
    await eventually(
      "every delivery settled",
      async () => {
        const { deliveries: pending } = await org.request(DeliveriesDocument, { first: 1, status: "PENDING" });
        return pending.edges.length === 0;
      },
      15_000,
    );

    const { dump } = await dumpDatabase(servers.databaseUrl);
    const logs = api.output() + worker.output();
    expect(logs).toMatch(/herald listening/);
    const leaks: string[] = [];
    for (const [where, text] of [
      ["database", dump],
      ["logs", logs],
    ] as const) {
      for (const secret of secrets) for (const form of secretForms(secret)) if (text.includes(form)) leaks.push(`${where}: secret ${form.slice(0, 12)}…`);
      for (const token of tokens) if (text.includes(token) || text.includes(token.slice(3))) leaks.push(`${where}: token ${token.slice(0, 8)}…`);
    }
    console.log(
      `[abuse] secrets: ${secrets.length} signing secrets x 4 spellings and ${tokens.length} API keys searched in a ${Math.round(dump.length / 1024)} KiB database dump and ${logs.split("\n").length} log lines (trace) | leaks=${leaks.length}`,
    );
    expect(leaks).toEqual([]);
  });
});
