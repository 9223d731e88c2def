import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newSecret } from "../../src/domain/endpoint-secrets.ts";
import { MAX_VALID_SECRETS } from "../../src/rules/secret-rotation.ts";
import { DEFAULT_WIRE_FORMAT } from "../../src/rules/wire-format.ts";
import type { RunningHerald } from "../../src/app/herald.ts";
import {
  CreateEndpointDocument,
  EndpointSecretDocument,
  PublishEventDocument,
  RotateEndpointSecretDocument,
  type RotateEndpointSecretMutation,
} from "../generated/graphql.ts";
import type { GraphQLClient } from "../harness/graphql-client.ts";
import { startHeraldStack, type HeraldStack } from "../harness/herald-stack.ts";
import { createTestOrg } from "../harness/orgs.ts";
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
  ({ client } = await createTestOrg(`http://127.0.0.1:${herald.port}/graphql`, "Rotator"));
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

  it("signs with the 3 latest secrets only on an endpoint left with 10 by rotations before the cap", async () => {
    const endpoint = (await client.request(CreateEndpointDocument, { input: { url: receiver.url("/legacy"), eventTypes: ["*"] } })).createEndpoint;
    const current = (await client.request(EndpointSecretDocument, { endpointId: endpoint.id })).endpointSecret;
    const prisma = herald.services.db.prisma;
    const older: { key: string; expiresAt: Date }[] = [];
    for (let i = 0; i < 9; i++) {
      const { row, key } = newSecret(herald.services.config.SECRETS_KEY, undefined, ["secret"], DEFAULT_WIRE_FORMAT);
      const expiresAt = new Date(Date.now() + (i + 1) * 3_600_000);
      await prisma.endpointSecret.create({ data: { ...row, endpointId: endpoint.id, expiresAt } });
      older.push({ key, expiresAt });
    }
    await client.request(PublishEventDocument, { input: { id: "evt_legacy_secrets", type: "rotation.test", data: { n: 2 } } });
    await receiver.waitFor(() => receiver.on("/legacy").length === 1);
    const { body, headers } = receiver.on("/legacy")[0]!;
    const header = String(headers["webhook-signature"]);
    expect(header.split(" ")).toHaveLength(MAX_VALID_SECRETS);
    const received = { "webhook-id": String(headers["webhook-id"]), "webhook-timestamp": String(headers["webhook-timestamp"]), "webhook-signature": header };
    // The current secret and the two whose grace runs longest sign; the other seven do not.
    const latest = older.slice(-2).map((s) => s.key);
    for (const key of [current.key, ...latest]) expect(() => new Webhook(key).verify(body, received)).not.toThrow();
    for (const { key } of older.slice(0, -2)) expect(() => new Webhook(key).verify(body, received)).toThrow(WebhookVerificationError);
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
