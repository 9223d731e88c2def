import type { ConsumerMessages, JetStreamClient, JsMsg } from "@nats-io/jetstream";
import type { Logger } from "../log.ts";

export interface ConsumeLoop {
  stop(): Promise<void>;
}

/**
 * Pulls from a durable consumer for as long as the process lives, re-attaching after
 * errors (nats-server restarts, consumer re-creation). `handle` is awaited per message,
 * so its own back-pressure (a semaphore, a batcher) bounds how much this process holds.
 */
export function consumeForever(
  js: JetStreamClient,
  stream: string,
  durable: string,
  opts: { maxMessages: number; log: Logger },
  handle: (msg: JsMsg) => Promise<void>,
): ConsumeLoop {
  let stopped = false;
  let current: ConsumerMessages | undefined;
  const done = (async () => {
    while (!stopped) {
      try {
        const consumer = await js.consumers.get(stream, durable);
        current = await consumer.consume({ max_messages: opts.maxMessages, expires: 5_000 });
        for await (const msg of current) {
          await handle(msg);
          if (stopped) break;
        }
      } catch (err) {
        if (stopped) break;
        opts.log.warn({ err: (err as Error).message, stream, durable }, "consumer interrupted; re-attaching");
        await new Promise((r) => setTimeout(r, 500));
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
