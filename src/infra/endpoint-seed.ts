import type { PrismaClient } from "../db/client.ts";
import { newId } from "../rules/ids.ts";
import { newSecret } from "../domain/endpoint-secrets.ts";
import { jsonOrNull } from "../domain/endpoint-settings.ts";
import type { EnvelopeMapping } from "../rules/envelope-mapping.ts";
import type { Ordering } from "../rules/ordering.ts";
import type { PayloadFilter } from "../rules/payload-filter.ts";
import type { RetryPolicy } from "../rules/retry-policy.ts";
import { DEFAULT_WIRE_FORMAT, type WireFormat } from "../rules/wire-format.ts";
import { insertEndpoint } from "../store/endpoints.ts";

// Shared by the bench and test/harness. Inserted through the endpoints' store rather than the
// createEndpoint use case, which would refuse the unregistered event types (`bench.t0`,
// `order.created`) the bench and the delivery tests subscribe to.

export interface EndpointSeed {
  url: string;
  eventTypes?: string[];
  status?: "ENABLED" | "DISABLED";
  /** Shorthand for `retryPolicy: {schedule}`. */
  retrySchedule?: number[];
  retryPolicy?: RetryPolicy;
  wireFormat?: WireFormat;
  envelope?: EnvelopeMapping;
  /** A `whsec_` secret or, with HMAC_HEADERS, one imported as it is; generated when absent. */
  secret?: string;
  headers?: Record<string, string>;
  rateLimitPerSecond?: number;
  /** Stored as given: the caller passes a filter parsePayloadFilter takes. */
  filter?: PayloadFilter;
  ordering?: Ordering;
}

/** An endpoint with one fresh signing secret; the plaintext secret is returned for the receiver to verify with. */
export async function createEndpoint(
  deps: { db: { prisma: PrismaClient }; config: { SECRETS_KEY: Buffer } },
  organizationId: string,
  opts: EndpointSeed,
): Promise<{ id: string; secret: string }> {
  const { row: secretRow, key: secret } = newSecret(deps.config.SECRETS_KEY, opts.secret, ["secret"], opts.wireFormat ?? DEFAULT_WIRE_FORMAT);
  const retryPolicy = opts.retryPolicy ?? (opts.retrySchedule?.length ? { schedule: opts.retrySchedule } : null);
  const id = newId("ep");
  await insertEndpoint(
    deps.db.prisma,
    {
      id,
      organizationId,
      url: opts.url,
      eventTypes: opts.eventTypes ?? ["*"],
      status: opts.status ?? "ENABLED",
      retryPolicy: jsonOrNull(retryPolicy),
      wireFormat: jsonOrNull(opts.wireFormat),
      envelope: jsonOrNull(opts.envelope),
      headers: opts.headers ?? {},
      rateLimitPerSecond: opts.rateLimitPerSecond ?? null,
      filter: jsonOrNull(opts.filter),
      ordering: jsonOrNull(opts.ordering),
    },
    secretRow,
  );
  return { id, secret };
}
