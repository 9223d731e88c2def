import type { JsMsg } from "@nats-io/jetstream";
import type { Deliverer } from "../delivery/deliverer.ts";
import { JOBS_HELD_PER_SLOT } from "../delivery/holding.ts";
import type { Logger } from "../log.ts";
import { type ConsumeLoop, consumeForever } from "../nats/consume.ts";
import type { Nats } from "../nats/connection.ts";
import { decodeJob } from "../nats/delivery-jobs.ts";
import { DELIVERIES_STREAM, DELIVERY_CONSUMER } from "../nats/streams.ts";
import { jitter } from "../rules/retry-policy.ts";
import { Semaphore } from "../util/semaphore.ts";

/** A job that could not be handled comes back after one to two seconds. */
const retryDelay = () => jitter(1_500, 1 / 3);

/**
 * The DELIVERIES consumer: jobs for retries, manual runs and first attempts ingest handed
 * off. A job is acked once settled, or nak'ed with its delay, so the backoff lives in
 * JetStream, not in a sleeping worker.
 */
export function startDeliveryConsumer(
  deps: { nats: Pick<Nats, "js">; log: Logger; config: { DELIVERY_CONCURRENCY: number } },
  deliverer: Deliverer,
): ConsumeLoop {
  const { log } = deps;
  // Jobs held in memory (in flight or waiting for their endpoint), independent of how many
  // retries JetStream keeps pending for us.
  const held = new Semaphore(deps.config.DELIVERY_CONCURRENCY * JOBS_HELD_PER_SLOT);

  async function handle(msg: JsMsg): Promise<void> {
    const job = decodeJob(msg);
    if (!job) {
      log.error({ subject: msg.subject }, "malformed delivery job terminated");
      msg.term("malformed delivery job");
      return;
    }
    const wait = (job.notBefore ?? 0) - Date.now();
    if (wait > 0) {
      // A retry handed over by ingest: it waits in JetStream, not here.
      msg.nak(wait);
      return;
    }
    const verdict = await deliverer.deliver(job);
    if (verdict.kind === "done") msg.ack();
    else if (verdict.kind === "later") msg.nak(verdict.delayMs);
    else msg.nak(retryDelay());
  }

  const loop = consumeForever(deps.nats.js, DELIVERIES_STREAM, DELIVERY_CONSUMER, { maxMessages: 512, slots: held, log }, (msg) => {
    handle(msg)
      .catch((err) => {
        log.error({ err }, "delivery job failed unexpectedly; will be redelivered");
        msg.nak(retryDelay());
      })
      .finally(() => held.release());
  });

  return {
    async stop() {
      await loop.stop();
      await held.idle();
    },
  };
}
