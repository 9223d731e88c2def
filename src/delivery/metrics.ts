import { Counter, Histogram, type Registry } from "prom-client";

export interface DeliveryMetrics {
  attempts: Counter<"outcome">;
  attemptDuration: Histogram;
  deferred: Counter<"reason">;
}

export function deliveryMetrics(registry: Registry): DeliveryMetrics {
  return {
    attempts: new Counter({
      name: "herald_delivery_attempts_total",
      help: "Delivery attempts by outcome (success, HTTP status or error kind)",
      labelNames: ["outcome"],
      registers: [registry],
    }),
    attemptDuration: new Histogram({
      name: "herald_delivery_attempt_duration_seconds",
      help: "Duration of delivery HTTP attempts",
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 15, 30],
      registers: [registry],
    }),
    deferred: new Counter({
      name: "herald_delivery_deferred_total",
      help: "Jobs put back without an attempt (rate limit, endpoint busy)",
      labelNames: ["reason"],
      registers: [registry],
    }),
  };
}
