import type { JsMsg } from "@nats-io/jetstream";
import { headers as natsHeaders } from "@nats-io/transport-node";
import type { AttemptTrigger } from "../db/client.ts";
import type { AckedPublisher } from "./acked-publisher.ts";
import { deliverySubject } from "./streams.ts";

/**
 * One delivery run's work item. The message body is the envelope's bytes exactly as the
 * producer published them (never re-serialised); the ids ride in headers, so a worker
 * needs no database read to build the request.
 */
export interface DeliveryJob {
  deliveryId: string;
  organizationId: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  runId: string;
  body: Uint8Array;
  /** When a retry handed over by ingest is due (ms since the epoch); before then the job waits in JetStream. */
  notBefore?: number;
}

const H = {
  delivery: "Herald-Delivery",
  org: "Herald-Org",
  endpoint: "Herald-Endpoint",
  event: "Herald-Event",
  type: "Herald-Event-Type",
  run: "Herald-Run",
  notBefore: "Herald-Not-Before",
} as const;

export type RunTrigger = Exclude<AttemptTrigger, "RETRY">;

/**
 * Publishes jobs concurrently and resolves when JetStream has stored every one.
 * The message id makes a re-publish of the same run (after a crash before ack) a no-op.
 */
export async function publishJobs(publisher: AckedPublisher, jobs: DeliveryJob[]): Promise<void> {
  await Promise.all(
    jobs.map((job) => {
      const h = natsHeaders();
      h.set(H.delivery, job.deliveryId);
      h.set(H.org, job.organizationId);
      h.set(H.endpoint, job.endpointId);
      h.set(H.event, job.eventId);
      h.set(H.type, job.eventType);
      h.set(H.run, job.runId);
      if (job.notBefore) h.set(H.notBefore, String(job.notBefore));
      return publisher.publish(deliverySubject(job.organizationId, job.endpointId), job.body, h, `${job.deliveryId}:${job.runId}`);
    }),
  );
}

export function decodeJob(msg: JsMsg): DeliveryJob | undefined {
  const h = msg.headers;
  const get = (k: string) => h?.get(k) || undefined;
  const deliveryId = get(H.delivery);
  const organizationId = get(H.org);
  const endpointId = get(H.endpoint);
  const eventId = get(H.event);
  const eventType = get(H.type);
  const runId = get(H.run);
  if (!deliveryId || !organizationId || !endpointId || !eventId || !eventType || !runId) return undefined;
  const notBefore = Number(get(H.notBefore));
  return { deliveryId, organizationId, endpointId, eventId, eventType, runId, body: msg.data, ...(notBefore > 0 ? { notBefore } : {}) };
}
