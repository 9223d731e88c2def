/** One HTTP header of an attempt, as GraphQL shows it. */
export interface HttpHeader {
  name: string;
  value: string;
}

/** Response headers as undici hands them over: lower-case names, a repeated header as an array. */
export type ReceivedHeaders = Record<string, string | string[] | undefined>;

export const MAX_KEPT_RESPONSE_HEADERS = 50;
/** Names and values together; undici decodes header bytes as latin1, so characters are bytes. */
export const MAX_KEPT_RESPONSE_HEADER_CHARS = 4096;
/** The last header kept when a receiver sent more than is kept: says how many were left out. */
export const TRUNCATION_MARKER = "x-herald-truncated";

// Stored as text holding a flat JSON array [name, value, name, value, …]: one string per
// attempt that Postgres copies without parsing (a jsonb column would parse every one on the
// hot path), with JSON's own escaping for whatever a receiver sends.

/** The stored form of the headers Herald sent (built and validated by Herald itself). */
export function encodeSentHeaders(headers: Record<string, string>): string {
  const flat: string[] = [];
  for (const name in headers) flat.push(name, headers[name]!);
  return JSON.stringify(flat);
}

/**
 * The stored form of the headers a receiver answered with, bounded: the first headers that
 * fit in MAX_KEPT_RESPONSE_HEADERS and MAX_KEPT_RESPONSE_HEADER_CHARS are kept (a huge one
 * is left out rather than hiding the small ones after it), then a TRUNCATION_MARKER header
 * counts those left out.
 */
export function encodeReceivedHeaders(headers: ReceivedHeaders): string {
  const flat: string[] = [];
  let chars = 0;
  let left = 0;
  const keep = (name: string, value: string): void => {
    if (flat.length < 2 * MAX_KEPT_RESPONSE_HEADERS && chars + name.length + value.length <= MAX_KEPT_RESPONSE_HEADER_CHARS) {
      flat.push(name, value);
      chars += name.length + value.length;
    } else left++;
  };
  for (const name in headers) {
    const value = headers[name];
    if (typeof value === "string") keep(name, value);
    else if (value) for (const v of value) keep(name, v);
  }
  if (left > 0) flat.push(TRUNCATION_MARKER, `${left} more not kept`);
  return JSON.stringify(flat);
}

/** The headers of a stored attempt; none for an attempt stored before headers were kept. */
export function decodeHeaders(stored: string | null): HttpHeader[] {
  if (!stored) return [];
  const flat = JSON.parse(stored) as string[];
  const headers: HttpHeader[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) headers.push({ name: flat[i]!, value: flat[i + 1]! });
  return headers;
}
