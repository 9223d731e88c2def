// An endpoint's envelope mapping (issue #18): Herald's envelope under the field names a
// platform's receivers already parse, e.g. `{id, event, payload}`. Names only, no code.

/** The name each envelope field takes in the body; null leaves the field out. */
export interface EnvelopeMapping {
  idField: string | null;
  typeField: string | null;
  timestampField: string | null;
  dataField: string | null;
  organizationIdField: string | null;
}

/** The envelope fields a mapped body is built from (rules/envelope.ts `Envelope` fits). */
export interface EnvelopeFields {
  id: string;
  type: string;
  timestamp: string;
  organizationId: string;
  data: unknown;
}

/**
 * The order fields appear in a mapped body: the mapping's own field order, as the issue writes
 * it. Fixed rather than taken from the input object, so a body never depends on how a client
 * happened to order its JSON.
 */
export const MAPPED_FIELD_ORDER = ["idField", "typeField", "timestampField", "dataField", "organizationIdField"] as const;

const SOURCE: Record<(typeof MAPPED_FIELD_ORDER)[number], keyof EnvelopeFields> = {
  idField: "id",
  typeField: "type",
  timestampField: "timestamp",
  dataField: "data",
  organizationIdField: "organizationId",
};

/** The venue/events platform's `{id, event, payload}`. */
export const VENUE_ENVELOPE: EnvelopeMapping = Object.freeze({
  idField: "id",
  typeField: "event",
  timestampField: null,
  dataField: "payload",
  organizationIdField: null,
});

export type EnvelopeEncoder = (envelope: EnvelopeFields) => Buffer;

/**
 * Compiles a mapping once per endpoint into an encoder writing compact JSON with the mapped
 * fields in MAPPED_FIELD_ORDER. The output is what `JSON.stringify` gives for an object with
 * those keys in that order, so receivers that verify `JSON.stringify(req.body)` (or
 * `JSON.stringify(JSON.parse(body))`) see the bytes that were signed. That holds for `data`
 * that came out of `JSON.parse`, which is how ingest reads it.
 */
export function compileEnvelopeMapping(mapping: EnvelopeMapping): EnvelopeEncoder {
  const parts: Array<{ key: string; source: keyof EnvelopeFields }> = [];
  for (const field of MAPPED_FIELD_ORDER) {
    const name = mapping[field];
    // Quoted once here; each encode is then string concatenation and one stringify of `data`.
    if (name !== null) parts.push({ key: `${parts.length === 0 ? "{" : ","}${JSON.stringify(name)}:`, source: SOURCE[field] });
  }
  if (parts.length === 0) return () => Buffer.from("{}");
  return (envelope) => {
    let json = "";
    for (const { key, source } of parts) json += key + JSON.stringify(envelope[source]);
    return Buffer.from(`${json}}`, "utf8");
  };
}

/** One mapped body; the delivery path should compile once per endpoint instead. */
export function mapEnvelope(mapping: EnvelopeMapping, envelope: EnvelopeFields): Buffer {
  return compileEnvelopeMapping(mapping)(envelope);
}

export interface MappingIssue {
  path: string;
  message: string;
}

export const MAX_FIELD_NAME_LENGTH = 64;
// A letter or underscore first: an integer-like name ("0") would be moved to the front of the
// object by JSON.parse, so the receiver's JSON.stringify would no longer give the signed bytes.
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
// A body without these cannot be deduplicated, routed or read, whatever headers come with it.
const REQUIRED: readonly (keyof EnvelopeMapping)[] = ["idField", "typeField", "dataField"];

/** Every problem with a mapping; empty when it is fine. */
export function validateEnvelopeMapping(mapping: EnvelopeMapping): MappingIssue[] {
  const issues: MappingIssue[] = [];
  const seen = new Map<string, string>();
  for (const path of MAPPED_FIELD_ORDER) {
    const name = mapping[path];
    if (name === null || name === undefined) {
      if (REQUIRED.includes(path)) issues.push({ path, message: "is required: every body carries the event id, type and data" });
      continue;
    }
    if (name.length > MAX_FIELD_NAME_LENGTH) issues.push({ path, message: `must be at most ${MAX_FIELD_NAME_LENGTH} characters` });
    else if (!FIELD_NAME.test(name)) issues.push({ path, message: "must start with a letter or _ and contain only A-Za-z0-9_-" });
    // Hardened JSON parsers (fastify's secure-json-parse) refuse a body with this key.
    else if (name === "__proto__") issues.push({ path, message: "must not be __proto__" });
    const other = seen.get(name);
    if (other) issues.push({ path, message: `is the same name as ${other}` });
    seen.set(name, path);
  }
  return issues;
}
