import type { Event } from "../db/client.ts";
import { newId } from "../ids.ts";
import { eventSubject } from "../nats/streams.ts";
import type { Services } from "../services.ts";
import { encodeEnvelope, envelopeSchema, type Envelope } from "./envelope.ts";
import { validateAgainstSchema } from "./event-schemas.ts";
import { InputError } from "./input-error.ts";

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
  const eventType = await services.db.prisma.eventType.findUnique({
    where: { organizationId_name: { organizationId, name: envelope.type } },
    select: { schema: true },
  });
  if (eventType?.schema) {
    const problem = validateAgainstSchema(organizationId, eventType.schema, envelope.data);
    if (problem) throw new InputError([{ path: ["input", "data"], message: problem }]);
  }
  const payload = encodeEnvelope(envelope);
  await services.nats.js.publish(eventSubject(organizationId, envelope.type), payload, {
    msgID: `${organizationId}:${envelope.id}`,
  });
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
