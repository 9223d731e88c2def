import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDatabase, type Database } from "../../src/db/client.ts";
import { createEndpoint } from "../harness/fixtures.ts";
import type { DeliveryNotice } from "../../src/realtime/topics.ts";
import { newId } from "../../src/rules/ids.ts";
import { type AttemptRecord, cancelPendingDeliveries, holdPendingDeliveries, recordAttempts } from "../../src/store/deliveries.ts";
import { createTestDatabase } from "../harness/env.ts";
import { storeDelivery, storeEvent } from "../harness/seed.ts";

// An attempt already in flight when its endpoint is deleted (CANCELLED) or disabled (HELD)
// settles after that. A retry it schedules must not bring the delivery back to PENDING
// (silently: a PENDING update is no status change to announce), nor may a job that finds the
// endpoint gone cancel a held one; an answer that ends it (SUCCEEDED, FAILED) is what happened,
// and stands.
describe("an attempt that settles after its delivery was cancelled or held", () => {
  let db: Database;
  let organizationId: string;
  let endpointId: string;
  const config = { SECRETS_KEY: Buffer.alloc(32, 7) };

  beforeAll(async () => {
    db = connectDatabase(await createTestDatabase(), { max: 2 });
    organizationId = newId("org");
    await db.prisma.organization.create({ data: { id: organizationId, name: "Cancelled" } });
    ({ id: endpointId } = await createEndpoint({ db, config }, organizationId, { url: "https://receiver.test/hook" }));
  });
  afterAll(() => db.close());

  /**
   * A PENDING delivery, cancelled as deleting its endpoint would (or held as disabling it
   * would), then its in-flight attempt recorded as `status`; with `attempted` false, the
   * outcome of a job that found the endpoint gone without a request.
   */
  async function settleAfterStop(status: "PENDING" | "SUCCEEDED" | "FAILED" | "CANCELLED" | "HELD", stop: "cancel" | "hold" = "cancel", attempted = true) {
    const event = await storeEvent(db.prisma, organizationId);
    const deliveryId = await storeDelivery(db.prisma, organizationId, endpointId, event.id, "PENDING");
    const stopped = stop === "cancel" ? await cancelPendingDeliveries(db.prisma, endpointId) : await holdPendingDeliveries(db.prisma, endpointId);
    expect(stopped.map((n) => [n.id, n.status])).toContainEqual([deliveryId, stop === "cancel" ? "CANCELLED" : "HELD"]);
    const announced: DeliveryNotice[] = [];
    const record: AttemptRecord = {
      deliveryId,
      runId: deliveryId,
      organizationId,
      endpointId,
      eventId: event.id,
      status,
      nextAttemptAt: status === "PENDING" ? new Date(Date.now() + 5_000) : null,
    };
    if (attempted) {
      record.attempt = {
        attemptNumber: 1,
        runAttempts: 1,
        trigger: "INITIAL",
        responseStatus: status === "SUCCEEDED" ? 200 : 503,
        responseBody: null,
        error: null,
        errorMessage: null,
        durationMs: 12,
        succeeded: status === "SUCCEEDED",
      };
    }
    await recordAttempts({ pool: db.pool, announce: { attempt: () => {}, delivery: (n) => announced.push(n) } }, [record], 72);
    const row = await db.prisma.delivery.findUniqueOrThrow({ where: { id: deliveryId }, include: { attempts: true } });
    return { row, announced };
  }

  it("keeps it CANCELLED when the attempt would retry, and logs the attempt", async () => {
    const { row, announced } = await settleAfterStop("PENDING");
    expect(row.status).toBe("CANCELLED");
    expect(row.nextAttemptAt).toBeNull();
    expect(row.attemptCount).toBe(1);
    expect(row.attempts.map((a) => a.responseStatus)).toEqual([503]);
    expect(announced).toEqual([]);
  });

  it.each(["SUCCEEDED", "FAILED"] as const)("lets a final %s stand, announced", async (status) => {
    const { row, announced } = await settleAfterStop(status);
    expect(row.status).toBe(status);
    expect(announced.map((n) => n.status)).toEqual([status]);
  });

  it("keeps it HELD when the attempt would retry, and logs the attempt", async () => {
    const { row, announced } = await settleAfterStop("PENDING", "hold");
    expect(row.status).toBe("HELD");
    expect(row.nextAttemptAt).toBeNull();
    expect(row.attempts.map((a) => a.responseStatus)).toEqual([503]);
    expect(announced).toEqual([]);
  });

  it.each(["CANCELLED", "HELD"] as const)("keeps it HELD when a job that found the endpoint gone records %s", async (status) => {
    const { row } = await settleAfterStop(status, "hold", false);
    expect(row.status).toBe("HELD");
    expect(row.attempts).toEqual([]);
  });

  it.each(["SUCCEEDED", "FAILED"] as const)("lets a final %s stand over HELD, announced", async (status) => {
    const { row, announced } = await settleAfterStop(status, "hold");
    expect(row.status).toBe(status);
    expect(announced.map((n) => n.status)).toEqual([status]);
  });
});
