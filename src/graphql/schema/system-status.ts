import { RATE_WINDOW_SECONDS, type SystemStatus, systemStatus } from "../../domain/system-status.ts";
import { builder } from "../builder.ts";

const SystemStatusRef = builder.objectRef<SystemStatus>("SystemStatus").implement({
  description: "What the operator view shows. Readiness is this api process's, as /readyz decides it.",
  fields: (t) => ({
    postgres: t.exposeBoolean("postgres"),
    nats: t.exposeBoolean("nats", { description: "Connected, and the EVENTS stream has a leader (publishes would be stored)." }),
    redis: t.exposeBoolean("redis", { nullable: true, description: "Null when REDIS_URL is not set." }),
    queueDepth: t.exposeInt("queueDepth", {
      nullable: true,
      description: "Events and delivery jobs waiting in the ingest and delivery consumers (pending plus unacknowledged); null when NATS cannot tell.",
    }),
    deliveriesPerSecond: t.exposeFloat("deliveriesPerSecond", {
      nullable: true,
      description: `Delivery attempts per second over the last ${RATE_WINDOW_SECONDS} s, retries included; null when Postgres cannot tell.`,
    }),
    failuresPerSecond: t.exposeFloat("failuresPerSecond", {
      nullable: true,
      description: `Attempts per second over the last ${RATE_WINDOW_SECONDS} s that got no 2xx answer; null when Postgres cannot tell.`,
    }),
  }),
});

builder.queryField("systemStatus", (t) =>
  t.withAuth({ admin: true }).field({
    type: SystemStatusRef,
    description: "Readiness of Postgres, NATS and Redis, the queue depth and the delivery rates. Requires ADMIN_TOKEN.",
    resolve: (_root, _args, ctx) => systemStatus(ctx.services),
  }),
);
