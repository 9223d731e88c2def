/**
 * One-dimensional PostgreSQL arrays in the binary wire format (array_send/array_recv), for
 * batch statements that pass each column as an array parameter (`unnest($1::text[], …)`).
 *
 * node-postgres sends a Buffer parameter in binary format, and Postgres decodes it with the
 * parameter's declared type. The default path turns every array into an escaped text literal
 * (`{"a","b"}`, bytea as hex) that Postgres then parses again: on the delivery path that was
 * the worker's largest source of garbage and a visible share of Postgres's CPU.
 * The cast in the statement must name the same element type as the encoder used here.
 */

const OID = { bool: 16, bytea: 17, int4: 23, text: 25 } as const;
const HEADER_BYTES = 20;

function encode<T>(oid: number, values: readonly (T | null | undefined)[], size: (v: T) => number, write: (buf: Buffer, offset: number, v: T) => void): Buffer {
  let total = HEADER_BYTES;
  let hasNull = 0;
  for (const v of values) {
    if (v === null || v === undefined) {
      hasNull = 1;
      total += 4;
    } else total += 4 + size(v);
  }
  const buf = Buffer.allocUnsafe(values.length === 0 ? 12 : total);
  // An empty array has no dimensions at all.
  buf.writeInt32BE(values.length === 0 ? 0 : 1, 0);
  buf.writeInt32BE(hasNull, 4);
  buf.writeInt32BE(oid, 8);
  if (values.length === 0) return buf;
  buf.writeInt32BE(values.length, 12);
  buf.writeInt32BE(1, 16);
  let offset = HEADER_BYTES;
  for (const v of values) {
    if (v === null || v === undefined) {
      buf.writeInt32BE(-1, offset);
      offset += 4;
      continue;
    }
    const n = size(v);
    buf.writeInt32BE(n, offset);
    write(buf, offset + 4, v);
    offset += 4 + n;
  }
  return buf;
}

export const pgArray = {
  /** For `$n::text[]` (and enum or timestamptz columns cast from text). Text must hold no NUL. */
  text: (values: readonly (string | null | undefined)[]): Buffer =>
    encode<string>(
      OID.text,
      values,
      (v) => Buffer.byteLength(v, "utf8"),
      (buf, offset, v) => buf.write(v, offset, "utf8"),
    ),
  /** For `$n::bytea[]`. */
  bytea: (values: readonly (Uint8Array | null | undefined)[]): Buffer =>
    encode<Uint8Array>(
      OID.bytea,
      values,
      (v) => v.byteLength,
      (buf, offset, v) => buf.set(v, offset),
    ),
  /** For `$n::int[]`: 32-bit integers. */
  int4: (values: readonly (number | null | undefined)[]): Buffer =>
    encode<number>(
      OID.int4,
      values,
      () => 4,
      (buf, offset, v) => buf.writeInt32BE(v, offset),
    ),
  /** For `$n::bool[]`. */
  bool: (values: readonly (boolean | null | undefined)[]): Buffer =>
    encode<boolean>(
      OID.bool,
      values,
      () => 1,
      (buf, offset, v) => buf.writeUInt8(v ? 1 : 0, offset),
    ),
};
