import type { Services } from "../../src/app/services.ts";
import { createOrganization } from "../../src/domain/organizations.ts";
import { CreateOrganizationDocument } from "../generated/graphql.ts";
import { TEST_ADMIN_TOKEN } from "./env.ts";
import { GraphQLClient } from "./graphql-client.ts";

// The one place tests make organizations. Both ways run Herald's own createOrganization use
// case, so every test organization has its first API key, as a real one does.

export interface TestOrg {
  id: string;
  token: string;
  apiKeyId: string;
  /** Calls the API with the organization's first key. */
  client: GraphQLClient;
}

/** A Herald serving GraphQL: a control plane (its admin client) or the URL of its `/graphql`. */
export type OrgApi = { admin: GraphQLClient } | string;

/** An organization made through the API with the admin token, as an operator makes one. */
export async function createTestOrg(api: OrgApi, name = "Acme"): Promise<TestOrg> {
  const admin = typeof api === "string" ? new GraphQLClient(api, TEST_ADMIN_TOKEN) : api.admin;
  const { createOrganization } = await admin.request(CreateOrganizationDocument, { input: { name } });
  return {
    id: createOrganization.organization.id,
    token: createOrganization.token,
    apiKeyId: createOrganization.apiKey.id,
    client: admin.as(createOrganization.token),
  };
}

/** An organization made in-process, for tests of the delivery path that must not depend on the GraphQL layer: its id. */
export async function seedOrg(services: Services, name = "Acme"): Promise<string> {
  const { organization } = await createOrganization(services, { name });
  return organization.id;
}
