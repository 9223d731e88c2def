import { z } from "zod";

// The envelope is the public wire format (SPEC §5): producers publish it to NATS and
// receivers get it byte for byte.

export const EVENT_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;
/** Organization ids are prefixed ULIDs; the pattern only keeps out what Postgres text cannot hold. */
export const ORGANIZATION_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const EVENT_TYPE_PATTERN = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

// Deeper data is refused: the event log could not serialise it back over GraphQL, and
// receivers' parsers stop well before (serde_json at 128 levels).
export const MAX_DATA_DEPTH = 64;

/** Whether objects and arrays nest more than `max` levels in `value`; safe on any depth. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  // Iterative: a recursive walk is what a hostile document is built to overflow. Only
  // objects and arrays are stacked, so flat data (the usual event) allocates nothing.
  const objects: object[] = [];
  const depths: number[] = [];
  if (typeof value === "object" && value !== null) {
    objects.push(value);
    depths.push(1);
  }
  while (objects.length > 0) {
    const v = objects.pop()! as Record<string, unknown>;
    const depth = depths.pop()!;
    if (depth > max) return true;
    for (const key in v) {
      const child = v[key];
      if (typeof child === "object" && child !== null) {
        objects.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}

export const envelopeSchema = z.object({
  id: z.string().regex(EVENT_ID_PATTERN, "must be 1–128 characters of A-Za-z0-9_-"),
  type: z.string().max(128).regex(EVENT_TYPE_PATTERN, "must be dot-separated segments of A-Za-z0-9_-"),
  // What timestamptz cannot hold (year 0000, an offset past ±15:59) is refused here, where it
  // is one message's problem, rather than met by the statement that stores a whole batch.
  timestamp: z.iso
    .datetime({ offset: true, message: "must be an ISO-8601 date-time" })
    .refine((t) => !t.startsWith("0000-"), "must be in the years 0001 to 9999")
    .refine((t) => !/[+-](1[6-9]|[2-9]\d):\d\d$/.test(t), "must have a UTC offset between -15:59 and +15:59"),
  organizationId: z.string().regex(ORGANIZATION_ID_PATTERN, "must be 1–64 characters of A-Za-z0-9_-"),
  // Checked in place rather than with z.record, which copies every key into a new object:
  // ingest keeps the producer's bytes, so the copy was garbage on every event.
  data: z
    .custom<Record<string, unknown>>((v) => typeof v === "object" && v !== null && !Array.isArray(v), { message: "must be a JSON object" })
    .refine((d) => !nestsDeeperThan(d, MAX_DATA_DEPTH), `must not nest objects and arrays more than ${MAX_DATA_DEPTH} levels deep`),
});

export type Envelope = z.infer<typeof envelopeSchema>;

/** Serialises an envelope in the documented field order; used where Herald itself is the producer. */
export function encodeEnvelope(e: Envelope): Buffer {
  return Buffer.from(JSON.stringify({ id: e.id, type: e.type, timestamp: e.timestamp, organizationId: e.organizationId, data: e.data }));
}
