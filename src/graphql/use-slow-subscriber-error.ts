import type { Plugin } from "graphql-yoga";
import { SlowConsumerError } from "../realtime/bounded-queue.ts";
import type { Context } from "./context.ts";
import { subscriberTooSlow } from "./errors.ts";

/**
 * A subscriber cut off for falling behind is told so (SUBSCRIBER_TOO_SLOW, and how to
 * resume) instead of getting the masked "Unexpected error.": it did nothing unexpected, and
 * it needs to know to resubscribe with `after`. Every other failure of a feed stays masked.
 *
 * A hook rather than a wrapper around each feed: envelop already catches a subscription
 * stream's failure once, for masking, and runs this before the mask (plugins given to
 * createYoga come before its own), so nothing is added per notice on the fan-out path.
 */
export function useSlowSubscriberError(): Plugin<Context> {
  return {
    onSubscribe() {
      return {
        onSubscribeError({ error, setError }) {
          if (error instanceof SlowConsumerError) setError(subscriberTooSlow(error));
        },
      };
    },
  };
}
