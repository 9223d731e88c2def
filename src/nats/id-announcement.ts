import type { NatsConnection } from "@nats-io/transport-node";

/**
 * A plain NATS subject that tells every process about one id per message (an endpoint that
 * changed, a key that was revoked). Plain NATS rather than Redis: every process holds a NATS
 * connection, and Redis is optional. It is at-most-once: a process cut off at that moment
 * misses the message, so each listener has its own way to catch up.
 */
export function idAnnouncement(subject: string) {
  return {
    announce(deps: { nats: { nc: Pick<NatsConnection, "publish"> } }, id: string): void {
      deps.nats.nc.publish(subject, id);
    },
    /** Calls `handler` with each announced id; returns the unsubscribe. */
    listen(nc: NatsConnection, handler: (id: string) => void): () => void {
      const sub = nc.subscribe(subject, { callback: (_err, msg) => handler(msg.string()) });
      return () => sub.unsubscribe();
    },
  };
}
