import type { PrismaClient } from "../db/client.ts";
import { newId } from "../rules/ids.ts";
import { newSecret } from "../domain/endpoint-secrets.ts";
import { insertEndpoint } from "../store/endpoints.ts";

// Shared by the bench and test/harness. Inserted through the endpoints' store rather than the
// createEndpoint use case, which would refuse the unregistered event types (`bench.t0`,
// `order.created`) the bench and the delivery tests subscribe to.

export interface EndpointSeed {
  url: string;
  eventTypes?: string[];
  status?: "ENABLED" | "DISABLED";
  retrySchedule?: number[];
  headers?: Record<string, string>;
  rateLimitPerSecond?: number;
}

/** An endpoint with one fresh signing secret; the plaintext secret is returned for the receiver to verify with. */
export async function createEndpoint(
  deps: { db: { prisma: PrismaClient }; config: { SECRETS_KEY: Buffer } },
  organizationId: string,
  opts: EndpointSeed,
): Promise<{ id: string; secret: string }> {
  const { row: secretRow, key: secret } = newSecret(deps.config.SECRETS_KEY, undefined, ["secret"]);
  const id = newId("ep");
  await insertEndpoint(
    deps.db.prisma,
    {
      id,
      organizationId,
      url: opts.url,
      eventTypes: opts.eventTypes ?? ["*"],
      status: opts.status ?? "ENABLED",
      retrySchedule: opts.retrySchedule ?? [],
      headers: opts.headers ?? {},
      rateLimitPerSecond: opts.rateLimitPerSecond ?? null,
    },
    secretRow,
  );
  return { id, secret };
}
