import type { JetStreamClient } from "@nats-io/jetstream";
import { headers, type NatsConnection } from "@nats-io/transport-node";
import { performance } from "node:perf_hooks";
import { AckedPublisher } from "../../src/nats/acked-publisher.ts";
import { eventSubject } from "../../src/nats/streams.ts";
import { sleep } from "./stats.ts";

/** A bulk publish waits longer for a PubAck than Herald does: the machine is saturated on purpose. */
const PUB_ACK_TIMEOUT_MS = 30_000;

// Producers publish envelopes straight to JetStream, as a platform service would
// (as the tests' `produce` does): subject events.<org>.<type>, msgID <org>:<id>.

/** The wall clock with sub-millisecond resolution; the receiver uses the same clock. */
export const nowMs = () => performance.timeOrigin + performance.now();

/** Distinct values of data.orderId: the ordering key `--ordering` orders by. */
export const ORDER_KEYS = 1_024;

/** An envelope of about `bytes` bytes, with the publish time in data.sentAt. */
export function envelope(organizationId: string, id: string, type: string, seq: number, bytes: number): Buffer {
  const base = {
    id,
    type,
    timestamp: new Date().toISOString(),
    organizationId,
    data: { seq, sentAt: nowMs(), orderId: `o${seq % ORDER_KEYS}`, amount: "149.99", currencyCode: "EUR", pad: "" },
  };
  const size = Buffer.byteLength(JSON.stringify(base));
  base.data.pad = "x".repeat(Math.max(0, bytes - size));
  return Buffer.from(JSON.stringify(base));
}

export interface EventPlan {
  organizationId: string;
  /** Unique per run: event ids are `${prefix}-${i}`. */
  prefix: string;
  /** The event type of event i. */
  type(i: number): string;
  bodyBytes: number;
}

/** Event i of type <typePrefix><i mod types> (bench.t<i mod types>): over `healthyEndpoints`, exactly one delivery per event. */
export function roundRobinPlan(organizationId: string, types: number, bodyBytes: number, typePrefix = "bench.t"): (prefix: string) => EventPlan {
  return (prefix) => ({ organizationId, prefix, type: (i) => `${typePrefix}${i % types}`, bodyBytes });
}

/**
 * Publishes n events as fast as JetStream acks them, with up to `window` publishes outstanding.
 * Pipelined as a high-volume producer does it, through Herald's own AckedPublisher (plain
 * publishes whose PubAcks come back to one subscription), rather than `js.publish` per event
 * (a promise, a timer and an inbox entry each: about 25 µs of the shared machine's CPU per
 * event, a tenth of a delivery's).
 */
export async function publishBulk(nc: NatsConnection, plan: EventPlan, n: number, window = 1_000): Promise<void> {
  const publisher = new AckedPublisher(nc, PUB_ACK_TIMEOUT_MS);
  let next = 0;
  const lane = async () => {
    while (next < n) {
      const i = next++;
      const type = plan.type(i);
      const id = `${plan.prefix}-${i}`;
      await publisher.publish(
        eventSubject(plan.organizationId, type),
        envelope(plan.organizationId, id, type, i, plan.bodyBytes),
        headers(),
        `${plan.organizationId}:${id}`,
      );
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(window, n) }, lane));
  } finally {
    publisher.close();
  }
}

/**
 * Publishes at a fixed rate for `seconds` (open loop: a slow ack does not slow the schedule).
 * Returns how many were published and the achieved rate.
 */
export async function publishPaced(
  js: JetStreamClient,
  plan: EventPlan,
  rate: number,
  seconds: number,
): Promise<{ published: number; failed: number; achievedRate: number }> {
  const total = Math.round(rate * seconds);
  const acks: Promise<unknown>[] = [];
  let failed = 0;
  const started = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate) + 1);
    while (sent < due) {
      const i = sent++;
      const type = plan.type(i);
      const id = `${plan.prefix}-${i}`;
      acks.push(
        js
          .publish(eventSubject(plan.organizationId, type), envelope(plan.organizationId, id, type, i, plan.bodyBytes), {
            msgID: `${plan.organizationId}:${id}`,
          })
          .catch(() => failed++),
      );
    }
    // Sleep until the next one is due (timers fire at ~1 ms granularity).
    const nextAt = started + (sent / rate) * 1000;
    await sleep(Math.max(0, nextAt - performance.now() - 0.5));
  }
  const elapsed = (performance.now() - started) / 1000;
  await Promise.all(acks);
  return { published: total, failed, achievedRate: total / elapsed };
}
