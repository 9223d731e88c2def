import type { JetStreamClient } from "@nats-io/jetstream";
import type { Event } from "../db/client.ts";
import { newId } from "../rules/ids.ts";
import { eventSubject, MAX_EVENT_BYTES } from "../nats/streams.ts";
import type { Services } from "../app/services.ts";
import { encodeEnvelope, envelopeSchema, type Envelope } from "../rules/envelope.ts";
import { validateAgainstSchema } from "../rules/event-schemas.ts";
import { InputError, ServiceUnavailableError } from "./errors.ts";

export interface PublishEventInput {
  type: string;
  data: unknown;
  id?: string | null;
  timestamp?: Date | null;
}

export interface PublishOptions {
  /**
   * Wait this long for ingest to store the event and its deliveries (each is written with
   * its first outcome, or as PENDING once that attempt has run for half a second), so the
   * caller gets the stored row with its deliveries rather than the envelope alone.
   * Publishing is complete either way.
   */
  awaitStoredMs?: number;
}

/**
 * Refuses an envelope ingest would reject for its size: measured on the bytes that would be
 * published, so the caller hears it now rather than getting an id that is never stored.
 */
function assertPublishable(payload: Buffer): void {
  if (payload.length <= MAX_EVENT_BYTES) return;
  const message = `the event is ${payload.length} bytes as published (data in its envelope, as UTF-8 JSON), over the ${MAX_EVENT_BYTES}-byte (256 KiB) limit`;
  throw new InputError([{ path: ["input", "data"], message }]);
}

/**
 * The publish that makes the event durable. When JetStream cannot store it (no stream leader
 * during an election, a node or the connection down), the caller is told to retry, with the
 * same id, which JetStream stores once.
 */
async function storeInStream(js: JetStreamClient, envelope: Envelope, payload: Buffer): Promise<void> {
  const { organizationId, id } = envelope;
  try {
    await js.publish(eventSubject(organizationId, envelope.type), payload, { msgID: `${organizationId}:${id}` });
  } catch (err) {
    const reason = (err as Error).message;
    throw new ServiceUnavailableError(`JetStream cannot store the event now (${reason}); publish it again with the same id (${id}): it is stored once`, 1);
  }
}

/**
 * Publishes an event the way any producer does: to JetStream, deduplicated on
 * `<organizationId>:<id>`. Once this resolves the event is durable (the stream holds it)
 * and ingest fans it out; the same id published twice yields one event.
 */
export async function publishEvent(services: Services, organizationId: string, input: PublishEventInput, opts: PublishOptions = {}): Promise<Event> {
  const candidate = {
    id: input.id ?? newId("evt"),
    type: input.type,
    timestamp: (input.timestamp ?? new Date()).toISOString(),
    organizationId,
    data: input.data,
  };
  const parsed = envelopeSchema.safeParse(candidate);
  if (!parsed.success) {
    throw new InputError(parsed.error.issues.map((i) => ({ path: ["input", ...i.path.map(String)], message: i.message })));
  }
  const envelope: Envelope = parsed.data;
  const payload = encodeEnvelope(envelope);
  assertPublishable(payload);
  const eventType = await services.db.prisma.eventType.findUnique({
    where: { organizationId_name: { organizationId, name: envelope.type } },
    select: { schema: true },
  });
  if (eventType?.schema) {
    const problem = validateAgainstSchema(organizationId, eventType.schema, envelope.data);
    if (problem) throw new InputError([{ path: ["input", "data"], message: problem }]);
  }
  await storeInStream(services.nats.js, envelope, payload);
  const deadline = Date.now() + (opts.awaitStoredMs ?? 0);
  let stored: Event | null = null;
  for (let wait = 5; Date.now() < deadline; wait = Math.min(wait * 2, 100)) {
    await new Promise((r) => setTimeout(r, wait));
    stored ??= await services.db.prisma.event.findUnique({ where: { organizationId_id: { organizationId, id: envelope.id } } });
    if (!stored) continue;
    const written = stored.endpointIds.length === 0 ? 0 : await services.db.prisma.delivery.count({ where: { organizationId, eventId: envelope.id } });
    if (written >= stored.endpointIds.length) return stored;
  }
  if (stored) return stored;
  return {
    organizationId,
    id: envelope.id,
    type: envelope.type,
    timestamp: new Date(envelope.timestamp),
    payload: new Uint8Array(payload),
    endpointIds: [],
    createdAt: new Date(),
  } as Event;
}
