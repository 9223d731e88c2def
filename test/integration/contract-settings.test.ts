import type { IncomingHttpHeaders } from "node:http";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningHerald } from "../../src/app/herald.ts";
import { venueReceiver } from "../../src/infra/contract-receivers.ts";
import {
  ContractEndpointDocument,
  ContractEndpointSecretDocument,
  ContractOrganizationDocument,
  CreateContractEndpointDocument,
  type CreateEndpointInput,
  type EndpointContractFieldsFragment,
  type EnvelopeMappingInput,
  PublishEventDocument,
  type RetryPolicyInput,
  UpdateContractEndpointDocument,
  UpdateOrganizationContractDocument,
  type WireFormatInput,
} from "../generated/graphql.ts";
import { FANFARE_INPUT } from "../harness/contract-inputs.ts";
import { startHeraldStack, type HeraldStack } from "../harness/herald-stack.ts";
import { createTestOrg, type TestOrg } from "../harness/orgs.ts";
import type { ReceivedRequest, TestReceiver } from "../harness/receiver.ts";
import { dumpDatabase } from "../harness/secret-search.ts";
import { eventually } from "../harness/wait.ts";

// Issue #18's control plane over GraphQL: the wire format, envelope mapping and retry policy an
// endpoint speaks, or the organization default it inherits; which inputs are refused (each
// naming its field, nothing stored); imported secrets; and that an organization's defaults
// reach the wire, also for endpoints workers had cached before the change.
let stack: HeraldStack;
let herald: RunningHerald;
let receiver: TestReceiver;
let graphqlUrl: string;

beforeAll(async () => {
  stack = await startHeraldStack();
  ({ herald, receiver } = stack);
  graphqlUrl = `http://127.0.0.1:${herald.port}/graphql`;
});

afterAll(async () => {
  await stack?.stop();
});

const VENUE_INPUT: WireFormatInput = { preset: "HMAC_HEADERS", signatureHeader: "X-Webhook-Signature", signedContent: "BODY", encoding: "HEX" };
const VENUE_ENVELOPE_INPUT: EnvelopeMappingInput = { idField: "id", typeField: "event", dataField: "payload" };
const VENUE_POLICY_INPUT: RetryPolicyInput = { power: 1.5, baseSeconds: 1, maxAttempts: 41, jitterSeconds: 1 };
const STANDARD: WireFormatInput = { preset: "STANDARD_WEBHOOKS" };
/** A secret the venue platform's customers already hold: imported as it is. */
const IMPORTED = "venue-customer-secret-0001";
const WHSEC = `whsec_${Buffer.alloc(32, 9).toString("base64")}`;

const NO_HMAC_FIELDS = {
  signatureHeader: null,
  timestampHeader: null,
  idHeader: null,
  eventTypeHeader: null,
  signedContent: null,
  encoding: null,
  prefix: null,
  userAgent: null,
};
const STANDARD_OUT = { preset: "STANDARD_WEBHOOKS", ...NO_HMAC_FIELDS };
const VENUE_OUT = { ...NO_HMAC_FIELDS, preset: "HMAC_HEADERS", signatureHeader: "x-webhook-signature", signedContent: "BODY", encoding: "HEX" };
const VENUE_ENVELOPE_OUT = { ...VENUE_ENVELOPE_INPUT, timestampField: null, organizationIdField: null };

type ContractSettings = Pick<CreateEndpointInput, "wireFormat" | "envelope" | "retryPolicy" | "retrySchedule" | "secret">;

async function endpointIn(org: TestOrg, path: string, settings: ContractSettings = {}): Promise<EndpointContractFieldsFragment> {
  const input = { url: receiver.url(path), eventTypes: ["*"], ...settings };
  return (await org.client.request(CreateContractEndpointDocument, { input })).createEndpoint;
}

async function secretOf(org: TestOrg, endpointId: string): Promise<string> {
  return (await org.client.request(ContractEndpointSecretDocument, { endpointId })).endpointSecret.key;
}

async function organizationOf(org: TestOrg) {
  return (await org.client.request(ContractOrganizationDocument)).viewer.organization;
}

async function publish(org: TestOrg, id: string): Promise<void> {
  await org.client.request(PublishEventDocument, { input: { id, type: "contract.check", data: { total: "12.50", currency: "EUR" } } });
}

/** The request for event `id` at `path`, whichever envelope its body is in. */
async function requestFor(path: string, id: string): Promise<ReceivedRequest> {
  const find = () => receiver.on(path).find((r) => (JSON.parse(r.body.toString()) as { id?: string }).id === id);
  await receiver.waitFor(() => find() !== undefined);
  return find()!;
}

function standardVerifies(secret: string, req: ReceivedRequest): boolean {
  const h = req.headers;
  const headers = {
    "webhook-id": String(h["webhook-id"]),
    "webhook-timestamp": String(h["webhook-timestamp"]),
    "webhook-signature": String(h["webhook-signature"]),
  };
  try {
    new StandardWebhook(secret).verify(req.body.toString(), headers);
    return true;
  } catch {
    return false;
  }
}

const headerNames = (h: IncomingHttpHeaders) => Object.keys(h).sort();

interface Refusal {
  name: string;
  settings: ContractSettings;
  /** The field at fault, below `input`. */
  path: string[];
  message: RegExp;
  /** Whether updateOrganization takes the settings too (it has no retrySchedule or secret). */
  organization: boolean;
}

const refusals: Refusal[] = [
  {
    name: "HMAC_HEADERS without signatureHeader",
    settings: { wireFormat: { preset: "HMAC_HEADERS", signedContent: "BODY", encoding: "HEX" } },
    path: ["wireFormat", "signatureHeader"],
    message: /required/,
    organization: true,
  },
  {
    name: "TIMESTAMP_DOT_BODY without timestampHeader",
    settings: { wireFormat: { preset: "HMAC_HEADERS", signatureHeader: "X-Sig", signedContent: "TIMESTAMP_DOT_BODY", encoding: "HEX" } },
    path: ["wireFormat", "timestampHeader"],
    message: /required when the signed content includes the timestamp/,
    organization: true,
  },
  {
    name: "a header name with a space",
    settings: { wireFormat: { ...VENUE_INPUT, signatureHeader: "X Signature" } },
    path: ["wireFormat", "signatureHeader"],
    message: /not a valid HTTP header name/,
    organization: true,
  },
  {
    name: "SVIX with a signatureHeader",
    settings: { wireFormat: { preset: "SVIX", signatureHeader: "x-signature" } },
    path: ["wireFormat", "signatureHeader"],
    message: /applies only to the HMAC_HEADERS preset/,
    organization: true,
  },
  {
    name: "an envelope without dataField",
    settings: { envelope: { idField: "id", typeField: "event" } },
    path: ["envelope", "dataField"],
    message: /required/,
    organization: true,
  },
  {
    name: 'an envelope field named "0abc"',
    settings: { envelope: { ...VENUE_ENVELOPE_INPUT, idField: "0abc" } },
    path: ["envelope", "idField"],
    message: /must start with a letter or _/,
    organization: true,
  },
  {
    name: "an envelope naming two fields alike",
    settings: { envelope: { idField: "id", typeField: "id", dataField: "payload" } },
    path: ["envelope", "typeField"],
    message: /same name as idField/,
    organization: true,
  },
  {
    name: "a retry policy with both schedule and power",
    settings: { retryPolicy: { schedule: [5, 10], power: 1.5 } },
    path: ["retryPolicy", "power"],
    message: /does not go with schedule/,
    organization: true,
  },
  {
    name: "power 5",
    settings: { retryPolicy: { ...VENUE_POLICY_INPUT, power: 5 } },
    path: ["retryPolicy", "power"],
    message: /from 0 to 4/,
    organization: true,
  },
  {
    name: "maxAttempts 52",
    settings: { retryPolicy: { ...VENUE_POLICY_INPUT, maxAttempts: 52 } },
    path: ["retryPolicy", "maxAttempts"],
    message: /from 1 to 51/,
    organization: true,
  },
  {
    name: "a schedule of 51 delays",
    settings: { retryPolicy: { schedule: Array.from({ length: 51 }, () => 1) } },
    path: ["retryPolicy", "schedule"],
    message: /at most 50 delays/,
    organization: true,
  },
  {
    name: "retryPolicy and retrySchedule together",
    settings: { retryPolicy: { schedule: [5] }, retrySchedule: [5] },
    path: ["retrySchedule"],
    message: /not both/,
    organization: false,
  },
  {
    name: "an imported secret of 15 characters under HMAC_HEADERS",
    settings: { wireFormat: VENUE_INPUT, secret: "fifteen-chars-x" },
    path: ["secret"],
    message: /16 to 256 characters, got 15/,
    organization: false,
  },
  {
    name: "an imported secret under STANDARD_WEBHOOKS",
    settings: { wireFormat: STANDARD, secret: IMPORTED },
    path: ["secret"],
    message: /only with the HMAC_HEADERS wire format/,
    organization: false,
  },
];

describe("contract settings refused", () => {
  let org: TestOrg;
  let existing: EndpointContractFieldsFragment;

  beforeAll(async () => {
    org = await createTestOrg(graphqlUrl, "Refused");
    existing = await endpointIn(org, "/refused");
  });

  const issue = (r: Refusal) => [{ path: ["input", ...r.path], message: expect.stringMatching(r.message) }];

  it.each(refusals)("createEndpoint: $name", async (r) => {
    const error = await org.client.fail("BAD_USER_INPUT", CreateContractEndpointDocument, {
      input: { url: receiver.url("/refused"), eventTypes: ["*"], ...r.settings },
    });
    expect(error.extensions?.issues).toEqual(issue(r));
  });

  it.each(refusals)("updateEndpoint: $name", async (r) => {
    const error = await org.client.fail("BAD_USER_INPUT", UpdateContractEndpointDocument, { id: existing.id, input: r.settings });
    expect(error.extensions?.issues).toEqual(issue(r));
  });

  it.each(refusals.filter((r) => r.organization))("updateOrganization: $name", async (r) => {
    const { wireFormat, envelope, retryPolicy } = r.settings;
    const error = await org.client.fail("BAD_USER_INPUT", UpdateOrganizationContractDocument, { input: { wireFormat, envelope, retryPolicy } });
    expect(error.extensions?.issues).toEqual(issue(r));
  });

  it("stored nothing for any of them", async () => {
    const prisma = herald.services.db.prisma;
    expect(await prisma.endpoint.count({ where: { organizationId: org.id } })).toBe(1);
    expect((await org.client.request(ContractEndpointDocument, { id: existing.id })).endpoint).toEqual(existing);
    expect(await prisma.endpointSecret.count({ where: { endpointId: existing.id } })).toBe(1);
    expect(await organizationOf(org)).toMatchObject({ wireFormat: STANDARD_OUT, envelope: null, retryPolicy: null });
  });
});

describe("an endpoint's own contract", () => {
  let org: TestOrg;

  beforeAll(async () => {
    org = await createTestOrg(graphqlUrl, "Round trip");
  });

  it("reads back as given, header names lowercase, and null puts each back to inherit", async () => {
    const created = await endpointIn(org, "/own", { wireFormat: FANFARE_INPUT, envelope: VENUE_ENVELOPE_INPUT, retryPolicy: VENUE_POLICY_INPUT });
    const expected = {
      id: created.id,
      wireFormat: {
        ...FANFARE_INPUT,
        signatureHeader: "x-fanfare-signature",
        timestampHeader: "x-fanfare-timestamp",
        idHeader: "x-fanfare-delivery-id",
        eventTypeHeader: "x-fanfare-event-type",
      },
      envelope: VENUE_ENVELOPE_OUT,
      retryPolicy: { schedule: null, ...VENUE_POLICY_INPUT },
      retrySchedule: [],
    };
    expect(created).toEqual(expected);
    expect((await org.client.request(ContractEndpointDocument, { id: created.id })).endpoint).toEqual(expected);

    const cleared = (
      await org.client.request(UpdateContractEndpointDocument, { id: created.id, input: { wireFormat: null, envelope: null, retryPolicy: null } })
    ).updateEndpoint;
    const inherits = { id: created.id, wireFormat: null, envelope: null, retryPolicy: null, retrySchedule: [] };
    expect(cleared).toEqual(inherits);
    expect((await org.client.request(ContractEndpointDocument, { id: created.id })).endpoint).toEqual(inherits);
  });

  it("reads a schedule back from retryPolicy and from the retrySchedule shorthand", async () => {
    const policy = await endpointIn(org, "/schedule", { retryPolicy: { schedule: [60, 120] } });
    expect(policy.retryPolicy).toEqual({ schedule: [60, 120], power: null, baseSeconds: null, jitterSeconds: null, maxAttempts: 3 });
    expect(policy.retrySchedule).toEqual([60, 120]);
    const shorthand = await endpointIn(org, "/shorthand", { retrySchedule: Array.from({ length: 50 }, () => 1) });
    expect(shorthand.retryPolicy).toMatchObject({ schedule: shorthand.retrySchedule, maxAttempts: 51 });
    const updated = (await org.client.request(UpdateContractEndpointDocument, { id: shorthand.id, input: { retryPolicy: VENUE_POLICY_INPUT } })).updateEndpoint;
    expect(updated).toMatchObject({ retryPolicy: { schedule: null, ...VENUE_POLICY_INPUT }, retrySchedule: [] });
  });
});

describe("an organization's defaults", () => {
  let org: TestOrg;

  beforeAll(async () => {
    org = await createTestOrg(graphqlUrl, "Defaults");
  });

  it("reach the wire for endpoints without their own, also ones workers cached before the change", async () => {
    const before = await endpointIn(org, "/defaults/before");
    receiver.respond("/defaults/failing", () => ({ status: 500, body: "down" }));
    const failing = await endpointIn(org, "/defaults/failing");
    await publish(org, "evt_defaults_1");
    const first = await requestFor("/defaults/before", "evt_defaults_1");
    expect(standardVerifies(await secretOf(org, before.id), first)).toBe(true);
    await requestFor("/defaults/failing", "evt_defaults_1");

    // Retry 1 of this policy waits exactly 600 s: nothing like the test default of 1 s.
    const retryPolicy = { power: 1.5, baseSeconds: 600, maxAttempts: 3, jitterSeconds: 0 };
    const updated = (
      await org.client.request(UpdateOrganizationContractDocument, { input: { wireFormat: VENUE_INPUT, envelope: VENUE_ENVELOPE_INPUT, retryPolicy } })
    ).updateOrganization;
    const defaults = { wireFormat: VENUE_OUT, envelope: VENUE_ENVELOPE_OUT, retryPolicy: { schedule: null, ...retryPolicy } };
    expect(updated).toMatchObject(defaults);
    expect(await organizationOf(org)).toMatchObject(defaults);
    expect((await org.client.request(ContractEndpointDocument, { id: before.id })).endpoint).toMatchObject({
      wireFormat: null,
      envelope: null,
      retryPolicy: null,
    });

    const after = await endpointIn(org, "/defaults/after");
    const own = await endpointIn(org, "/defaults/own", { wireFormat: STANDARD });
    await publish(org, "evt_defaults_2");
    for (const [path, endpoint] of [
      ["/defaults/before", before],
      ["/defaults/after", after],
    ] as const) {
      const req = await requestFor(path, "evt_defaults_2");
      expect(venueReceiver.verify(req.headers, req.body, await secretOf(org, endpoint.id)), path).toEqual({ ok: true });
      expect(req.headers["webhook-signature"], path).toBeUndefined();
      expect(JSON.parse(req.body.toString())).toEqual({ id: "evt_defaults_2", event: "contract.check", payload: { total: "12.50", currency: "EUR" } });
    }
    const ownReq = await requestFor("/defaults/own", "evt_defaults_2");
    expect(standardVerifies(await secretOf(org, own.id), ownReq)).toBe(true);
    expect(ownReq.headers["x-webhook-signature"]).toBeUndefined();
    expect(Object.keys(JSON.parse(ownReq.body.toString()))).toEqual(["id", "event", "payload"]);

    const failed = await requestFor("/defaults/failing", "evt_defaults_2");
    const delivery = await eventually("the failed attempt recorded", () =>
      herald.services.db.prisma.delivery.findFirst({
        where: { endpointId: failing.id, eventId: "evt_defaults_2", attemptCount: 1, nextAttemptAt: { not: null } },
      }),
    );
    const waitMs = delivery.nextAttemptAt!.getTime() - failed.receivedAt;
    expect(waitMs).toBeGreaterThanOrEqual(600_000);
    expect(waitMs).toBeLessThan(602_000);
  });

  it("back to null: Herald's defaults again, on the wire too", async () => {
    const endpoint = await endpointIn(org, "/defaults/reset");
    await org.client.request(UpdateOrganizationContractDocument, { input: { wireFormat: VENUE_INPUT, envelope: VENUE_ENVELOPE_INPUT } });
    await publish(org, "evt_reset_1");
    const mapped = await requestFor("/defaults/reset", "evt_reset_1");
    expect(venueReceiver.verify(mapped.headers, mapped.body, await secretOf(org, endpoint.id))).toEqual({ ok: true });

    const reset = (await org.client.request(UpdateOrganizationContractDocument, { input: { wireFormat: null, envelope: null, retryPolicy: null } }))
      .updateOrganization;
    expect(reset).toMatchObject({ wireFormat: STANDARD_OUT, envelope: null, retryPolicy: null });
    expect(await organizationOf(org)).toMatchObject({ wireFormat: STANDARD_OUT, envelope: null, retryPolicy: null });
    await publish(org, "evt_reset_2");
    const req = await requestFor("/defaults/reset", "evt_reset_2");
    expect(standardVerifies(await secretOf(org, endpoint.id), req)).toBe(true);
    expect(req.headers["x-webhook-signature"]).toBeUndefined();
    expect(JSON.parse(req.body.toString())).toMatchObject({ id: "evt_reset_2", type: "contract.check", organizationId: org.id });
  });
});

describe("imported secrets", () => {
  it("are shown exactly as given (kind RAW) and never stored in plaintext", async () => {
    const org = await createTestOrg(graphqlUrl, "Importer");
    const endpoint = await endpointIn(org, "/imported", { wireFormat: VENUE_INPUT, envelope: VENUE_ENVELOPE_INPUT, secret: IMPORTED });
    const secret = (await org.client.request(ContractEndpointSecretDocument, { endpointId: endpoint.id })).endpointSecret;
    expect(secret).toMatchObject({ key: IMPORTED, kind: "RAW", expiresAt: null, inGrace: [] });

    const { rows } = await herald.services.db.pool.query<{ ciphertext: Buffer }>("SELECT ciphertext FROM endpoint_secrets WHERE endpoint_id = $1", [
      endpoint.id,
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.ciphertext.includes(Buffer.from(IMPORTED))).toBe(false);
    const { dump } = await dumpDatabase(stack.servers.databaseUrl);
    for (const form of [IMPORTED, Buffer.from(IMPORTED).toString("hex"), Buffer.from(IMPORTED).toString("base64")]) expect(dump).not.toContain(form);

    await publish(org, "evt_imported");
    const req = await requestFor("/imported", "evt_imported");
    expect(venueReceiver.verify(req.headers, req.body, IMPORTED)).toEqual({ ok: true });
  });

  it("keep an endpoint on HMAC_HEADERS unless a whsec_ secret comes in the same update", async () => {
    const org = await createTestOrg(graphqlUrl, "Leaver");
    const endpoint = await endpointIn(org, "/leaver", { wireFormat: VENUE_INPUT, secret: IMPORTED });
    for (const wireFormat of [STANDARD, { preset: "SVIX" } as const, null]) {
      const error = await org.client.fail("BAD_USER_INPUT", UpdateContractEndpointDocument, { id: endpoint.id, input: { wireFormat } });
      expect(error.extensions?.issues, JSON.stringify(wireFormat)).toEqual([
        { path: ["input", "wireFormat"], message: expect.stringMatching(/imported secret/) },
      ]);
    }
    expect((await org.client.request(ContractEndpointDocument, { id: endpoint.id })).endpoint.wireFormat).toEqual(VENUE_OUT);
    expect((await org.client.request(ContractEndpointSecretDocument, { endpointId: endpoint.id })).endpointSecret).toMatchObject({
      key: IMPORTED,
      kind: "RAW",
    });

    const moved = (await org.client.request(UpdateContractEndpointDocument, { id: endpoint.id, input: { wireFormat: STANDARD, secret: WHSEC } }))
      .updateEndpoint;
    expect(moved.wireFormat).toEqual(STANDARD_OUT);
    expect((await org.client.request(ContractEndpointSecretDocument, { endpointId: endpoint.id })).endpointSecret).toMatchObject({
      key: WHSEC,
      kind: "WHSEC",
      inGrace: [],
    });
  });

  it("keep an organization's default on HMAC_HEADERS while an endpoint inheriting it signs with one", async () => {
    const org = await createTestOrg(graphqlUrl, "Inheritor");
    await org.client.request(UpdateOrganizationContractDocument, { input: { wireFormat: VENUE_INPUT, envelope: VENUE_ENVELOPE_INPUT } });
    const inheriting = await endpointIn(org, "/inheriting", { secret: IMPORTED });
    expect(inheriting.wireFormat).toBeNull();
    await endpointIn(org, "/inheriting-own", { wireFormat: STANDARD });

    for (const wireFormat of [STANDARD, null]) {
      const error = await org.client.fail("BAD_USER_INPUT", UpdateOrganizationContractDocument, { input: { wireFormat } });
      expect(error.extensions?.issues).toEqual([{ path: ["input", "wireFormat"], message: expect.stringContaining(inheriting.id) }]);
    }
    expect((await organizationOf(org)).wireFormat).toEqual(VENUE_OUT);
    await publish(org, "evt_inheriting");
    const req = await requestFor("/inheriting", "evt_inheriting");
    expect(venueReceiver.verify(req.headers, req.body, IMPORTED)).toEqual({ ok: true });

    // Another HMAC_HEADERS format still signs with the imported secret.
    const fanfare = (await org.client.request(UpdateOrganizationContractDocument, { input: { wireFormat: FANFARE_INPUT, envelope: null } })).updateOrganization;
    expect(fanfare.wireFormat.preset).toBe("HMAC_HEADERS");
    expect(fanfare.wireFormat.signatureHeader).toBe("x-fanfare-signature");
  });
});

describe("tenant isolation", () => {
  it("lets one organization neither read nor change another's contract", async () => {
    const a = await createTestOrg(graphqlUrl, "Tenant A");
    const b = await createTestOrg(graphqlUrl, "Tenant B");
    const own = await endpointIn(a, "/tenant/a-own", { wireFormat: FANFARE_INPUT, envelope: VENUE_ENVELOPE_INPUT, retryPolicy: VENUE_POLICY_INPUT });
    const inheriting = await endpointIn(a, "/tenant/a-inheriting");

    await b.client.fail("NOT_FOUND", ContractEndpointDocument, { id: own.id });
    await b.client.fail("NOT_FOUND", ContractEndpointSecretDocument, { endpointId: own.id });
    await b.client.fail("NOT_FOUND", UpdateContractEndpointDocument, { id: own.id, input: { wireFormat: null, envelope: null, retryPolicy: null } });
    await b.client.fail("NOT_FOUND", UpdateContractEndpointDocument, { id: inheriting.id, input: { wireFormat: VENUE_INPUT, secret: IMPORTED } });

    const changed = (await b.client.request(UpdateOrganizationContractDocument, { input: { wireFormat: VENUE_INPUT, envelope: VENUE_ENVELOPE_INPUT } }))
      .updateOrganization;
    expect(changed.id).toBe(b.id);
    expect(await organizationOf(b)).toMatchObject({ wireFormat: VENUE_OUT, envelope: VENUE_ENVELOPE_OUT });
    expect(await organizationOf(a)).toMatchObject({ id: a.id, wireFormat: STANDARD_OUT, envelope: null, retryPolicy: null });
    expect((await a.client.request(ContractEndpointDocument, { id: own.id })).endpoint).toEqual(own);
    expect((await a.client.request(ContractEndpointDocument, { id: inheriting.id })).endpoint).toEqual(inheriting);

    await publish(a, "evt_tenant_a");
    const req = await requestFor("/tenant/a-inheriting", "evt_tenant_a");
    expect(standardVerifies(await secretOf(a, inheriting.id), req)).toBe(true);
    expect(headerNames(req.headers)).not.toContain("x-webhook-signature");
  });
});
