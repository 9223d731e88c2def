import type { NatsConnection } from "@nats-io/transport-node";
import { ALERT_SUBJECT } from "./streams.ts";

/** What operators are told on `herald.alert` (the ALERTS stream): one JSON object per message. */
export type OperatorAlert =
  | { type: "delivery.failed"; organizationId: string; delivery: string; endpoint: string; event: string; reason: string; at: string }
  | { type: "endpoint.disabled"; endpoint: string; reason: string; at: string }
  | { type: "ingest.stalled"; failedBatches: number; since: string; reason: string; at: string };

export type PublishAlert = (alert: OperatorAlert) => void;

/** Publishes operator alerts on `nc`, fire and forget: an alert lost with the connection is logged by its caller anyway. */
export function alertPublisher(nc: Pick<NatsConnection, "publish">): PublishAlert {
  return (alert) => nc.publish(ALERT_SUBJECT, JSON.stringify(alert));
}
