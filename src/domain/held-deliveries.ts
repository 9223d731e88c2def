import type pg from "pg";
import type { AckedPublisher } from "../nats/acked-publisher.ts";
import { publishJobs } from "../nats/delivery-jobs.ts";
import { type Announce, releaseHeldDeliveries, releaseLineHeads } from "../store/deliveries.ts";

/** Held deliveries settled per statement (and published per batch): never one statement over an endpoint's whole backlog. */
export const RELEASE_BATCH = 500;

/** What settling an endpoint's held deliveries touches: its rows, the job stream and live notices. */
export interface HeldDeps {
  db: { pool: pg.Pool };
  nats: { publisher: AckedPublisher };
  realtime: { announce: Announce };
}

/**
 * Once an endpoint is enabled: sends its HELD deliveries (`deliver`), oldest first, or cancels
 * them. Each batch's jobs are stored in JetStream before the next batch is released, so they
 * are queued in the order their events were published. Stops early if the endpoint is disabled
 * again meanwhile (what is left stays held). The counts land on the endpoint (heldReleased…).
 */
export async function settleHeldDeliveries(deps: HeldDeps, organizationId: string, endpointId: string, deliver: boolean): Promise<void> {
  const store = { pool: deps.db.pool, announce: deps.realtime.announce };
  for (;;) {
    const batch = await releaseHeldDeliveries(store, organizationId, endpointId, { deliver, limit: RELEASE_BATCH });
    await publishJobs(deps.nats.publisher, batch.jobs);
    // An ordered endpoint's held deliveries go through their lines, one per key at a time.
    await releaseLineHeads(deps.db.pool, batch.lines, (jobs) => publishJobs(deps.nats.publisher, jobs));
    if (batch.jobs.length + batch.lines.length + batch.cancelled + batch.expired < RELEASE_BATCH) return;
  }
}
