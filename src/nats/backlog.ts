import type { JetStreamManager } from "@nats-io/jetstream";
import { DELIVERIES_STREAM, DELIVERY_CONSUMER, EVENTS_STREAM, INGEST_CONSUMER } from "./streams.ts";

/**
 * Messages Herald's consumers still owe work on: events not yet ingested and delivery jobs
 * (retries waiting out their delay included), whether not yet handed out or handed out and
 * not yet acknowledged.
 */
export async function consumerBacklog(jsm: Pick<JetStreamManager, "consumers">): Promise<number> {
  const consumers = [
    [EVENTS_STREAM, INGEST_CONSUMER],
    [DELIVERIES_STREAM, DELIVERY_CONSUMER],
  ] as const;
  const infos = await Promise.all(consumers.map(([stream, name]) => jsm.consumers.info(stream, name)));
  return infos.reduce((sum, info) => sum + info.num_pending + info.num_ack_pending, 0);
}
