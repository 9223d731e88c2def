import type { Services } from "../app/services.ts";
import { revokedApiKeyIds } from "../domain/api-keys.ts";
import { onApiKeyRevoked } from "../nats/api-key-revocations.ts";
import { onNatsReconnect } from "../nats/connection.ts";
import type { KeyConnections } from "./key-connections.ts";

export type KeyRevocationDeps = Pick<Services, "db" | "nats" | "log">;

/**
 * Ends a revoked key's graphql-ws connections, whether the revocation is announced or found
 * after a NATS outage. Returns the function that stops following.
 */
export function followKeyRevocations(deps: KeyRevocationDeps, keyConnections: KeyConnections): () => void {
  const stopRevocations = onApiKeyRevoked(deps.nats.nc, (apiKeyId) => keyConnections.revoke(apiKeyId));
  // Revocations announced while this process was cut off from NATS never reach it: once
  // back, it asks the database about the keys it has connections for.
  const stopCatchingUp = onNatsReconnect(deps.nats.nc, () => {
    revokedApiKeyIds(deps.db.prisma, keyConnections.keys()).then(
      (ids) => ids.forEach((id) => keyConnections.revoke(id)),
      (err: unknown) => deps.log.warn({ err: (err as Error).message }, "revoked keys not re-checked after the NATS reconnect"),
    );
  });
  return () => {
    stopRevocations();
    stopCatchingUp();
  };
}
