import type { JetStreamClient } from "@nats-io/jetstream";
import type { Event } from "../db/client.ts";
import type { Nats } from "../nats/connection.ts";
import { eventSubject, MAX_EVENT_BYTES } from "../nats/streams.ts";
import { encodeEnvelope, type Envelope, envelopeSchema } from "../rules/envelope.ts";
import { validateAgainstSchema } from "../rules/event-schemas.ts";
import { newId } from "../rules/ids.ts";
import { countEventDeliveries } from "../store/deliveries.ts";
import { eventTypeSchema } from "../store/event-types.ts";
import { findEvent } from "../store/events.ts";
import type { DbDeps } from "./deps.ts";
import { InputError, ServiceUnavailableError } from "./errors.ts";
import { parseInput } from "./parse-input.ts";

/** What publishing reads (the type's schema, then the stored event) and where it publishes. */
export type PublishDeps = DbDeps & { nats: Pick<Nats, "js"> };

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

/** The envelope a producer would publish for `input`; its problems are reported under `input`. */
function parseEnvelope(organizationId: string, input: PublishEventInput): Envelope {
  const candidate = {
    id: input.id ?? newId("evt"),
    type: input.type,
    timestamp: (input.timestamp ?? new Date()).toISOString(),
    organizationId,
    data: input.data,
  };
  return parseInput(envelopeSchema, candidate, ["input"]);
}

/** Refuses data the registered event type's schema rejects, as ingest would. */
async function assertMatchesSchema(deps: DbDeps, envelope: Envelope): Promise<void> {
  const schema = await eventTypeSchema(deps.db.prisma, envelope.organizationId, envelope.type);
  if (!schema) return;
  const problem = validateAgainstSchema(envelope.organizationId, schema, envelope.data);
  if (problem) throw new InputError([{ path: ["input", "data"], message: problem }]);
}

/** The stored event once ingest has written it and all its deliveries, or as far as it got by `deadline`. */
async function awaitStored(deps: DbDeps, envelope: Envelope, deadline: number): Promise<Event | null> {
  const { organizationId, id } = envelope;
  let stored: Event | null = null;
  for (let wait = 5; Date.now() < deadline; wait = Math.min(wait * 2, 100)) {
    await new Promise((r) => setTimeout(r, wait));
    stored ??= await findEvent(deps.db.prisma, organizationId, id);
    if (!stored) continue;
    const written = stored.endpointIds.length === 0 ? 0 : await countEventDeliveries(deps.db.prisma, organizationId, id);
    if (written >= stored.endpointIds.length) return stored;
  }
  return stored;
}

/**
 * Publishes an event the way any producer does: to JetStream, deduplicated on
 * `<organizationId>:<id>`. Once this resolves the event is durable (the stream holds it)
 * and ingest fans it out; the same id published twice yields one event.
 */
export async function publishEvent(deps: PublishDeps, organizationId: string, input: PublishEventInput, opts: PublishOptions = {}): Promise<Event> {
  const envelope = parseEnvelope(organizationId, input);
  const payload = encodeEnvelope(envelope);
  assertPublishable(payload);
  await assertMatchesSchema(deps, envelope);
  await storeInStream(deps.nats.js, envelope, payload);
  const stored = await awaitStored(deps, envelope, Date.now() + (opts.awaitStoredMs ?? 0));
  if (stored) return stored;
  return {
    organizationId,
    id: envelope.id,
    type: envelope.type,
    timestamp: new Date(envelope.timestamp),
    payload: new Uint8Array(payload),
    endpointIds: [],
    createdAt: new Date(),
    payloadExpiredAt: null,
  } as Event;
}
