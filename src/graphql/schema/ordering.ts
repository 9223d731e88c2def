import type { Ordering } from "../../rules/ordering.ts";
import { builder } from "../builder.ts";

export const OrderingFailureEnum = builder.enumType("OrderingFailure", {
  description: "What a permanently FAILED delivery does to its key's line.",
  values: {
    SKIP: { description: "Releases the line: the key's next event goes." },
    BLOCK: { description: "Holds the key until the delivery is redelivered (and succeeds) or skipped with `skipDelivery`." },
  },
});

export const OrderingRef = builder.objectRef<Ordering>("Ordering").implement({
  description:
    "Ordered delivery per key: per (endpoint, key value) an event is not attempted while an earlier one of the same key (in publish order) is still pending for the endpoint; a retry holds the line behind it. Other keys and endpoints flow on.",
  fields: (t) => ({
    key: t.exposeString("key", { description: 'A path into the event, e.g. "data.orderId"; events without a value there are delivered unordered.' }),
    onFailure: t.expose("onFailure", { type: OrderingFailureEnum }),
  }),
});

export const OrderingInput = builder.inputType("OrderingInput", {
  fields: (t) => ({
    key: t.string({
      required: true,
      description: 'A path into the event as payload filters take them ("data.<field>…"); a string, number or boolean there is the key.',
    }),
    onFailure: t.field({ type: OrderingFailureEnum, defaultValue: "SKIP" }),
  }),
});
