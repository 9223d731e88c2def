import type { PrismaClient } from "../../src/db/client.ts";
import { newId } from "../../src/rules/ids.ts";

// Direct writes of what ingest and the workers would record, so read paths and tenancy can
// be tested against known rows without a worker running.

export async function storeEvent(
  prisma: PrismaClient,
  organizationId: string,
  opts: { type?: string; data?: Record<string, unknown>; id?: string; createdAt?: Date } = {},
) {
  const id = opts.id ?? newId("evt");
  const type = opts.type ?? "order.created";
  const envelope = { id, type, timestamp: "2024-12-01T09:20:00.000Z", organizationId, data: opts.data ?? {} };
  const payload = JSON.stringify(envelope);
  await prisma.event.create({
    data: {
      organizationId,
      id,
      type,
      timestamp: new Date(envelope.timestamp),
      payload: new Uint8Array(Buffer.from(payload)),
      ...(opts.createdAt && { createdAt: opts.createdAt }),
    },
  });
  return { id, payload };
}

export type SeedStatus = "PENDING" | "SUCCEEDED" | "FAILED" | "CANCELLED";

/** A delivery and `attempts` attempts: odd ones answered 503, even ones timed out, the last 200 if it succeeded. */
export async function storeDelivery(
  prisma: PrismaClient,
  organizationId: string,
  endpointId: string,
  eventId: string,
  status: SeedStatus,
  attempts = 0,
): Promise<string> {
  const id = newId("dlv");
  await prisma.delivery.create({
    data: {
      id,
      organizationId,
      endpointId,
      eventId,
      eventType: "order.created",
      status,
      runId: id,
      attemptCount: attempts,
      lastAttemptAt: attempts ? new Date() : null,
    },
  });
  for (let n = 1; n <= attempts; n++) {
    const ok = n === attempts && status === "SUCCEEDED";
    const timedOut = !ok && n % 2 === 0;
    await prisma.deliveryAttempt.create({
      data: {
        id: newId("att"),
        deliveryId: id,
        organizationId,
        endpointId,
        eventId,
        attemptNumber: n,
        trigger: n === 1 ? "INITIAL" : "RETRY",
        responseStatus: ok ? 200 : timedOut ? null : 503,
        responseBody: ok ? "ok" : timedOut ? null : "unavailable",
        error: timedOut ? "TIMEOUT" : null,
        errorMessage: timedOut ? "no response within 2000 ms" : null,
        durationMs: 10 * n,
      },
    });
  }
  return id;
}

/** One event and one delivery of it per status. */
export async function seedDeliveries(prisma: PrismaClient, organizationId: string, endpointId: string, statuses: SeedStatus[]): Promise<string[]> {
  const ids: string[] = [];
  for (const status of statuses) {
    const event = await storeEvent(prisma, organizationId);
    ids.push(await storeDelivery(prisma, organizationId, endpointId, event.id, status));
  }
  return ids;
}
