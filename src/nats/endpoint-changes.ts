import type { NatsConnection } from "@nats-io/transport-node";
import type { Services } from "../services.ts";

// Plain NATS (not Redis): every worker already holds a NATS connection, and Redis is optional.
export const ENDPOINT_CHANGED_SUBJECT = "herald.internal.endpoint-changed";

/** Tells every worker to drop its cached copy of the endpoint (settings, secrets, status). */
export function announceEndpointChange(services: Pick<Services, "nats">, endpointId: string): void {
  services.nats.nc.publish(ENDPOINT_CHANGED_SUBJECT, endpointId);
}

export function onEndpointChange(nc: NatsConnection, handler: (endpointId: string) => void): () => void {
  const sub = nc.subscribe(ENDPOINT_CHANGED_SUBJECT, { callback: (_err, msg) => handler(msg.string()) });
  return () => sub.unsubscribe();
}
