import { randomFillSync } from "node:crypto";
import { encodeTime, monotonicFactory } from "ulidx";

const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let next = POOL_BYTES;

/**
 * ulidx asks its PRNG once per character, and its default draws each from the system CSPRNG
 * (16 calls per id): at a few hundred ids a second that was 9 % of a worker's CPU. Drawing
 * from a pooled buffer of the same CSPRNG keeps the randomness and costs one call per 256 ids.
 * `byte & 31` over 32 is exactly uniform over the 32 ULID characters.
 */
function pooledRandom(): number {
  if (next === POOL_BYTES) {
    randomFillSync(pool);
    next = 0;
  }
  return (pool[next++]! & 31) / 32;
}

const ulid = monotonicFactory(pooledRandom);

export type IdPrefix = "org" | "ep" | "evt" | "dlv" | "att" | "key" | "et" | "sec" | "rej" | "run" | "req" | "ps";

/** Prefixed ULIDs: sortable by creation time, and the prefix tells what an id names. */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${ulid()}`;
}

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

function base32(n: number, width: number): string {
  let out = "";
  for (let i = 0; i < width; i++, n = Math.floor(n / 32)) out = CROCKFORD[n % 32] + out;
  return out;
}

/**
 * A ULID-shaped id that sorts by (timeMs, sequence, index) instead of by when it was made:
 * for rows that must come out in the order their messages were published (held deliveries:
 * ingest stores batches concurrently, so newId's order is the order they were stored in).
 * `sequence` is the message's stream sequence (below 2^53), `index` tells apart the ids of one
 * message (below 32^4).
 */
export function sequencedId(prefix: IdPrefix, timeMs: number, sequence: number, index: number): string {
  if (index >= 32 ** 4) throw new RangeError(`index ${index} is past ${32 ** 4 - 1}`);
  return `${prefix}_${encodeTime(timeMs, 10)}${base32(sequence, 12)}${base32(index, 4)}`;
}

/**
 * Every id Herald issues, and every producer-chosen event id (envelope.ts), is 1–128
 * characters of A-Za-z0-9_-. Anything else cannot name a row, and must not reach Postgres
 * (a NUL in a text parameter fails the statement).
 */
const WELL_FORMED_ID = /^[A-Za-z0-9_-]{1,128}$/;

export function isWellFormedId(value: string): boolean {
  return WELL_FORMED_ID.test(value);
}
