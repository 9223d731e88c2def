import { headers as natsHeaders } from "@nats-io/transport-node";
import type { PrismaClient } from "../../src/db/client.ts";
import { encryptSecret, generateSecret, parseSecret } from "../../src/rules/secret-key.ts";
import { newId } from "../../src/rules/ids.ts";
import { eventSubject } from "../../src/nats/streams.ts";
import type { Services } from "../../src/app/services.ts";

// Direct writes for tests of the delivery path, which must not depend on the GraphQL layer.

export async function createOrg(prisma: PrismaClient, name = "Acme"): Promise<string> {
  const org = await prisma.organization.create({ data: { id: newId("org"), name } });
  return org.id;
}

export async function createEndpoint(
  services: Services,
  organizationId: string,
  opts: {
    url: string;
    eventTypes?: string[];
    status?: "ENABLED" | "DISABLED";
    retrySchedule?: number[];
    headers?: Record<string, string>;
    rateLimitPerSecond?: number;
  },
): Promise<{ id: string; secret: string }> {
  const secret = generateSecret();
  const id = newId("ep");
  await services.db.prisma.endpoint.create({
    data: {
      id,
      organizationId,
      url: opts.url,
      eventTypes: opts.eventTypes ?? ["*"],
      status: opts.status ?? "ENABLED",
      retrySchedule: opts.retrySchedule ?? [],
      headers: opts.headers ?? {},
      rateLimitPerSecond: opts.rateLimitPerSecond ?? null,
      secrets: { create: { id: newId("sec"), ciphertext: new Uint8Array(encryptSecret(services.config.SECRETS_KEY, parseSecret(secret))) } },
    },
  });
  return { id, secret };
}

/** Publishes an envelope to NATS exactly as an external producer would. */
export async function produce(
  services: Services,
  organizationId: string,
  event: { id: string; type: string; data?: Record<string, unknown>; timestamp?: string },
): Promise<Buffer> {
  const body = Buffer.from(
    JSON.stringify({ id: event.id, type: event.type, timestamp: event.timestamp ?? new Date().toISOString(), organizationId, data: event.data ?? { n: 1 } }),
  );
  await services.nats.js.publish(eventSubject(organizationId, event.type), body, { msgID: `${organizationId}:${event.id}` });
  return body;
}

export async function produceRaw(services: Services, subject: string, body: Uint8Array): Promise<void> {
  const h = natsHeaders();
  await services.nats.js.publish(subject, body, { headers: h });
}
