import { Counter, type Registry } from "prom-client";

export interface IngestMetrics {
  events: Counter<"outcome">;
  failedBatches: Counter;
}

export function ingestMetrics(registry: Registry): IngestMetrics {
  return {
    events: new Counter({ name: "herald_ingested_events_total", help: "Events taken from NATS, by outcome", labelNames: ["outcome"], registers: [registry] }),
    failedBatches: new Counter({
      name: "herald_ingest_failed_batches_total",
      help: "Ingest batches that could not be persisted and were redelivered",
      registers: [registry],
    }),
  };
}
