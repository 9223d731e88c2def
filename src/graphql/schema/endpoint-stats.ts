import { endpointStats, type EndpointStats } from "../../domain/endpoints.ts";
import { builder } from "../builder.ts";
import type { Context } from "../context.ts";

export const EndpointStatsRef = builder.objectRef<EndpointStats>("EndpointStats").implement({
  description: "Delivery counts over the endpoint's whole log.",
  fields: (t) => ({
    succeeded: t.exposeInt("succeeded"),
    failed: t.exposeInt("failed"),
    pending: t.exposeInt("pending"),
    held: t.exposeInt("held", {
      description: "HELD: kept while the endpoint is disabled, sent or cancelled when it is enabled (enableEndpoint's deliverHeld).",
    }),
    heldOverflow: t.exposeInt("heldOverflow", {
      description: "Events not held since the endpoint was last disabled because it already held the service's ENDPOINT_MAX_HELD: they will never reach it.",
    }),
    successRate: t.exposeFloat("successRate", { nullable: true, description: "succeeded / (succeeded + failed); null until a delivery finished." }),
  }),
});

/** The stats of every endpoint a request (or one notice of a subscription) asks about, in one grouped query; the overflow counter comes with the endpoint's row. */
export async function loadEndpointStats(endpoints: readonly { id: string; heldOverflow: number }[], ctx: Context): Promise<EndpointStats[]> {
  const ids = endpoints.map((e) => e.id);
  const stats = await endpointStats(ctx.services, ids, new Map(endpoints.map((e) => [e.id, e.heldOverflow])));
  return ids.map((id) => stats.get(id)!);
}
