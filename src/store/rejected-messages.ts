import type pg from "pg";
import { pgArray } from "../db/binary-array.ts";
import { withoutNul } from "../db/text.ts";
import { newId } from "../rules/ids.ts";

export interface Rejection {
  organizationId: string | null;
  subject: string;
  reason: string;
  excerpt: Buffer;
  size: number;
  /** With publishedAt (ISO 8601), the message's identity in the EVENTS stream: one redelivered is recorded once. */
  streamSequence: number;
  publishedAt: string;
}

/**
 * The CTE `rej` that records rejected messages, once per EVENTS message however often it is
 * redelivered: part of ingest's one-statement batch (store/events.ts), its parameters
 * numbered from `first` (eight of them) and filled by rejectedMessagesValues.
 */
export function rejectedMessagesCte(first: number): string {
  const p = (i: number) => `$${first + i}`;
  return `rej AS (
       INSERT INTO rejected_messages (id, organization_id, subject, reason, excerpt, size, stream_sequence, published_at)
       SELECT * FROM unnest(${p(0)}::text[], ${p(1)}::text[], ${p(2)}::text[], ${p(3)}::text[], ${p(4)}::bytea[], ${p(5)}::int[],
                            ${p(6)}::text[]::int8[], ${p(7)}::text[]::timestamptz[])
       ON CONFLICT (stream_sequence, published_at) DO NOTHING
     )`;
}

export function rejectedMessagesValues(rejections: Rejection[]): unknown[] {
  return [
    pgArray.text(rejections.map(() => newId("rej"))),
    pgArray.text(rejections.map((r) => r.organizationId)),
    pgArray.text(rejections.map((r) => withoutNul(r.subject))),
    pgArray.text(rejections.map((r) => withoutNul(r.reason))),
    pgArray.bytea(rejections.map((r) => r.excerpt)),
    pgArray.int4(rejections.map((r) => r.size)),
    pgArray.text(rejections.map((r) => String(r.streamSequence))),
    pgArray.text(rejections.map((r) => r.publishedAt)),
  ];
}

/**
 * Deletes up to `limit` rejected messages with ids in (afterId, beforeId), oldest first, through
 * the primary key (ULIDs: rules/retention.ts idMadeAt); returns how many and the last id
 * deleted, where the next batch starts.
 */
export async function deleteRejectedBefore(
  pool: pg.Pool,
  range: { afterId: string; beforeId: string },
  limit: number,
): Promise<{ deleted: number; lastId: string | null }> {
  // `= ANY(ARRAY(…))`, not `IN (…)`: a lookup per id, never a hash join over the whole table.
  const { rows } = await pool.query<{ deleted: number; lastId: string | null }>(
    `WITH gone AS (
       DELETE FROM rejected_messages WHERE id = ANY(ARRAY(SELECT id FROM rejected_messages WHERE id > $1 AND id < $2 ORDER BY id LIMIT $3))
       RETURNING id)
     SELECT count(*)::int AS deleted, max(id) AS "lastId" FROM gone`,
    [range.afterId, range.beforeId, limit],
  );
  return rows[0] ?? { deleted: 0, lastId: null };
}
