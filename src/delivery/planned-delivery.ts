import type { DeliveryJob } from "../nats/delivery-jobs.ts";

/**
 * A delivery ingest has planned but whose row may not be written yet (see storeIngestBatch):
 * the row is written once, with the first outcome. An attempt that runs long gets its row
 * written early, as PENDING, so that the log shows it; the outcome's write must then come
 * after that one has committed, or it could miss the row (inserting nothing because the row
 * exists, and updating nothing because its snapshot predates it).
 */
export class PlannedDelivery {
  private earlyWrite: Promise<unknown> | undefined;
  private closed = false;

  constructor(
    readonly job: DeliveryJob,
    readonly plannedAt = Date.now(),
  ) {}

  /** True while an early write may still start: none has, and the outcome is not being written. */
  get open(): boolean {
    return !this.closed && this.earlyWrite === undefined;
  }

  /** Records the early write in progress (one statement may serve many planned deliveries). */
  writingEarly(write: Promise<unknown>): void {
    this.earlyWrite = write;
  }

  /**
   * From now on only the outcome writes the row. Returns the early write in progress, if any,
   * to be awaited first (settled either way: if it failed, the outcome inserts the row).
   */
  close(): Promise<unknown> | undefined {
    this.closed = true;
    return this.earlyWrite?.catch(() => {});
  }
}
