import type { Consumer, ConsumerMessages, JetStreamClient, JsMsg } from "@nats-io/jetstream";
import type { Logger } from "../log.ts";
import type { Semaphore } from "../util/semaphore.ts";

export interface ConsumeLoop {
  stop(): Promise<void>;
}

/** How long one pull waits for messages on an idle stream before the next is sent. */
const PULL_EXPIRES_MS = 5_000;

/**
 * Pulls from a durable consumer for as long as the process lives, re-attaching after
 * errors (nats-server restarts, consumer re-creation). Each pull asks for as many messages
 * as `slots` has free (once busy, it waits for an eighth of them, so a busy process does
 * not pull one message at a time), and each message is handed to `handle` the moment it
 * arrives, holding a slot until `handle`'s work releases it. So nothing waits unseen in a
 * client-side buffer, where its ack wait would run out while the process is busy with the
 * messages before it: every message pulled is in the process's own hands, where it can be
 * renewed.
 */
export function consumeForever(
  js: JetStreamClient,
  stream: string,
  durable: string,
  opts: { maxMessages: number; slots: Semaphore; log: Logger },
  handle: (msg: JsMsg) => void,
): ConsumeLoop {
  let stopped = false;
  let current: ConsumerMessages | undefined;
  const minPull = Math.max(1, Math.min(opts.maxMessages, opts.slots.permits >> 3));
  const done = (async () => {
    let consumer: Consumer | undefined;
    while (!stopped) {
      const reserved = await opts.slots.acquireSome(minPull, opts.maxMessages);
      let taken = 0;
      try {
        if (stopped) break;
        consumer ??= await js.consumers.get(stream, durable);
        current = await consumer.fetch({ max_messages: reserved, expires: PULL_EXPIRES_MS });
        for await (const msg of current) {
          taken++;
          handle(msg);
        }
      } catch (err) {
        consumer = undefined;
        if (stopped) break;
        opts.log.warn({ err: (err as Error).message, stream, durable }, "consumer interrupted; re-attaching");
        await new Promise((r) => setTimeout(r, 500));
      } finally {
        opts.slots.release(reserved - taken);
      }
    }
  })();
  return {
    async stop() {
      stopped = true;
      await current?.close().catch(() => {});
      await done;
    },
  };
}
