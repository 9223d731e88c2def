import { Counter, Gauge, type Registry } from "prom-client";

export interface RealtimeMetrics {
  slowSubscribers: Counter;
  activeSubscriptions: Gauge;
}

export function realtimeMetrics(registry: Registry): RealtimeMetrics {
  return {
    slowSubscribers: new Counter({
      name: "herald_subscribers_dropped_total",
      help: "Subscriptions ended because the subscriber fell too far behind",
      registers: [registry],
    }),
    activeSubscriptions: new Gauge({
      name: "herald_subscriptions_active",
      help: "Live GraphQL subscriptions open on this process",
      registers: [registry],
    }),
  };
}
