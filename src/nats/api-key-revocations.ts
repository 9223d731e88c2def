import type { NatsConnection } from "@nats-io/transport-node";
import type { Services } from "../services.ts";

// Plain NATS, as for endpoint changes: every api process holds a NATS connection, and Redis is
// optional. Core NATS is at-most-once, so a process disconnected at that moment misses the
// announcement; the api re-checks the key whenever a connection starts an operation.
export const API_KEY_REVOKED_SUBJECT = "herald.internal.api-key-revoked";

/** Tells every api process to close the live connections authenticated with this key. */
export function announceApiKeyRevoked(services: Pick<Services, "nats">, apiKeyId: string): void {
  services.nats.nc.publish(API_KEY_REVOKED_SUBJECT, apiKeyId);
}

export function onApiKeyRevoked(nc: NatsConnection, handler: (apiKeyId: string) => void): () => void {
  const sub = nc.subscribe(API_KEY_REVOKED_SUBJECT, { callback: (_err, msg) => handler(msg.string()) });
  return () => sub.unsubscribe();
}
