import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_VALID_SECRETS } from "../../src/domain/secret-rotation.ts";
import type { RunningHerald } from "../../src/herald.ts";
import {
  CreateEndpointDocument,
  CreateOrganizationDocument,
  EndpointSecretDocument,
  PublishEventDocument,
  RotateEndpointSecretDocument,
  type RotateEndpointSecretMutation,
} from "../generated/graphql.ts";
import { TEST_ADMIN_TOKEN } from "../harness/env.ts";
import { GraphQLClient } from "../harness/graphql-client.ts";
import { startHeraldStack, type HeraldStack } from "../harness/herald-stack.ts";
import type { TestReceiver } from "../harness/receiver.ts";

// Issue 15 row 7: every rotation added a secret that signed through its grace period, with no
// cap: 400 rotations put 401 signatures (19 KB) in each attempt's header and receivers
// answered 431. Now at most MAX_VALID_SECRETS sign; a rotation past that ends the grace of
// the ones that would end soonest, and its payload names them.
let stack: HeraldStack;
let herald: RunningHerald;
let receiver: TestReceiver;
let client: GraphQLClient;

beforeAll(async () => {
  stack = await startHeraldStack();
  ({ herald, receiver } = stack);
  const admin = new GraphQLClient(`http://127.0.0.1:${herald.port}/graphql`, TEST_ADMIN_TOKEN);
  const { createOrganization } = await admin.request(CreateOrganizationDocument, { input: { name: "Rotator" } });
  client = admin.as(createOrganization.token);
});

afterAll(async () => {
  await stack?.stop();
});

type Rotation = RotateEndpointSecretMutation["rotateEndpointSecret"];
const rotate = async (id: string): Promise<Rotation> => (await client.request(RotateEndpointSecretDocument, { id })).rotateEndpointSecret;

describe("rotating an endpoint's signing secret", () => {
  it("keeps at most 3 secrets signing across 10 rotations, 6 of them concurrent, and reports each one cut short", async () => {
    const endpoint = (await client.request(CreateEndpointDocument, { input: { url: receiver.url("/signed"), eventTypes: ["*"] } })).createEndpoint;
    const first = (await client.request(EndpointSecretDocument, { endpointId: endpoint.id })).endpointSecret;
    const rotations: Rotation[] = [];
    for (let i = 0; i < 4; i++) rotations.push(await rotate(endpoint.id));
    rotations.push(...(await Promise.all(Array.from({ length: 6 }, () => rotate(endpoint.id)))));

    const keys = new Map([first, ...rotations].map((s) => [s.id, s.key]));
    expect(keys.size).toBe(11);
    const cut = rotations.flatMap((r) => r.expiredEarly);
    expect(new Set(cut.map((c) => c.id)).size).toBe(cut.length);
    expect(cut).toHaveLength(keys.size - MAX_VALID_SECRETS);
    for (const c of cut) expect(Date.parse(c.graceWasUntil)).toBeGreaterThan(Date.parse(c.expiredAt));
    // The first three rotations still had room: nothing was cut before the fourth.
    expect(rotations.slice(0, 2).map((r) => r.expiredEarly)).toEqual([[], []]);
    expect(rotations[2]!.expiredEarly.map((c) => c.id)).toEqual([first.id]);

    const signing = [...keys.keys()].filter((id) => !cut.some((c) => c.id === id));
    const stored = await herald.services.db.prisma.endpointSecret.findMany({ where: { endpointId: endpoint.id }, select: { id: true } });
    expect(stored.map((s) => s.id).sort()).toEqual(signing.sort());
    const current = (await client.request(EndpointSecretDocument, { endpointId: endpoint.id })).endpointSecret;
    expect(signing).toContain(current.id);

    await client.request(PublishEventDocument, { input: { id: "evt_after_rotations", type: "rotation.test", data: { n: 1 } } });
    await receiver.waitFor(() => receiver.on("/signed").length === 1);
    const { body, headers } = receiver.on("/signed")[0]!;
    const header = String(headers["webhook-signature"]);
    expect(header.split(" ")).toHaveLength(MAX_VALID_SECRETS);
    const received = { "webhook-id": String(headers["webhook-id"]), "webhook-timestamp": String(headers["webhook-timestamp"]), "webhook-signature": header };
    for (const id of signing) expect(() => new Webhook(keys.get(id)!).verify(body, received), id).not.toThrow();
    for (const { id } of cut) expect(() => new Webhook(keys.get(id)!).verify(body, received), id).toThrow(WebhookVerificationError);
  });

  it("refuses a grace period over 7 days or below zero with BAD_USER_INPUT naming graceSeconds", async () => {
    const endpoint = (await client.request(CreateEndpointDocument, { input: { url: receiver.url("/grace"), eventTypes: ["*"] } })).createEndpoint;
    for (const graceSeconds of [7 * 86_400 + 1, -1]) {
      const error = await client.fail("BAD_USER_INPUT", RotateEndpointSecretDocument, { id: endpoint.id, graceSeconds });
      expect(error.extensions?.issues).toEqual([{ path: ["graceSeconds"], message: expect.stringMatching(/7 days|negative/) }]);
    }
    const rotated = (await client.request(RotateEndpointSecretDocument, { id: endpoint.id, graceSeconds: 7 * 86_400 })).rotateEndpointSecret;
    expect(rotated.expiredEarly).toEqual([]);
  });
});
