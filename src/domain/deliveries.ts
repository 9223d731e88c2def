import type pg from "pg";
import { encodeTime } from "ulidx";
import type { Delivery, PrismaClient } from "../db/client.ts";
import type { AckedPublisher } from "../nats/acked-publisher.ts";
import { publishJobs, type RunTrigger } from "../nats/delivery-jobs.ts";
import { newId } from "../rules/ids.ts";
import { encodeEnvelope } from "../rules/envelope.ts";
import { validateEventTypeName } from "../rules/event-patterns.ts";
import {
  type Announce,
  deliveriesWithExpiredPayload,
  findDelivery,
  insertTestDelivery,
  leaveLine,
  releaseLineHeads,
  replayableDeliveryIds,
  startRuns,
} from "../store/deliveries.ts";
import { findActiveEndpoint } from "../store/endpoints.ts";
import { eventTypeSchema } from "../store/event-types.ts";
import { createEvent, findEvent } from "../store/events.ts";
import { InputError, PayloadExpiredError } from "./errors.ts";

const REPLAY_PAGE = 1_000;

/** What the delivery use cases touch: the database, the job stream and live notices. */
export interface DeliveryDeps {
  db: { prisma: PrismaClient; pool: pg.Pool };
  nats: { publisher: AckedPublisher };
  realtime: { announce: Announce };
}

/** Starts new runs on the given deliveries (announced PENDING) and queues their jobs; older runs' jobs become stale. */
async function requeue(deps: DeliveryDeps, organizationId: string, deliveryIds: string[], trigger: RunTrigger, idleOnly = false): Promise<number> {
  const jobs = await startRuns({ pool: deps.db.pool, announce: deps.realtime.announce }, organizationId, deliveryIds, trigger, idleOnly);
  await publishJobs(deps.nats.publisher, jobs);
  return jobs.length;
}

/**
 * Sends the delivery again, same body and webhook-id, as a new MANUAL attempt. Null when not
 * in this organization; PayloadExpiredError when retention has deleted the body.
 */
export async function redeliver(deps: DeliveryDeps, organizationId: string, deliveryId: string): Promise<Delivery | null> {
  const delivery = await findDelivery(deps.db.prisma, deliveryId, organizationId);
  if (!delivery) return null;
  if (!(await findActiveEndpoint(deps.db.prisma, organizationId, delivery.endpointId))) {
    throw new InputError([{ path: ["deliveryId"], message: "the delivery's endpoint has been deleted" }]);
  }
  const event = await findEvent(deps.db.prisma, organizationId, delivery.eventId);
  if (event?.payloadExpiredAt) throw new PayloadExpiredError(event.id, event.payloadExpiredAt);
  await requeue(deps, organizationId, [deliveryId], "MANUAL");
  return findDelivery(deps.db.prisma, deliveryId);
}

/**
 * Lets the ordering line behind a delivery that FAILED under onFailure BLOCK move on without
 * it: the delivery stays FAILED, and the key's next event goes. Null when not in this organization.
 */
export async function skipDelivery(deps: DeliveryDeps, organizationId: string, deliveryId: string): Promise<Delivery | null> {
  const delivery = await findDelivery(deps.db.prisma, deliveryId, organizationId);
  if (!delivery) return null;
  const line = await leaveLine(deps.db.pool, organizationId, deliveryId);
  if (!line) {
    throw new InputError([{ path: ["deliveryId"], message: "only a FAILED delivery holding its ordering line (ordering.onFailure BLOCK) can be skipped" }]);
  }
  await releaseLineHeads(deps.db.pool, [line], (jobs) => publishJobs(deps.nats.publisher, jobs));
  return findDelivery(deps.db.prisma, deliveryId);
}

export interface ReplayInput {
  endpointId: string;
  since: Date;
  until?: Date | null;
  onlyFailed?: boolean | null;
}

/**
 * Re-queues an endpoint's deliveries created in [since, until) as REPLAY runs, a page at a
 * time by id. A PENDING delivery is never re-queued: it is already on its way (first run,
 * retries, or an earlier replay that has not finished), so calling again while a replay
 * runs queues nothing twice, and once those deliveries finish they can be replayed again.
 * Deliveries whose event's payload has expired are skipped and counted (`expired`).
 * Null when the endpoint is not in this organization.
 */
export async function replayEvents(deps: DeliveryDeps, organizationId: string, input: ReplayInput): Promise<{ count: number; expired: number } | null> {
  if (!(await findActiveEndpoint(deps.db.prisma, organizationId, input.endpointId))) return null;
  const until = input.until ?? new Date();
  if (until <= input.since) throw new InputError([{ path: ["until"], message: "must be after since" }]);
  // Ids are ULIDs: a time window is an id range on the endpoint's index.
  const window = {
    endpointId: input.endpointId,
    fromId: `dlv_${encodeTime(input.since.getTime(), 10)}`,
    toId: `dlv_${encodeTime(until.getTime(), 10)}`,
    onlyFailed: input.onlyFailed ?? true,
  };
  let count = 0;
  let expired = 0;
  let afterId: string | null = null;
  for (;;) {
    const ids = await replayableDeliveryIds(deps.db.pool, window, afterId, REPLAY_PAGE);
    if (ids.length === 0) break;
    const gone = await deliveriesWithExpiredPayload(deps.db.pool, organizationId, ids);
    expired += gone.size;
    count += await requeue(
      deps,
      organizationId,
      ids.filter((id) => !gone.has(id)),
      "REPLAY",
      true,
    );
    afterId = ids[ids.length - 1]!;
    if (ids.length < REPLAY_PAGE) break;
  }
  return { count, expired };
}

/** An example payload: a minimal object satisfying the type's schema where one is simple enough, else a marker. */
function examplePayload(schema: unknown): Record<string, unknown> {
  const s = schema as { type?: string; properties?: Record<string, { type?: string; example?: unknown; examples?: unknown[] }>; required?: string[] } | null;
  if (s?.type !== "object" || !s.properties) return { test: true };
  const out: Record<string, unknown> = {};
  for (const [name, prop] of Object.entries(s.properties)) {
    if (prop.example !== undefined) out[name] = prop.example;
    else if (prop.examples?.length) out[name] = prop.examples[0];
    else if (s.required?.includes(name)) {
      out[name] = { string: "example", number: 1, integer: 1, boolean: true, array: [], object: {} }[prop.type ?? "string"] ?? "example";
    }
  }
  return out;
}

/** Delivers an example event of `eventType` to this endpoint only (trigger TEST). Null when not in this organization. */
export async function sendTestEvent(deps: DeliveryDeps, organizationId: string, endpointId: string, eventType: string): Promise<Delivery | null> {
  const problem = validateEventTypeName(eventType);
  if (problem) throw new InputError([{ path: ["eventType"], message: problem }]);
  if (!(await findActiveEndpoint(deps.db.prisma, organizationId, endpointId))) return null;
  const schema = await eventTypeSchema(deps.db.prisma, organizationId, eventType);
  const eventId = newId("evt");
  const payload = encodeEnvelope({ id: eventId, type: eventType, timestamp: new Date().toISOString(), organizationId, data: examplePayload(schema) });
  const event = createEvent(deps.db.prisma, { organizationId, id: eventId, type: eventType, timestamp: new Date(), payload });
  const deliveryId = newId("dlv");
  const delivery = await insertTestDelivery({ prisma: deps.db.prisma, announce: deps.realtime.announce }, event, {
    id: deliveryId,
    organizationId,
    eventId,
    endpointId,
    eventType,
  });
  await publishJobs(deps.nats.publisher, [{ deliveryId, organizationId, endpointId, eventId, eventType, runId: deliveryId, body: new Uint8Array(payload) }]);
  return delivery;
}
