import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningHerald } from "../../src/app/herald.ts";
import { type ContractReceiver, compsReceiver, fanfareReceiver, svixReceiver, venueReceiver } from "../../src/infra/contract-receivers.ts";
import { VERSION } from "../../src/version.ts";
import {
  type ContractEndpointSecretQuery,
  ContractEndpointSecretDocument,
  type CreatePlatformEndpointMutation,
  CreatePlatformEndpointDocument,
  type CreateEndpointInput,
  PublishEventDocument,
  RotateEndpointSecretDocument,
  SetOrganizationContractDocument,
  type SetOrganizationContractMutation,
  type UpdateOrganizationInput,
} from "../generated/graphql.ts";
import { produce } from "../harness/fixtures.ts";
import { FANFARE_INPUT } from "../harness/contract-inputs.ts";
import { startHeraldStack, type HeraldStack } from "../harness/herald-stack.ts";
import { createTestOrg, type TestOrg } from "../harness/orgs.ts";
import type { ReceivedRequest, TestReceiver } from "../harness/receiver.ts";

// Issue #18's "Done when": for each of the four platform contracts, an endpoint made through
// GraphQL with that contract gets events published through NATS and through publishEvent, and
// the receiver its platform's customers wrote (src/infra/contract-receivers.ts, written from the
// issue's table alone) verifies every delivery, refuses a tampered body and a wrong secret, and
// sees the format's headers; then a rotation in each format. One stack for the whole file; the
// four contracts publish and wait side by side.

type Name = ContractReceiver["name"];

interface Contract {
  name: Name;
  receiver: ContractReceiver;
  /** Set through updateOrganization; the endpoint then gives no wireFormat of its own. */
  organizationDefault?: UpdateOrganizationInput;
  endpoint: Omit<CreateEndpointInput, "url" | "eventTypes" | "secret">;
  /** The contract as the endpoint shows it back (null: inherited). */
  shown: Omit<CreatePlatformEndpointMutation["createEndpoint"], "id" | "url">;
  /** A secret the platform's customers already hold; absent: Herald generates a `whsec_` one. */
  imported?: () => string;
  /** Headers of the format, besides the ones every delivery carries. */
  formatHeaders: string[];
  userAgent: string;
}

/** 32 printable characters that look like base64: a key that must be used as it is, never decoded. */
const importedSecret = (tag: string) => () => `${tag}_live_${randomBytes(18).toString("base64")}`;

const HMAC_UNSET = { timestampHeader: null, idHeader: null, eventTypeHeader: null, prefix: null, userAgent: null };
const NOT_HMAC = { signatureHeader: null, signedContent: null, encoding: null, ...HMAC_UNSET };
const INHERITED = { wireFormat: null, envelope: null, retryPolicy: null, retrySchedule: [] };

const CONTRACTS: Contract[] = [
  {
    name: "fanfare",
    receiver: fanfareReceiver,
    organizationDefault: { wireFormat: FANFARE_INPUT },
    endpoint: {},
    shown: INHERITED,
    imported: importedSecret("ff"),
    formatHeaders: ["x-fanfare-signature", "x-fanfare-timestamp", "x-fanfare-delivery-id", "x-fanfare-event-type"],
    userAgent: "Fanfare-Webhooks/1.0",
  },
  {
    name: "venue",
    receiver: venueReceiver,
    endpoint: {
      wireFormat: { preset: "HMAC_HEADERS", signatureHeader: "x-webhook-signature", signedContent: "BODY", encoding: "HEX" },
      envelope: { idField: "id", typeField: "event", dataField: "payload" },
      retryPolicy: { power: 1.5, baseSeconds: 1, maxAttempts: 41, jitterSeconds: 1 },
    },
    shown: {
      wireFormat: { preset: "HMAC_HEADERS", signatureHeader: "x-webhook-signature", signedContent: "BODY", encoding: "HEX", ...HMAC_UNSET },
      envelope: { idField: "id", typeField: "event", timestampField: null, dataField: "payload", organizationIdField: null },
      retryPolicy: { schedule: null, power: 1.5, baseSeconds: 1, maxAttempts: 41, jitterSeconds: 1 },
      retrySchedule: [],
    },
    imported: importedSecret("vn"),
    formatHeaders: ["x-webhook-signature"],
    userAgent: `Herald/${VERSION}`,
  },
  {
    name: "comps",
    receiver: compsReceiver,
    endpoint: {
      wireFormat: {
        preset: "HMAC_HEADERS",
        signatureHeader: "X-Comps-Signature",
        timestampHeader: "X-Comps-Timestamp",
        signedContent: "BODY",
        encoding: "HEX",
      },
      retryPolicy: { schedule: [60, 120, 240, 480, 960] },
    },
    shown: {
      wireFormat: {
        ...HMAC_UNSET,
        preset: "HMAC_HEADERS",
        signatureHeader: "x-comps-signature",
        timestampHeader: "x-comps-timestamp",
        signedContent: "BODY",
        encoding: "HEX",
      },
      envelope: null,
      retryPolicy: { schedule: [60, 120, 240, 480, 960], power: null, baseSeconds: null, maxAttempts: 6, jitterSeconds: null },
      retrySchedule: [60, 120, 240, 480, 960],
    },
    imported: importedSecret("cp"),
    formatHeaders: ["x-comps-signature", "x-comps-timestamp"],
    userAgent: `Herald/${VERSION}`,
  },
  {
    name: "svix",
    receiver: svixReceiver,
    endpoint: { wireFormat: { preset: "SVIX" } },
    shown: { ...INHERITED, wireFormat: { preset: "SVIX", ...NOT_HMAC } },
    formatHeaders: ["svix-id", "svix-timestamp", "svix-signature"],
    userAgent: `Herald/${VERSION}`,
  },
];

/** Set on every delivery, whatever the format: Herald's own, then what the HTTP client adds. */
const COMMON_HEADERS = [
  "content-type",
  "user-agent",
  "x-herald-event-type",
  "x-herald-delivery-id",
  "x-herald-attempt",
  "host",
  "content-length",
  "connection",
];

const TYPE = "order.paid";
const DATA = { total: "149.99", currency: "EUR", seats: [12, 13], buyer: "Zoë" };

interface Published {
  id: string;
  /** The envelope as Herald holds it: what NATS carried, or publishEvent's `payload`. */
  envelope: Buffer;
}

interface Setup {
  org: TestOrg;
  organization?: SetOrganizationContractMutation["updateOrganization"];
  endpoint: CreatePlatformEndpointMutation["createEndpoint"];
  /** The secret exactly as the customer holds it. */
  secret: string;
  secretAtStart: ContractEndpointSecretQuery["endpointSecret"];
  round1: Published[];
}

interface Rotation {
  secret: string;
  /** What rotateEndpointSecret answered. */
  key: string;
  view: ContractEndpointSecretQuery["endpointSecret"];
  round2: Published[];
}

let stack: HeraldStack;
let herald: RunningHerald;
let receiver: TestReceiver;
const setups = new Map<Name, Setup>();
const rotations = new Map<Name, Rotation>();

const pathOf = (name: Name) => `/${name}`;

async function publishBoth(org: TestOrg, name: Name, round: number): Promise<Published[]> {
  const natsId = `evt_${name}_nats_${round}`;
  const apiId = `evt_${name}_api_${round}`;
  const [natsBody, api] = await Promise.all([
    produce(herald.services, org.id, { id: natsId, type: TYPE, data: DATA }),
    org.client.request(PublishEventDocument, { input: { id: apiId, type: TYPE, data: DATA } }),
  ]);
  return [
    { id: natsId, envelope: natsBody },
    { id: apiId, envelope: Buffer.from(api.publishEvent.payload ?? "") },
  ];
}

/** The delivery of `published` at the contract's path: every body names its event under `id`. */
function deliveryOf(name: Name, published: Published): ReceivedRequest {
  const found = receiver.on(pathOf(name)).filter((r) => (JSON.parse(r.body.toString()) as { id: string }).id === published.id);
  expect(found, `deliveries of ${published.id}`).toHaveLength(1);
  return found[0]!;
}

async function waitForAll(rounds: Map<Name, Published[]>): Promise<void> {
  const ids = (name: Name) => new Set(receiver.on(pathOf(name)).map((r) => (JSON.parse(r.body.toString()) as { id: string }).id));
  await receiver.waitFor(() => [...rounds].every(([name, published]) => published.every((p) => ids(name).has(p.id))));
}

async function setUp(contract: Contract): Promise<Setup> {
  const org = await createTestOrg(`http://127.0.0.1:${herald.port}/graphql`, `Platform ${contract.name}`);
  const organization = contract.organizationDefault
    ? (await org.client.request(SetOrganizationContractDocument, { input: contract.organizationDefault })).updateOrganization
    : undefined;
  const imported = contract.imported?.();
  const input = { url: receiver.url(pathOf(contract.name)), eventTypes: ["*"], ...contract.endpoint, ...(imported && { secret: imported }) };
  const endpoint = (await org.client.request(CreatePlatformEndpointDocument, { input })).createEndpoint;
  const secretAtStart = (await org.client.request(ContractEndpointSecretDocument, { endpointId: endpoint.id })).endpointSecret;
  return { org, organization, endpoint, secret: imported ?? secretAtStart.key, secretAtStart, round1: await publishBoth(org, contract.name, 1) };
}

async function rotate(contract: Contract): Promise<Rotation> {
  const { org, endpoint } = setups.get(contract.name)!;
  const given = contract.imported?.();
  const rotated = (await org.client.request(RotateEndpointSecretDocument, { id: endpoint.id, graceSeconds: 3600, ...(given && { secret: given }) }))
    .rotateEndpointSecret;
  const view = (await org.client.request(ContractEndpointSecretDocument, { endpointId: endpoint.id })).endpointSecret;
  return { secret: given ?? rotated.key, key: rotated.key, view, round2: await publishBoth(org, contract.name, 2) };
}

beforeAll(async () => {
  stack = await startHeraldStack();
  ({ herald, receiver } = stack);
  const ready = await Promise.all(CONTRACTS.map(async (c) => [c.name, await setUp(c)] as const));
  for (const [name, setup] of ready) setups.set(name, setup);
  await waitForAll(new Map(ready.map(([name, s]) => [name, s.round1])));
});

afterAll(async () => {
  await stack?.stop();
});

const tamper = (body: Buffer) => {
  const changed = Buffer.from(body.toString().replace("149.99", "149.98"));
  expect(changed.equals(body)).toBe(false);
  return changed;
};

const MISMATCH = { ok: false, reason: expect.stringMatching(/signature/) };

describe.each(CONTRACTS)("the $name contract", (contract) => {
  const { name, receiver: customer } = contract;
  const setup = () => setups.get(name)!;
  const round1 = () => setup().round1.map((p) => ({ published: p, request: deliveryOf(name, p) }));

  it("keeps the contract and the secret it was given", () => {
    const { endpoint, organization, secretAtStart, secret } = setup();
    const { id: _id, url, ...shown } = endpoint;
    expect(url).toBe(receiver.url(pathOf(name)));
    expect(shown).toEqual(contract.shown);
    if (contract.organizationDefault) {
      expect(organization).toEqual({
        id: setup().org.id,
        wireFormat: {
          ...FANFARE_INPUT,
          signatureHeader: "x-fanfare-signature",
          timestampHeader: "x-fanfare-timestamp",
          idHeader: "x-fanfare-delivery-id",
          eventTypeHeader: "x-fanfare-event-type",
        },
        envelope: null,
        retryPolicy: null,
      });
    }
    if (contract.imported) {
      expect(secretAtStart).toMatchObject({ key: secret, kind: "RAW", expiresAt: null, inGrace: [] });
    } else {
      expect(secretAtStart).toMatchObject({ kind: "WHSEC", expiresAt: null, inGrace: [] });
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    }
  });

  it("delivers the event from NATS and the one from publishEvent, each verifying with the customer's secret", () => {
    const deliveries = round1();
    expect(deliveries).toHaveLength(2);
    for (const { published, request } of deliveries) {
      expect(customer.verify(request.headers, request.body, setup().secret), published.id).toEqual({ ok: true });
    }
  });

  it("sends exactly the format's headers, none of Standard Webhooks', and its user-agent", () => {
    for (const { published, request } of round1()) {
      expect(Object.keys(request.headers).sort(), published.id).toEqual([...contract.formatHeaders, ...COMMON_HEADERS].sort());
      expect(request.headers["user-agent"]).toBe(contract.userAgent);
      expect(request.headers["content-type"]).toBe("application/json");
      expect(request.headers["x-herald-event-type"]).toBe(TYPE);
      expect(request.headers["x-herald-attempt"]).toBe("1");
      const timestamp = request.headers["x-fanfare-timestamp"] ?? request.headers["x-comps-timestamp"] ?? request.headers["svix-timestamp"];
      if (timestamp !== undefined) expect(Math.abs(Number(timestamp) - request.receivedAt / 1000)).toBeLessThan(30);
    }
  });

  it("sends the body the contract names", () => {
    for (const { published, request } of round1()) {
      const envelope = JSON.parse(published.envelope.toString()) as Record<string, unknown>;
      const body = JSON.parse(request.body.toString()) as Record<string, unknown>;
      if (name === "venue") {
        expect(Object.keys(body)).toEqual(["id", "event", "payload"]);
        expect(body).toEqual({ id: published.id, event: TYPE, payload: DATA });
        expect(request.body.toString()).toBe(JSON.stringify(body));
        continue;
      }
      expect(request.body.equals(published.envelope), published.id).toBe(true);
      expect(Object.keys(body)).toEqual(["id", "type", "timestamp", "organizationId", "data"]);
      expect(body).toEqual({ id: published.id, type: TYPE, timestamp: envelope.timestamp, organizationId: setup().org.id, data: DATA });
      if (name === "fanfare") {
        expect(request.headers["x-fanfare-delivery-id"]).toBe(published.id);
        expect(request.headers["x-fanfare-event-type"]).toBe(TYPE);
      }
      if (name === "svix") expect(request.headers["svix-id"]).toBe(published.id);
    }
  });

  it("refuses a tampered body and a wrong secret", () => {
    const wrong = contract.imported ? contract.imported() : `whsec_${randomBytes(32).toString("base64")}`;
    for (const { published, request } of round1()) {
      expect(customer.verify(request.headers, tamper(request.body), setup().secret), published.id).toEqual(MISMATCH);
      expect(customer.verify(request.headers, request.body, wrong), published.id).toEqual(MISMATCH);
    }
  });
});

describe("after a rotation with an hour of grace", () => {
  beforeAll(async () => {
    const rotated = await Promise.all(CONTRACTS.map(async (c) => [c.name, await rotate(c)] as const));
    for (const [name, rotation] of rotated) rotations.set(name, rotation);
    await waitForAll(new Map(rotated.map(([name, r]) => [name, r.round2])));
  });

  describe.each(CONTRACTS)("the $name contract", (contract) => {
    const { name, receiver: customer } = contract;
    const single = contract.name !== "svix";

    it("lists the old secret in grace beside the new one", () => {
      const { view, secret, key } = rotations.get(name)!;
      const old = setups.get(name)!;
      const kind = contract.imported ? "RAW" : "WHSEC";
      expect(view).toMatchObject({ key: secret, kind, expiresAt: null });
      expect(key).toBe(secret);
      expect(secret).not.toBe(old.secret);
      expect(view.inGrace).toEqual([{ id: old.secretAtStart.id, key: old.secret, kind, expiresAt: expect.any(String) }]);
      const graceLeft = Date.parse(view.inGrace[0]!.expiresAt!) - Date.now();
      expect(graceLeft).toBeGreaterThan(3_500_000);
      expect(graceLeft).toBeLessThanOrEqual(3_600_000);
    });

    it(single ? "signs with the new secret only: the old one no longer verifies" : "signs with both secrets: two v1 signatures, each verifying", () => {
      const { round2, secret } = rotations.get(name)!;
      const old = setups.get(name)!.secret;
      for (const published of round2) {
        const request = deliveryOf(name, published);
        expect(customer.verify(request.headers, request.body, secret), published.id).toEqual({ ok: true });
        if (single) {
          expect(customer.verify(request.headers, request.body, old), published.id).toEqual(MISMATCH);
        } else {
          expect(String(request.headers["svix-signature"]).split(" ")).toEqual([expect.stringMatching(/^v1,/), expect.stringMatching(/^v1,/)]);
          expect(customer.verify(request.headers, request.body, old), published.id).toEqual({ ok: true });
        }
        expect(customer.verify(request.headers, tamper(request.body), secret), published.id).toEqual(MISMATCH);
      }
    });
  });
});
