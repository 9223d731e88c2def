/** Headers Herald sets on every delivery; an endpoint's custom headers may not override them. */
export const RESERVED_HEADERS: readonly string[] = Object.freeze([
  "webhook-id",
  "webhook-timestamp",
  "webhook-signature",
  "content-type",
  "content-length",
  "user-agent",
  "host",
  "connection",
  "transfer-encoding",
  "x-herald-event-type",
  "x-herald-delivery-id",
  "x-herald-attempt",
]);

const RESERVED = new Set(RESERVED_HEADERS);
// Connection-level headers that undici refuses outright; accepting them would make every attempt fail.
const HOP_BY_HOP = new Set(["keep-alive", "upgrade", "expect", "te", "trailer", "proxy-connection"]);

export const MAX_CUSTOM_HEADERS = 32;
export const MAX_HEADER_VALUE_LENGTH = 4096;

// RFC 9110 §5.6.2 token.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// RFC 9110 §5.5 field-value: visible ASCII, obs-text, space and tab.
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** Problems with an endpoint's custom headers, one readable message each; empty when they are fine. */
export function validateCustomHeaders(h: Record<string, string>): string[] {
  const problems: string[] = [];
  const entries = Object.entries(h);
  if (entries.length > MAX_CUSTOM_HEADERS) {
    problems.push(`at most ${MAX_CUSTOM_HEADERS} custom headers are allowed, got ${entries.length}`);
  }
  const seen = new Set<string>();
  for (const [name, value] of entries) {
    const lower = name.toLowerCase();
    if (!TOKEN.test(name)) {
      problems.push(`header name ${JSON.stringify(name)} is not a valid HTTP header name`);
    } else if (RESERVED.has(lower)) {
      problems.push(`header ${name} is set by Herald and cannot be overridden`);
    } else if (HOP_BY_HOP.has(lower)) {
      problems.push(`header ${name} controls the connection and cannot be set`);
    } else if (seen.has(lower)) {
      problems.push(`header ${name} is given more than once (header names are case-insensitive)`);
    }
    seen.add(lower);
    if (/[\r\n]/.test(value)) {
      problems.push(`value of header ${name} must not contain line breaks`);
    } else if (!FIELD_VALUE.test(value)) {
      problems.push(`value of header ${name} contains characters not allowed in HTTP headers`);
    }
    if (value.length > MAX_HEADER_VALUE_LENGTH) {
      problems.push(`value of header ${name} is longer than ${MAX_HEADER_VALUE_LENGTH} characters`);
    }
  }
  return problems;
}

export interface DeliveryHeaderInput {
  /** What the endpoint's wire format sends: the signature, and its id, timestamp, type and user-agent headers. */
  signed: Record<string, string>;
  eventType: string;
  deliveryId: string;
  attempt: number;
  version: string;
  custom?: Record<string, string>;
}

/** The request headers of one attempt (SPEC §6); content-length is left to the HTTP client. */
export function buildDeliveryHeaders({ signed, eventType, deliveryId, attempt, version, custom = {} }: DeliveryHeaderInput): Record<string, string> {
  const headers: Record<string, string> = {};
  // Filtered again here, not only at input time, so a header stored before a rule existed
  // (or in another letter case) can never duplicate or replace one of ours on the wire.
  for (const [name, value] of Object.entries(custom)) {
    const lower = name.toLowerCase();
    if (!RESERVED.has(lower) && !HOP_BY_HOP.has(lower)) headers[lower] = value;
  }
  Object.assign(headers, signed);
  headers["content-type"] = "application/json";
  headers["user-agent"] ??= `Herald/${version}`;
  headers["x-herald-event-type"] = eventType;
  headers["x-herald-delivery-id"] = deliveryId;
  headers["x-herald-attempt"] = String(attempt);
  return headers;
}
