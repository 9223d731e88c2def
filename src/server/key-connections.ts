import { CloseCode } from "graphql-ws";
import type { WebSocket } from "ws";

/**
 * The open graphql-ws connections of each API key (or portal session, by its id), so that
 * revoking a key can end them: a connection authenticates once, and its subscriptions would
 * otherwise outlive the key.
 */
export class KeyConnections {
  private readonly byKey = new Map<string, Set<WebSocket>>();

  add(apiKeyId: string, socket: WebSocket): void {
    // Hung up while being authenticated: its close event has passed and would never untrack it.
    if (socket.readyState !== socket.OPEN) return;
    let sockets = this.byKey.get(apiKeyId);
    if (!sockets) this.byKey.set(apiKeyId, (sockets = new Set()));
    sockets.add(socket);
    socket.once("close", () => {
      sockets.delete(socket);
      if (sockets.size === 0 && this.byKey.get(apiKeyId) === sockets) this.byKey.delete(apiKeyId);
    });
  }

  /** The key's open connections. */
  count(apiKeyId: string): number {
    return this.byKey.get(apiKeyId)?.size ?? 0;
  }

  /** The keys with open connections. */
  keys(): string[] {
    return [...this.byKey.keys()];
  }

  /** Closes the key's connections with 4403, as a connection refused at the start would be. */
  revoke(apiKeyId: string): void {
    for (const socket of this.byKey.get(apiKeyId) ?? []) socket.close(CloseCode.Forbidden, "Forbidden");
  }
}

/**
 * Closes a portal session's connection with 4403 once the session expires, as a revoked key's
 * is: the connection authenticated once, and its subscriptions would otherwise outlive the link.
 */
export function closeAtExpiry(socket: WebSocket, expiresAt: Date): void {
  if (socket.readyState !== socket.OPEN) return;
  const timer = setTimeout(() => socket.close(CloseCode.Forbidden, "Forbidden"), Math.max(0, expiresAt.getTime() - Date.now()));
  timer.unref();
  socket.once("close", () => clearTimeout(timer));
}
