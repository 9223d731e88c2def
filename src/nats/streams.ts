import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiError,
  RetentionPolicy,
  type ConsumerConfig,
  type JetStreamManager,
  type StreamConfig,
} from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import type { Logger } from "../log.ts";
import { planStreamUpdate, type StreamPlacement } from "./stream-plan.ts";

// Names here are part of Herald's public interface (SPEC §5): producers publish to
// `events.<organizationId>.<type>` and operators watch `herald.alert`.

export const EVENTS_STREAM = "EVENTS";
export const DELIVERIES_STREAM = "DELIVERIES";
export const ALERTS_STREAM = "ALERTS";
export const INGEST_CONSUMER = "herald-ingest";
export const DELIVERY_CONSUMER = "herald-delivery";
export const ALERT_SUBJECT = "herald.alert";
export const MAX_EVENT_BYTES = 256 * 1024;
export const INGEST_ACK_WAIT_MS = 10_000;
/** How often ingest renews its claim on events it still holds; well inside INGEST_ACK_WAIT_MS. */
export const INGEST_HEARTBEAT_MS = 3_000;
/** How long JetStream remembers a message id: a re-publish within it is a no-op. */
export const DUPLICATE_WINDOW_MS = 10 * 60_000;

export const eventSubject = (organizationId: string, type: string) => `events.${organizationId}.${type}`;
export const deliverySubject = (organizationId: string, endpointId: string) => `deliveries.${organizationId}.${endpointId}`;

export interface StreamSettings {
  deliveryTimeoutMs: number;
  /** How many deliveries may wait for a retry at once; a nak(delay) message stays pending. */
  maxPendingRetries: number;
  placement: StreamPlacement;
}

export function streamConfigs(placement: StreamPlacement): (Partial<StreamConfig> & { name: string })[] {
  const where: Partial<StreamConfig> = {
    num_replicas: placement.replicas,
    ...(placement.tags.length > 0 ? { placement: { cluster: "", tags: placement.tags } } : {}),
  };
  return [
    {
      name: EVENTS_STREAM,
      subjects: ["events.>"],
      // Work queue: an event leaves the stream once ingest has made it durable in Postgres.
      retention: RetentionPolicy.Workqueue,
      storage: placement.storage,
      ...where,
      // Oversized messages still have to reach ingest to be recorded as rejected.
      max_msg_size: 16 * 1024 * 1024,
      duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    },
    {
      name: DELIVERIES_STREAM,
      subjects: ["deliveries.>"],
      retention: RetentionPolicy.Workqueue,
      storage: placement.storage,
      ...where,
      duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    },
    {
      name: ALERTS_STREAM,
      subjects: [ALERT_SUBJECT],
      retention: RetentionPolicy.Limits,
      storage: placement.storage,
      ...where,
      max_age: nanos(7 * 24 * 3600_000),
    },
  ];
}

export function consumerConfigs(settings: StreamSettings): { stream: string; config: Partial<ConsumerConfig> }[] {
  return [
    {
      stream: EVENTS_STREAM,
      config: {
        durable_name: INGEST_CONSUMER,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        // Short, so a crashed worker's events come back soon. An event is held until its
        // deliveries' first attempts are recorded, which can take longer: ingest tells
        // JetStream it is still working on it (INGEST_HEARTBEAT_MS).
        ack_wait: nanos(INGEST_ACK_WAIT_MS),
        max_deliver: -1,
        max_ack_pending: 20_000,
      },
    },
    {
      stream: DELIVERIES_STREAM,
      config: {
        durable_name: DELIVERY_CONSUMER,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        // A job is held while it waits for a slot at its endpoint (at most about one more
        // attempt's time), for its own attempt, and for the attempt-log flush.
        ack_wait: nanos(2 * settings.deliveryTimeoutMs + 5_000),
        // Retries are nak(delay); Herald decides when to stop, never the redelivery count.
        max_deliver: -1,
        max_ack_pending: settings.maxPendingRetries,
      },
    },
  ];
}

function isNotFound(err: unknown): boolean {
  return err instanceof JetStreamApiError && err.status === 404;
}

/** Creates a stream, or brings an existing one to Herald's settings as far as it safely can. */
async function provisionStream(jsm: JetStreamManager, cfg: Partial<StreamConfig> & { name: string }, log: Logger): Promise<void> {
  let existing: StreamConfig;
  try {
    existing = (await jsm.streams.info(cfg.name)).config;
  } catch (err) {
    if (!isNotFound(err)) throw err;
    await jsm.streams.add(cfg).catch((addErr: unknown) => {
      // Another process created it between our info and add.
      if (!/already in use|exists/i.test(String((addErr as Error).message))) throw addErr;
    });
    return;
  }
  const plan = planStreamUpdate(cfg.name, existing, cfg);
  for (const conflict of plan.conflicts) log.warn({ stream: cfg.name }, conflict);
  if (!plan.update) return;
  await jsm.streams.update(cfg.name, { ...existing, ...plan.update });
  if (plan.update.num_replicas) log.info({ stream: cfg.name, replicas: plan.update.num_replicas }, "stream scaled up");
}

/** Creates or updates Herald's streams and durable consumers; safe to run from every process at once. */
export async function provisionStreams(jsm: JetStreamManager, settings: StreamSettings, log: Logger): Promise<void> {
  for (const cfg of streamConfigs(settings.placement)) await provisionStream(jsm, cfg, log);
  for (const { stream, config } of consumerConfigs(settings)) {
    try {
      await jsm.consumers.info(stream, config.durable_name!);
      await jsm.consumers.update(stream, config.durable_name!, {
        ack_wait: config.ack_wait,
        max_ack_pending: config.max_ack_pending,
        max_deliver: config.max_deliver,
      });
    } catch (err) {
      if (!isNotFound(err)) throw err;
      await jsm.consumers.add(stream, config);
    }
  }
}

/** The ingest consumer's ack floor: every EVENTS message at or below this stream sequence is acked, so stored (or rejected). */
export async function ingestAckFloor(jsm: Pick<JetStreamManager, "consumers">): Promise<number> {
  const info = await jsm.consumers.info(EVENTS_STREAM, INGEST_CONSUMER);
  return info.ack_floor.stream_seq;
}
