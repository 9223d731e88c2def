import { createHmac, createPublicKey, generateKeyPairSync, type KeyObject, timingSafeEqual, verify } from "node:crypto";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningHerald } from "../../src/app/herald.ts";
import { decryptSecret, generateSecret } from "../../src/rules/secret-key.ts";
import {
  Ed25519CreateEndpointDocument,
  type Ed25519EndpointSecretQuery,
  Ed25519EndpointSecretDocument,
  Ed25519PublishEventDocument,
  Ed25519RotateSecretDocument,
  Ed25519SetOrganizationWireFormatDocument,
  Ed25519UpdateEndpointDocument,
  type CreateEndpointInput,
} from "../generated/graphql.ts";
import { FANFARE_INPUT } from "../harness/contract-inputs.ts";
import type { GraphQLClient } from "../harness/graphql-client.ts";
import { startHeraldStack, type HeraldStack } from "../harness/herald-stack.ts";
import { createTestOrg } from "../harness/orgs.ts";
import type { ReceivedRequest, TestReceiver } from "../harness/receiver.ts";
import { dumpDatabase } from "../harness/secret-search.ts";

// Issue #19 part 4: an endpoint with signatureScheme ED25519 gets Standard Webhooks' asymmetric
// `v1a,` signatures. Its receiver verifies them with node:crypto from the `whpk_` public key
// alone; verifiers that only know HMAC refuse them as they refuse any unknown signature; a
// rotation signs with both keys through its grace period; and the private key exists only
// encrypted in the database and never leaves Herald. One stack for the file; each test's
// endpoints subscribe to their own pattern.
let stack: HeraldStack;
let herald: RunningHerald;
let receiver: TestReceiver;
let client: GraphQLClient;
let graphqlUrl: string;
/** Every API response that shows a key, and every whsk_ key a test gave: none may carry a private key in the clear. */
const shown: string[] = [];
const givenPrivateKeys: string[] = [];

beforeAll(async () => {
  stack = await startHeraldStack();
  ({ herald, receiver } = stack);
  graphqlUrl = `http://127.0.0.1:${herald.port}/graphql`;
  ({ client } = await createTestOrg(graphqlUrl, "Asymmetric"));
});

afterAll(async () => {
  await stack?.stop();
});

type Secret = Ed25519EndpointSecretQuery["endpointSecret"];

async function create(path: string, pattern: string, extra: Partial<CreateEndpointInput> = {}, api = client) {
  const input = { url: receiver.url(path), eventTypes: [`${pattern}.*`], signatureScheme: "ED25519" as const, ...extra };
  return (await api.request(Ed25519CreateEndpointDocument, { input })).createEndpoint;
}

async function secretOf(endpointId: string, api = client): Promise<Secret> {
  const { endpointSecret } = await api.request(Ed25519EndpointSecretDocument, { endpointId });
  shown.push(JSON.stringify(endpointSecret));
  return endpointSecret;
}

/** Publishes one event of `pattern` and returns the request `path` received for it. */
async function deliver(path: string, pattern: string, api = client): Promise<ReceivedRequest> {
  const before = receiver.on(path).length;
  await api.request(Ed25519PublishEventDocument, { input: { type: `${pattern}.sent`, data: { n: before } } });
  await receiver.waitFor(() => receiver.on(path).length > before);
  return receiver.on(path)[before]!;
}

/** What a receiver builds from `whpk_<base64>` and nothing else. */
function publicKeyOf(whpk: string): KeyObject {
  expect(whpk).toMatch(/^whpk_[A-Za-z0-9+/]{43}=$/);
  const x = Buffer.from(whpk.slice("whpk_".length), "base64").toString("base64url");
  return createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x }, format: "jwk" });
}

/** The receiver's check: the `v1a,` signatures in the header that verify over `id.timestamp.body` with `whpk`. */
function v1aVerifying(whpk: string, req: ReceivedRequest, names = "webhook", body = req.body): string[] {
  const content = Buffer.concat([Buffer.from(`${req.headers[`${names}-id`]}.${req.headers[`${names}-timestamp`]}.`), body]);
  const key = publicKeyOf(whpk);
  return String(req.headers[`${names}-signature`])
    .split(" ")
    .filter((s) => s.startsWith("v1a,") && verify(null, content, key, Buffer.from(s.slice("v1a,".length), "base64")));
}

/** A hand-written HMAC verifier, as receivers of `v1,` signatures write one: true when a `v1,` signature matches. */
function handHmacVerifies(whsec: string, req: ReceivedRequest): boolean {
  const key = Buffer.from(whsec.slice("whsec_".length), "base64");
  const expected = createHmac("sha256", key).update(`${req.headers["webhook-id"]}.${req.headers["webhook-timestamp"]}.`).update(req.body).digest();
  return String(req.headers["webhook-signature"])
    .split(" ")
    .some((s) => {
      const [version, sig] = s.split(",");
      const given = Buffer.from(sig ?? "", "base64");
      return version === "v1" && given.length === expected.length && timingSafeEqual(given, expected);
    });
}

const standardHeaders = (req: ReceivedRequest) => ({
  "webhook-id": String(req.headers["webhook-id"]),
  "webhook-timestamp": String(req.headers["webhook-timestamp"]),
  "webhook-signature": String(req.headers["webhook-signature"]),
});

/** A `whsk_` key made outside Herald: the 32-byte seed, and its public key as `whpk_`. */
function outsideKeyPair(): { whsk: string; whpk: string } {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const d = Buffer.from(privateKey.export({ format: "jwk" }).d!, "base64url");
  const x = Buffer.from(publicKey.export({ format: "jwk" }).x!, "base64url");
  const whsk = `whsk_${d.toString("base64")}`;
  givenPrivateKeys.push(whsk);
  return { whsk, whpk: `whpk_${x.toString("base64")}` };
}

describe("signatureScheme ED25519", () => {
  it("signs `v1a,` that a receiver verifies with node:crypto from the whpk_ key alone", async () => {
    const endpoint = await create("/basic", "basic");
    expect(endpoint).toMatchObject({ signatureScheme: "ED25519", wireFormat: null });
    const secret = await secretOf(endpoint.id);
    expect(secret).toMatchObject({ kind: "ED25519", expiresAt: null, inGrace: [] });

    const req = await deliver("/basic", "basic");
    expect(String(req.headers["webhook-signature"])).toMatch(/^v1a,[A-Za-z0-9+/]{86}==$/);
    expect(v1aVerifying(secret.key, req)).toHaveLength(1);
    expect(v1aVerifying(secret.key, req, "webhook", Buffer.concat([req.body, Buffer.from(" ")]))).toEqual([]);
  });

  it("is refused cleanly by HMAC-only verifiers: the standardwebhooks package and a hand HMAC check", async () => {
    const endpoint = await create("/hmac-only", "hmaconly");
    const { key } = await secretOf(endpoint.id);
    const req = await deliver("/hmac-only", "hmaconly");
    expect(() => new Webhook(generateSecret()).verify(req.body, standardHeaders(req))).toThrow(WebhookVerificationError);
    // Handed the whpk_ key as if it were a secret, the package refuses the key itself: still an error, not a pass.
    expect(() => new Webhook(key).verify(req.body, standardHeaders(req))).toThrow(/Base64/);
    expect(handHmacVerifies(generateSecret(), req)).toBe(false);
    // The same verifiers do accept an HMAC_SHA256 endpoint's delivery: the refusal is the scheme's.
    const hmac = await create("/hmac-ok", "hmacok", { signatureScheme: "HMAC_SHA256" });
    const { key: whsec } = await secretOf(hmac.id);
    const ok = await deliver("/hmac-ok", "hmacok");
    expect(() => new Webhook(whsec).verify(ok.body, standardHeaders(ok))).not.toThrow();
    expect(handHmacVerifies(whsec, ok)).toBe(true);
  });

  it("signs with both key pairs during a rotation's grace period, each verifying with its own public key", async () => {
    const endpoint = await create("/rotate", "rotate");
    const first = await secretOf(endpoint.id);
    const rotated = (await client.request(Ed25519RotateSecretDocument, { id: endpoint.id })).rotateEndpointSecret;
    shown.push(JSON.stringify(rotated));
    expect(rotated.key).toMatch(/^whpk_/);
    expect(rotated.key).not.toBe(first.key);
    const now = await secretOf(endpoint.id);
    expect(now).toMatchObject({ id: rotated.id, key: rotated.key, kind: "ED25519", inGrace: [{ id: first.id, key: first.key, kind: "ED25519" }] });

    const req = await deliver("/rotate", "rotate");
    const [older, newer, ...rest] = String(req.headers["webhook-signature"]).split(" ");
    expect(rest).toEqual([]);
    expect(v1aVerifying(first.key, req)).toEqual([older]);
    expect(v1aVerifying(rotated.key, req)).toEqual([newer]);

    // A key pair made elsewhere, brought in with no grace: only it signs from now on.
    const outside = outsideKeyPair();
    const imported = (await client.request(Ed25519RotateSecretDocument, { id: endpoint.id, secret: outside.whsk, graceSeconds: 0 })).rotateEndpointSecret;
    shown.push(JSON.stringify(imported));
    expect(imported.key).toBe(outside.whpk);
    const after = await deliver("/rotate", "rotate");
    expect(String(after.headers["webhook-signature"]).split(" ")).toHaveLength(1);
    expect(v1aVerifying(outside.whpk, after)).toHaveLength(1);
    expect(v1aVerifying(rotated.key, after)).toEqual([]);
  });

  it("works with the SVIX wire format: `svix-signature: v1a,…`", async () => {
    const endpoint = await create("/svix", "svix", { wireFormat: { preset: "SVIX" } });
    expect(endpoint).toMatchObject({ signatureScheme: "ED25519", wireFormat: { preset: "SVIX" } });
    const { key } = await secretOf(endpoint.id);
    const req = await deliver("/svix", "svix");
    expect(req.headers["webhook-signature"]).toBeUndefined();
    expect(String(req.headers["svix-signature"])).toMatch(/^v1a,/);
    expect(v1aVerifying(key, req, "svix")).toHaveLength(1);
  });

  it("takes a whsk_ key on create and refuses a whsec_ one, naming secret", async () => {
    const outside = outsideKeyPair();
    const endpoint = await create("/imported", "imported", { secret: outside.whsk });
    expect((await secretOf(endpoint.id)).key).toBe(outside.whpk);
    expect(v1aVerifying(outside.whpk, await deliver("/imported", "imported"))).toHaveLength(1);

    const input = { url: receiver.url("/refused"), eventTypes: ["refused.*"], signatureScheme: "ED25519" as const, secret: generateSecret() };
    const error = await client.fail("BAD_USER_INPUT", Ed25519CreateEndpointDocument, { input });
    expect(error.extensions?.issues).toEqual([{ path: ["input", "secret"], message: expect.stringContaining("whsk_") }]);
    expect(error.message).not.toContain(input.secret);
  });

  it("replaces the secrets at once with a fresh key of the new scheme when an update changes it", async () => {
    const endpoint = await create("/switch", "switch", { signatureScheme: "HMAC_SHA256" });
    await client.request(Ed25519RotateSecretDocument, { id: endpoint.id });
    const updated = (await client.request(Ed25519UpdateEndpointDocument, { id: endpoint.id, input: { signatureScheme: "ED25519" } })).updateEndpoint;
    expect(updated.signatureScheme).toBe("ED25519");
    const ed = await secretOf(endpoint.id);
    expect(ed).toMatchObject({ kind: "ED25519", inGrace: [] });
    const req = await deliver("/switch", "switch");
    expect(String(req.headers["webhook-signature"]).split(" ")).toHaveLength(1);
    expect(v1aVerifying(ed.key, req)).toHaveLength(1);

    // The same scheme again changes nothing; back to HMAC with a chosen secret signs `v1,` with it only.
    await client.request(Ed25519UpdateEndpointDocument, { id: endpoint.id, input: { signatureScheme: "ED25519", description: "same" } });
    expect((await secretOf(endpoint.id)).id).toBe(ed.id);
    const whsec = generateSecret();
    await client.request(Ed25519UpdateEndpointDocument, { id: endpoint.id, input: { signatureScheme: "HMAC_SHA256", secret: whsec } });
    expect(await secretOf(endpoint.id)).toMatchObject({ key: whsec, kind: "WHSEC", inGrace: [] });
    const back = await deliver("/switch", "switch");
    expect(String(back.headers["webhook-signature"])).toMatch(/^v1,[^ ]+$/);
    expect(() => new Webhook(whsec).verify(back.body, standardHeaders(back))).not.toThrow();
  });

  it("refuses ED25519 with HMAC_HEADERS on create and update, naming the field", async () => {
    const input = { url: receiver.url("/hmac-headers"), eventTypes: ["hh.*"], signatureScheme: "ED25519" as const, wireFormat: FANFARE_INPUT };
    const created = await client.fail("BAD_USER_INPUT", Ed25519CreateEndpointDocument, { input });
    expect(created.extensions?.issues).toEqual([{ path: ["input", "signatureScheme"], message: expect.stringContaining("STANDARD_WEBHOOKS and SVIX") }]);

    const endpoint = await create("/hmac-headers", "hh");
    const before = await secretOf(endpoint.id);
    const moved = await client.fail("BAD_USER_INPUT", Ed25519UpdateEndpointDocument, { id: endpoint.id, input: { wireFormat: FANFARE_INPUT } });
    expect(moved.extensions?.issues).toEqual([{ path: ["input", "wireFormat"], message: expect.stringContaining("HMAC_HEADERS") }]);
    const hmac = await create("/hmac-headers-hmac", "hhh", { signatureScheme: "HMAC_SHA256", wireFormat: FANFARE_INPUT });
    const switched = await client.fail("BAD_USER_INPUT", Ed25519UpdateEndpointDocument, { id: hmac.id, input: { signatureScheme: "ED25519" } });
    expect(switched.extensions?.issues).toEqual([{ path: ["input", "signatureScheme"], message: expect.stringContaining("HMAC_HEADERS") }]);
    expect(await secretOf(endpoint.id)).toEqual(before);
  });

  it("refuses an organization default of HMAC_HEADERS while an inheriting endpoint signs with ed25519", async () => {
    const org = await createTestOrg(graphqlUrl, "Inheritor");
    const inheriting = await create("/inherit", "inherit", {}, org.client);
    await create("/own-format", "own", { wireFormat: { preset: "STANDARD_WEBHOOKS" } }, org.client);
    const error = await org.client.fail("BAD_USER_INPUT", Ed25519SetOrganizationWireFormatDocument, { input: { wireFormat: FANFARE_INPUT } });
    expect(error.extensions?.issues).toEqual([{ path: ["input", "wireFormat"], message: expect.stringContaining(inheriting.id) }]);
    expect(error.message).toContain("ED25519");

    await org.client.request(Ed25519UpdateEndpointDocument, { id: inheriting.id, input: { wireFormat: { preset: "SVIX" } } });
    const set = (await org.client.request(Ed25519SetOrganizationWireFormatDocument, { input: { wireFormat: FANFARE_INPUT } })).updateOrganization;
    expect(set.wireFormat).toEqual({ preset: "HMAC_HEADERS" });
    // Now the default is HMAC_HEADERS: a new endpoint that inherits it cannot take ED25519.
    const refused = await org.client.fail("BAD_USER_INPUT", Ed25519CreateEndpointDocument, {
      input: { url: receiver.url("/late"), eventTypes: ["late.*"], signatureScheme: "ED25519" },
    });
    expect(refused.extensions?.issues).toEqual([{ path: ["input", "signatureScheme"], message: expect.stringContaining("HMAC_HEADERS") }]);
    expect(v1aVerifying((await secretOf(inheriting.id, org.client)).key, await deliver("/inherit", "inherit", org.client), "svix")).toHaveLength(1);
  });

  it("keeps every private key out of the database in the clear, the API's answers and the deliveries", async () => {
    const rows = await herald.services.db.prisma.endpointSecret.findMany({ where: { kind: "ED25519" }, select: { ciphertext: true } });
    expect(rows.length).toBeGreaterThanOrEqual(8);
    const seeds = rows.map((r) => decryptSecret(herald.services.config.SECRETS_KEY, Buffer.from(r.ciphertext)));
    const forms = [
      ...givenPrivateKeys,
      ...seeds.flatMap((seed) => [seed.toString("hex"), seed.toString("base64"), seed.toString("base64url"), `whsk_${seed.toString("base64")}`]),
    ];
    const { dump } = await dumpDatabase(stack.servers.databaseUrl);
    const api = shown.join("\n");
    const sent = receiver.requests.map((r) => `${JSON.stringify(r.headers)}${r.body.toString("utf8")}`).join("\n");
    expect(api).toContain("whpk_");
    for (const form of forms) {
      expect(dump.includes(form), `database contains ${form.slice(0, 8)}…`).toBe(false);
      expect(api.includes(form), `an API answer contains ${form.slice(0, 8)}…`).toBe(false);
      expect(sent.includes(form), `a delivery contains ${form.slice(0, 8)}…`).toBe(false);
    }
  });
});
