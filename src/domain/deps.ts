import type { Config } from "../config/env.ts";
import type { Database } from "../db/client.ts";
import type { announceApiKeyRevoked } from "../nats/api-key-revocations.ts";
import type { announceEndpointChange } from "../nats/endpoint-changes.ts";
import type { announceOrganizationChange } from "../nats/organization-changes.ts";

// The narrow slices of the process's connections that control-plane use cases take. Each is
// a structural part of app/services.ts's Services, so callers may pass the whole bundle.

export interface DbDeps {
  db: Pick<Database, "prisma">;
}

export interface SecretsKeyDeps {
  config: Pick<Config, "SECRETS_KEY">;
}

/** What telling the workers that an endpoint changed takes. */
export type EndpointChangeDeps = Parameters<typeof announceEndpointChange>[0];

/** What telling the workers that an organization's defaults changed takes. */
export type OrganizationChangeDeps = Parameters<typeof announceOrganizationChange>[0];

/** What telling the api processes that a key was revoked takes. */
export type KeyRevocationDeps = Parameters<typeof announceApiKeyRevoked>[0];
