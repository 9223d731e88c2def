import { headers as natsHeaders } from "@nats-io/transport-node";
import { eventSubject } from "../../src/nats/streams.ts";
import type { Services } from "../../src/app/services.ts";

// For tests of the delivery path, which must not depend on the GraphQL layer: endpoints
// written straight to the table (the bench makes its own the same way) and events published
// straight to NATS.
export { createEndpoint } from "../../src/infra/endpoint-seed.ts";

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
