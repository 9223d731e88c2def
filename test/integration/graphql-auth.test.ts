import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ApiKeysDocument,
  CreateApiKeyDocument,
  CreateOrganizationDocument,
  EndpointsDocument,
  RevokeApiKeyDocument,
  ViewerDocument,
} from "../generated/graphql.ts";
import { createTestOrg, startControlPlane, type ControlPlane } from "../harness/control-plane.ts";

let cp: ControlPlane;

beforeAll(async () => {
  cp = await startControlPlane();
});

afterAll(async () => {
  await cp?.stop();
});

describe("organizations and API keys", () => {
  it("creates an organization with ADMIN_TOKEN and returns a working key once", async () => {
    const { createOrganization } = await cp.admin.request(CreateOrganizationDocument, { input: { name: "Acme Tickets" } });
    expect(createOrganization.organization).toMatchObject({ id: expect.stringMatching(/^org_[0-9A-HJKMNP-TV-Z]{26}$/), name: "Acme Tickets" });
    expect(createOrganization.apiKey.id).toMatch(/^key_/);
    expect(createOrganization.token).toMatch(/^sk_/);
    expect(createOrganization.token.startsWith(createOrganization.apiKey.prefix)).toBe(true);

    const viewer = await cp.anonymous.as(createOrganization.token).request(ViewerDocument);
    expect(viewer.viewer.organization).toEqual({ id: createOrganization.organization.id, name: "Acme Tickets" });
  });

  it("refuses createOrganization without ADMIN_TOKEN: anonymous is UNAUTHENTICATED, an API key FORBIDDEN", async () => {
    await cp.anonymous.fail("UNAUTHENTICATED", CreateOrganizationDocument, { input: { name: "x" } });
    await cp.anonymous.as("not-the-admin-token-at-all").fail("UNAUTHENTICATED", CreateOrganizationDocument, { input: { name: "x" } });
    const org = await createTestOrg(cp);
    await org.client.fail("FORBIDDEN", CreateOrganizationDocument, { input: { name: "x" } });
  });

  it("names the field of a bad organization name", async () => {
    const error = await cp.admin.fail("BAD_USER_INPUT", CreateOrganizationDocument, { input: { name: "   " } });
    expect(error.extensions?.issues).toEqual([{ path: ["input", "name"], message: expect.any(String) }]);
  });

  it("rejects missing, malformed and unknown tokens with UNAUTHENTICATED", async () => {
    const missing = await cp.anonymous.execute(ViewerDocument);
    expect(missing.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(missing.status).toBe(401);
    await cp.anonymous.as("sk_doesnotexist").fail("UNAUTHENTICATED", ViewerDocument);
    await cp.anonymous.as("garbage").fail("UNAUTHENTICATED", EndpointsDocument, {});
    // ADMIN_TOKEN is not an organization's key.
    await cp.admin.fail("UNAUTHENTICATED", ViewerDocument);
  });

  it("creates, lists and revokes keys; a revoked key stops working at once", async () => {
    const org = await createTestOrg(cp, "Keys Inc");
    const { createApiKey } = await org.client.request(CreateApiKeyDocument, { input: { name: "ci" } });
    expect(createApiKey.apiKey).toMatchObject({ name: "ci", revokedAt: null });
    const second = org.client.as(createApiKey.token);
    expect((await second.request(ViewerDocument)).viewer.organization.id).toBe(org.id);

    const { apiKeys } = await org.client.request(ApiKeysDocument, { first: 10 });
    // Newest first.
    expect(apiKeys.edges.map((e) => e.node.id)).toEqual([createApiKey.apiKey.id, org.apiKeyId]);

    const { revokeApiKey } = await org.client.request(RevokeApiKeyDocument, { id: createApiKey.apiKey.id });
    expect(revokeApiKey.revokedAt).not.toBeNull();
    await second.fail("UNAUTHENTICATED", ViewerDocument);
    // The other key is untouched.
    expect((await org.client.request(ViewerDocument)).viewer.organization.id).toBe(org.id);
  });

  it("pages through keys with cursors", async () => {
    const org = await createTestOrg(cp, "Pager");
    for (let i = 0; i < 4; i++) await org.client.request(CreateApiKeyDocument, { input: { name: `k${i}` } });
    const first = await org.client.request(ApiKeysDocument, { first: 2 });
    expect(first.apiKeys.edges.map((e) => e.node.name)).toEqual(["k3", "k2"]);
    expect(first.apiKeys.pageInfo.hasNextPage).toBe(true);
    const second = await org.client.request(ApiKeysDocument, { first: 2, after: first.apiKeys.pageInfo.endCursor });
    expect(second.apiKeys.edges.map((e) => e.node.name)).toEqual(["k1", "k0"]);
    const third = await org.client.request(ApiKeysDocument, { first: 2, after: second.apiKeys.pageInfo.endCursor });
    expect(third.apiKeys.edges.map((e) => e.node.name)).toEqual(["default"]);
    expect(third.apiKeys.pageInfo.hasNextPage).toBe(false);
  });

  it("answers NOT_FOUND when revoking another organization's key", async () => {
    const a = await createTestOrg(cp, "A");
    const b = await createTestOrg(cp, "B");
    await a.client.fail("NOT_FOUND", RevokeApiKeyDocument, { id: b.apiKeyId });
    expect((await b.client.request(ViewerDocument)).viewer.organization.id).toBe(b.id);
  });
});
