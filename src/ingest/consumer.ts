import type { JsMsg } from "@nats-io/jetstream";
import { validateAgainstSchema } from "../domain/event-schemas.ts";
import { publishJobs, type DeliveryJob } from "../delivery/jobs.ts";
import { deliveryTopic } from "../realtime/topics.ts";
import { consumeForever, type ConsumeLoop } from "../nats/consume.ts";
import { EVENTS_STREAM, INGEST_CONSUMER } from "../nats/streams.ts";
import type { Services } from "../services.ts";
import { MicroBatcher } from "../util/batcher.ts";
import type { IngestMetrics } from "./metrics.ts";
import { matchingEndpoints, type RoutingCache } from "./routing.ts";
import { storeIngestBatch, type AcceptedEvent, type Rejection } from "./store.ts";
import { parseEventMessage } from "./validate.ts";

const EXCERPT_BYTES = 4096;
const RETRY_DELAY_MS = 1_000;

/**
 * The ingest stage: validates events from the EVENTS stream, stores each once with its
 * deliveries, hands the deliveries to the DELIVERIES stream, and only then acks. A bad
 * message is kept as a RejectedMessage and terminated; a failure to persist naks the
 * whole batch for a later redelivery, so nothing is ever acked that is not durable.
 */
export function startIngest(services: Services, routing: RoutingCache, metrics: IngestMetrics): ConsumeLoop {
  const { log } = services;
  const batcher = new MicroBatcher<JsMsg, void>((msgs) => processBatch(msgs).then(() => msgs.map(() => undefined)), {
    maxSize: 500,
    concurrency: 2,
  });

  async function processBatch(msgs: JsMsg[]): Promise<void> {
    const accepted: { msg: JsMsg; event: AcceptedEvent }[] = [];
    const rejected: { msg: JsMsg; rejection: Rejection }[] = [];
    const parsed = msgs.map((msg) => ({ msg, result: parseEventMessage(msg.subject, msg.data) }));
    const orgIds = parsed.map((p) => p.result.organizationId).filter((o): o is string => !!o);
    try {
      const routes = await routing.load(orgIds);
      for (const { msg, result } of parsed) {
        const reject = (reason: string) => {
          const org = result.organizationId && routes.get(result.organizationId) ? result.organizationId : null;
          rejected.push({
            msg,
            rejection: { organizationId: org, subject: msg.subject, reason, excerpt: Buffer.from(msg.data.subarray(0, EXCERPT_BYTES)), size: msg.data.length },
          });
        };
        if (!result.ok) {
          reject(result.reason);
          continue;
        }
        const route = routes.get(result.organizationId);
        if (!route) {
          reject(`unknown organization ${result.organizationId}`);
          continue;
        }
        const schema = route.eventTypeSchemas.get(result.envelope.type);
        const problem = schema ? validateAgainstSchema(schema, result.envelope.data) : undefined;
        if (problem) {
          reject(problem);
          continue;
        }
        accepted.push({
          msg,
          event: {
            organizationId: result.organizationId,
            id: result.envelope.id,
            type: result.envelope.type,
            timestamp: result.envelope.timestamp,
            payload: Buffer.from(msg.data),
            endpointIds: matchingEndpoints(route, result.envelope.type),
          },
        });
      }
      const jobs = await storeIngestBatch(
        services.db.pool,
        accepted.map((a) => a.event),
        rejected.map((r) => r.rejection),
      );
      await publishJobs(services.nats.js, jobs);
      announceNewDeliveries(jobs);
    } catch (err) {
      log.warn({ err: (err as Error).message, batch: msgs.length }, "ingest batch not persisted; will be redelivered");
      for (const msg of msgs) msg.nak(RETRY_DELAY_MS);
      metrics.failedBatches.inc();
      return;
    }
    for (const { msg } of accepted) msg.ack();
    for (const { msg, rejection } of rejected) {
      msg.term(rejection.reason.slice(0, 200));
      // nats-server 2.9 keeps a terminated message in a work-queue stream; it is stored as a
      // RejectedMessage now, so remove it rather than let hostile traffic pile up on disk.
      services.nats.jsm.streams.deleteMessage(EVENTS_STREAM, msg.seq, false).catch(() => {});
      log.info({ subject: msg.subject, reason: rejection.reason }, "event rejected");
    }
    metrics.events.inc({ outcome: "accepted" }, accepted.length);
    metrics.events.inc({ outcome: "rejected" }, rejected.length);
  }

  function announceNewDeliveries(jobs: DeliveryJob[]) {
    const now = new Date().toISOString();
    for (const j of jobs) {
      services.realtime.pubsub.publish(deliveryTopic(j.organizationId), {
        id: j.deliveryId,
        organizationId: j.organizationId,
        endpointId: j.endpointId,
        eventId: j.eventId,
        eventType: j.eventType,
        status: "PENDING",
        attemptCount: 0,
        nextAttemptAt: null,
        lastAttemptAt: null,
        createdAt: now,
        updatedAt: now,
      });
    }
  }

  // Each message is handed to the batcher without waiting for its batch, so a batch can
  // fill; the batcher's pending count is the back-pressure.
  const loop = consumeForever(services.nats.js, EVENTS_STREAM, INGEST_CONSUMER, { maxMessages: 1_000, log }, async (msg) => {
    void batcher.add(msg);
    await batcher.room(2_000);
  });
  return {
    async stop() {
      await loop.stop();
      await batcher.drain();
    },
  };
}
