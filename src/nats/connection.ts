import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection, type QueuedIterator, type Status } from "@nats-io/transport-node";
import type { Logger } from "../log.ts";
import { AckedPublisher } from "./acked-publisher.ts";

export interface Nats {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** JetStream publishes with their PubAcks awaited together (delivery jobs). */
  publisher: AckedPublisher;
  close(): Promise<void>;
}

/** Calls `handler` each time the connection is back after it was lost; returns the stop. */
export function onNatsReconnect(nc: NatsConnection, handler: () => void): () => void {
  const status = nc.status() as QueuedIterator<Status>;
  void (async () => {
    for await (const s of status) if (s.type === "reconnect") handler();
  })();
  return () => status.stop();
}

export async function connectNats(url: string, log: Logger, name = "herald"): Promise<Nats> {
  const nc = await connect({
    servers: url.split(",").map((s) => s.trim()),
    name,
    // Never give up: an outage of nats-server must heal by itself once it is back.
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    pingInterval: 5_000,
    maxPingOut: 2,
    // Otherwise every request (each JetStream publish) builds an Error for its stack trace.
    noAsyncTraces: true,
  });
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === "disconnect" || s.type === "reconnect") log.warn({ nats: s.type }, "nats connection %s", s.type);
    }
  })();
  // No API check here: JetStream may still be electing; provisioning waits for it (untilJetStreamAnswers).
  const jsm = await jetstreamManager(nc, { checkAPI: false });
  const publisher = new AckedPublisher(nc);
  return {
    nc,
    js: jetstream(nc),
    jsm,
    publisher,
    async close() {
      publisher.close();
      if (!nc.isClosed()) await nc.drain().catch(() => nc.close());
    },
  };
}
