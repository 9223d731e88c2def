import { encodeTime } from "ulidx";
import type { Delivery } from "../db/client.ts";
import { publishJobs, type RunTrigger } from "../nats/delivery-jobs.ts";
import { newId } from "../rules/ids.ts";
import type { Services } from "../app/services.ts";
import { encodeEnvelope } from "../rules/envelope.ts";
import { validateEventTypeName } from "../rules/event-patterns.ts";
import { InputError } from "./errors.ts";

const REPLAY_PAGE = 1_000;

interface RunRow {
  id: string;
  organization_id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  run_id: string;
  payload: Buffer;
}

/**
 * Starts a new run on the given deliveries and queues their jobs; older runs' jobs become stale.
 * `idleOnly` leaves out a delivery that is PENDING by the time its row is locked: a concurrent
 * call that re-queued it first wins, and it is not queued twice.
 */
async function startRuns(services: Services, organizationId: string, deliveryIds: string[], trigger: RunTrigger, idleOnly = false): Promise<RunRow[]> {
  if (deliveryIds.length === 0) return [];
  const runIds = deliveryIds.map(() => newId("run"));
  const { rows } = await services.db.pool.query<RunRow>(
    `WITH started AS (
       UPDATE deliveries d
          SET run_id = v.run, run_trigger = $3::"AttemptTrigger", run_attempts = 0, status = 'PENDING',
              next_attempt_at = now(), updated_at = now()
         FROM unnest($1::text[], $2::text[]) AS v(id, run)
        WHERE d.id = v.id AND d.organization_id = $4 AND ($5::bool = false OR d.status <> 'PENDING')
        RETURNING d.id, d.organization_id, d.endpoint_id, d.event_id, d.event_type, d.run_id)
     SELECT s.*, e.payload FROM started s JOIN events e ON e.organization_id = s.organization_id AND e.id = s.event_id`,
    [deliveryIds, runIds, trigger, organizationId, idleOnly],
  );
  await publishJobs(
    services.nats.publisher,
    rows.map((r) => ({
      deliveryId: r.id,
      organizationId: r.organization_id,
      endpointId: r.endpoint_id,
      eventId: r.event_id,
      eventType: r.event_type,
      runId: r.run_id,
      body: r.payload,
    })),
  );
  return rows;
}

async function activeEndpoint(services: Services, organizationId: string, endpointId: string) {
  return services.db.prisma.endpoint.findFirst({ where: { id: endpointId, organizationId, deletedAt: null } });
}

/** Sends the delivery again, same body and webhook-id, as a new MANUAL attempt. Null when not in this organization. */
export async function redeliver(services: Services, organizationId: string, deliveryId: string): Promise<Delivery | null> {
  const delivery = await services.db.prisma.delivery.findFirst({ where: { id: deliveryId, organizationId } });
  if (!delivery) return null;
  if (!(await activeEndpoint(services, organizationId, delivery.endpointId))) {
    throw new InputError([{ path: ["deliveryId"], message: "the delivery's endpoint has been deleted" }]);
  }
  await startRuns(services, organizationId, [deliveryId], "MANUAL");
  return services.db.prisma.delivery.findUniqueOrThrow({ where: { id: deliveryId } });
}

export interface ReplayInput {
  endpointId: string;
  since: Date;
  until?: Date | null;
  onlyFailed?: boolean | null;
}

interface ReplayWindow {
  endpointId: string;
  /** Ids are ULIDs: a time window is an id range on the endpoint's index. */
  fromId: string;
  toId: string;
  onlyFailed: boolean;
}

/** The next page of the window's deliveries to replay, strictly after `afterId`, in id order. */
async function replayPage(services: Services, w: ReplayWindow, afterId: string | null): Promise<string[]> {
  const { rows } = await services.db.pool.query<{ id: string }>(
    `SELECT id FROM deliveries
      WHERE endpoint_id = $1 AND id >= $2 AND id < $3 AND ($4::text IS NULL OR id > $4)
        AND status <> 'PENDING' AND ($5::bool = false OR status = 'FAILED')
      ORDER BY id LIMIT $6`,
    [w.endpointId, w.fromId, w.toId, afterId, w.onlyFailed, REPLAY_PAGE],
  );
  return rows.map((r) => r.id);
}

/**
 * Re-queues an endpoint's deliveries created in [since, until) as REPLAY runs, a page at a
 * time by id. A PENDING delivery is never re-queued: it is already on its way (first run,
 * retries, or an earlier replay that has not finished), so calling again while a replay
 * runs queues nothing twice, and once those deliveries finish they can be replayed again.
 * Null when the endpoint is not in this organization.
 */
export async function replayEvents(services: Services, organizationId: string, input: ReplayInput): Promise<{ count: number } | null> {
  if (!(await activeEndpoint(services, organizationId, input.endpointId))) return null;
  const until = input.until ?? new Date();
  if (until <= input.since) throw new InputError([{ path: ["until"], message: "must be after since" }]);
  const window: ReplayWindow = {
    endpointId: input.endpointId,
    fromId: `dlv_${encodeTime(input.since.getTime(), 10)}`,
    toId: `dlv_${encodeTime(until.getTime(), 10)}`,
    onlyFailed: input.onlyFailed ?? true,
  };
  let count = 0;
  let afterId: string | null = null;
  for (;;) {
    const ids = await replayPage(services, window, afterId);
    if (ids.length === 0) break;
    count += (await startRuns(services, organizationId, ids, "REPLAY", true)).length;
    afterId = ids[ids.length - 1]!;
    if (ids.length < REPLAY_PAGE) break;
  }
  return { count };
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
export async function sendTestEvent(services: Services, organizationId: string, endpointId: string, eventType: string): Promise<Delivery | null> {
  const problem = validateEventTypeName(eventType);
  if (problem) throw new InputError([{ path: ["eventType"], message: problem }]);
  const endpoint = await activeEndpoint(services, organizationId, endpointId);
  if (!endpoint) return null;
  const type = await services.db.prisma.eventType.findUnique({ where: { organizationId_name: { organizationId, name: eventType } } });
  const id = newId("evt");
  const payload = encodeEnvelope({ id, type: eventType, timestamp: new Date().toISOString(), organizationId, data: examplePayload(type?.schema) });
  const deliveryId = newId("dlv");
  await services.db.prisma.$transaction([
    services.db.prisma.event.create({ data: { organizationId, id, type: eventType, timestamp: new Date(), payload: new Uint8Array(payload) } }),
    services.db.prisma.delivery.create({
      data: { id: deliveryId, organizationId, eventId: id, endpointId, eventType, runId: deliveryId, runTrigger: "TEST" },
    }),
  ]);
  await publishJobs(services.nats.publisher, [
    { deliveryId, organizationId, endpointId, eventId: id, eventType, runId: deliveryId, body: new Uint8Array(payload) },
  ]);
  return services.db.prisma.delivery.findUniqueOrThrow({ where: { id: deliveryId } });
}
