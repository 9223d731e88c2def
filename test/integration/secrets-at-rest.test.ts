import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dumpDatabase, secretForms } from "../harness/secret-search.ts";
import { generateSecret } from "../../src/rules/secret-key.ts";
import {
  CreateApiKeyDocument,
  CreateEndpointDocument,
  EndpointSecretDocument,
  RotateEndpointSecretDocument,
  UpdateEndpointDocument,
} from "../generated/graphql.ts";
import { createTestOrg, startControlPlane, type ControlPlane } from "../harness/control-plane.ts";

// SPEC §7: signing secrets are stored only encrypted, API keys only hashed, and neither
// reaches the logs, whatever the log level.
let cp: ControlPlane;
const logLines: string[] = [];
const secrets: string[] = [];
const tokens: string[] = [];

beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString("utf8"));
      done();
    },
  });
  cp = await startControlPlane({}, sink);
  const org = await createTestOrg(cp, "Secretive");
  tokens.push(org.token);
  tokens.push((await org.client.request(CreateApiKeyDocument, { input: { name: "second" } })).createApiKey.token);

  const chosen = generateSecret();
  secrets.push(chosen);
  const first = await org.client.request(CreateEndpointDocument, { input: { url: "http://127.0.0.1:9/a", eventTypes: ["*"], secret: chosen } });
  const second = await org.client.request(CreateEndpointDocument, { input: { url: "http://127.0.0.1:9/b", eventTypes: ["*"] } });
  secrets.push((await org.client.request(EndpointSecretDocument, { endpointId: second.createEndpoint.id })).endpointSecret.key);
  secrets.push((await org.client.request(RotateEndpointSecretDocument, { id: first.createEndpoint.id })).rotateEndpointSecret.key);
  const rotatedTo = generateSecret();
  await org.client.request(RotateEndpointSecretDocument, { id: second.createEndpoint.id, secret: rotatedTo, graceSeconds: 0 });
  secrets.push(rotatedTo);
  await org.client.request(UpdateEndpointDocument, { id: first.createEndpoint.id, input: { description: "touched" } });
  const third = await org.client.request(CreateEndpointDocument, { input: { url: "http://127.0.0.1:9/d", eventTypes: ["*"] } });
  const setTo = generateSecret();
  await org.client.request(UpdateEndpointDocument, { id: third.createEndpoint.id, input: { secret: setTo } });
  secrets.push(setTo);
  // A refused secret must not be logged either.
  const refused = `whsec_${Buffer.alloc(80, 3).toString("base64")}`;
  await org.client.execute(CreateEndpointDocument, { input: { url: "http://127.0.0.1:9/c", eventTypes: ["*"], secret: refused } });
  secrets.push(refused);
  const refusedOnUpdate = `whsec_${Buffer.alloc(80, 4).toString("base64")}`;
  await org.client.execute(UpdateEndpointDocument, { id: third.createEndpoint.id, input: { secret: refusedOnUpdate } });
  secrets.push(refusedOnUpdate);
});

afterAll(async () => {
  await cp?.stop();
});

describe("secrets at rest and in logs", () => {
  it("stores signing secrets only encrypted and API keys only hashed", async () => {
    expect(secrets).toHaveLength(7);
    const { tables, dump } = await dumpDatabase(cp.servers.databaseUrl);
    expect(tables).toEqual(expect.arrayContaining(["endpoint_secrets", "endpoints", "api_keys"]));
    expect(await cp.herald.services.db.prisma.endpointSecret.count()).toBe(5);
    for (const secret of secrets) {
      for (const form of secretForms(secret)) expect(dump.includes(form), `database contains ${form.slice(0, 12)}…`).toBe(false);
    }
    for (const token of tokens) {
      expect(dump.includes(token)).toBe(false);
      expect(dump.includes(token.slice(3))).toBe(false);
    }
  });

  it("never writes a secret or token to the log", async () => {
    expect(logLines.length).toBeGreaterThan(0);
    const log = logLines.join("");
    for (const secret of secrets) {
      for (const form of secretForms(secret)) expect(log.includes(form), `log contains ${form.slice(0, 12)}…`).toBe(false);
    }
    for (const token of tokens) expect(log.includes(token)).toBe(false);
  });
});
