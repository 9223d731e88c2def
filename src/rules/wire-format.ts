import { createHmac, createSecretKey, type KeyObject } from "node:crypto";
import { ed25519PrivateKey, formatPublicKey } from "./ed25519-key.ts";
import { validateCustomHeaders } from "./headers.ts";
import { formatSecret } from "./secret-key.ts";
import { signPayload, signPayloadV1a } from "./sign.ts";

// How a delivery is signed and which headers carry the signature (issue #18): Standard Webhooks
// (SPEC §6, the default), the same algorithm under Svix's header names, or a platform's own
// HMAC headers, so a platform moving onto Herald keeps the contract its customers verify today.

export type Preset = "STANDARD_WEBHOOKS" | "SVIX" | "HMAC_HEADERS";
export type SignedContent = "BODY" | "TIMESTAMP_DOT_BODY";
export type SignatureEncoding = "HEX" | "BASE64";

export interface HmacHeadersFormat {
  preset: "HMAC_HEADERS";
  /** Lowercase header names; a null header is not sent. */
  signatureHeader: string;
  timestampHeader: string | null;
  idHeader: string | null;
  eventTypeHeader: string | null;
  signedContent: SignedContent;
  encoding: SignatureEncoding;
  /** Put before the encoded signature, e.g. `sha256=`. */
  prefix: string | null;
  /** Replaces `Herald/<version>` when set. */
  userAgent: string | null;
}

export type WireFormat = { preset: "STANDARD_WEBHOOKS" } | { preset: "SVIX" } | HmacHeadersFormat;

/** A wire format as an API caller gives it: every HMAC_HEADERS field optional, names in any letter case. */
export interface WireFormatInput {
  preset: string;
  signatureHeader?: string | null;
  timestampHeader?: string | null;
  idHeader?: string | null;
  eventTypeHeader?: string | null;
  signedContent?: string | null;
  encoding?: string | null;
  prefix?: string | null;
  userAgent?: string | null;
}

/**
 * One signing secret as decrypted for delivery. `whsec`: a Standard Webhooks secret, `bytes` are
 * the base64-decoded part (what secret-key.ts encrypts today). `raw`: a secret imported as it is,
 * `bytes` are its UTF-8 bytes. `ed25519`: `bytes` are the seed of an ed25519 private key, which
 * signs `v1a,` (signatureScheme ED25519). Storing the kind beside the ciphertext keeps the
 * shapes apart without changing the encryption.
 */
export interface SigningKey {
  kind: "whsec" | "raw" | "ed25519";
  bytes: Buffer;
}

/** HMAC_SHA256: `v1,` signatures with a shared secret; ED25519: `v1a,` signatures checked with a public key. */
export type SignatureScheme = "HMAC_SHA256" | "ED25519";

export function ed25519Key(seed: Buffer): SigningKey {
  return { kind: "ed25519", bytes: seed };
}

export function whsecKey(bytes: Buffer): SigningKey {
  return { kind: "whsec", bytes };
}

export function rawKey(secret: string): SigningKey {
  return { kind: "raw", bytes: Buffer.from(secret, "utf8") };
}

/** What the receiver holds to verify (what `endpointSecret` shows): the secret, or for ed25519 the `whpk_` public key only. */
export function secretText(key: SigningKey): string {
  if (key.kind === "ed25519") return formatPublicKey(key.bytes);
  return key.kind === "whsec" ? formatSecret(key.bytes) : key.bytes.toString("utf8");
}

export const DEFAULT_WIRE_FORMAT: WireFormat = Object.freeze({ preset: "STANDARD_WEBHOOKS" });

/** The ticketing/queue platform: `sha256=<hex>` of `<timestamp>.<body>`, Herald's envelope as it is. */
export const FANFARE: HmacHeadersFormat = Object.freeze({
  preset: "HMAC_HEADERS",
  signatureHeader: "x-fanfare-signature",
  timestampHeader: "x-fanfare-timestamp",
  idHeader: "x-fanfare-delivery-id",
  eventTypeHeader: "x-fanfare-event-type",
  signedContent: "TIMESTAMP_DOT_BODY",
  encoding: "HEX",
  prefix: "sha256=",
  userAgent: "Fanfare-Webhooks/1.0",
});

/**
 * The venue/events platform: hex, no prefix. Its receivers sign `JSON.stringify(JSON.parse(body))`;
 * signing BODY matches because the mapped envelope it is used with (envelope-mapping.ts VENUE_ENVELOPE)
 * is serialised compactly in field order, so that round trip gives back the body unchanged.
 */
export const VENUE: HmacHeadersFormat = Object.freeze({
  preset: "HMAC_HEADERS",
  signatureHeader: "x-webhook-signature",
  timestampHeader: null,
  idHeader: null,
  eventTypeHeader: null,
  signedContent: "BODY",
  encoding: "HEX",
  prefix: null,
  userAgent: null,
});

/** The competitions platform: hex of the raw body, with a timestamp header that is not signed. */
export const COMPS: HmacHeadersFormat = Object.freeze({
  preset: "HMAC_HEADERS",
  signatureHeader: "x-comps-signature",
  timestampHeader: "x-comps-timestamp",
  idHeader: null,
  eventTypeHeader: null,
  signedContent: "BODY",
  encoding: "HEX",
  prefix: null,
  userAgent: null,
});

/** The travel platform on Svix: Standard Webhooks' algorithm under `svix-*` header names. */
export const SVIX: WireFormat = Object.freeze({ preset: "SVIX" });

export interface SignedMessage {
  /** The event id: the same on every attempt, so receivers can dedupe on it. */
  id: string;
  /** Unix seconds of this attempt. */
  timestamp: number;
  eventType: string;
  body: Uint8Array;
}

/** Lowercase header name → value: the signature, and the id/timestamp/type/user-agent headers the format sends. */
export type SignedHeaders = Record<string, string>;

export type Signer = (message: SignedMessage) => SignedHeaders;

/**
 * Does the per-endpoint work once (HMAC and ed25519 key objects, header names) so that signing
 * one request is one HMAC or ed25519 signature per key and a small object. `keys` are oldest
 * first, as the endpoint cache loads them; a format with one signature value signs with the
 * newest only, so during a rotation grace period its receivers must already hold the new secret.
 */
export function compileWireFormat(format: WireFormat, keys: readonly SigningKey[]): Signer {
  if (keys.length === 0) throw new RangeError("at least one signing key is required");
  if (format.preset === "HMAC_HEADERS") return compileHmacHeaders(format, keys[keys.length - 1]!);
  return compileStandard(format.preset === "SVIX" ? SVIX_NAMES : STANDARD_NAMES, keys);
}

/** `compileWireFormat` for one request; the delivery path should compile once per endpoint instead. */
export function signedHeaders(format: WireFormat, keys: readonly SigningKey[], message: SignedMessage): SignedHeaders {
  return compileWireFormat(format, keys)(message);
}

interface StandardNames {
  id: string;
  timestamp: string;
  signature: string;
}

const STANDARD_NAMES: StandardNames = { id: "webhook-id", timestamp: "webhook-timestamp", signature: "webhook-signature" };
const SVIX_NAMES: StandardNames = { id: "svix-id", timestamp: "svix-timestamp", signature: "svix-signature" };

function compileStandard(names: StandardNames, keys: readonly SigningKey[]): Signer {
  const raw = keys.find((k) => k.kind === "raw");
  // An imported secret is the HMAC key itself; Standard Webhooks receivers would base64-decode it.
  if (raw) throw new RangeError("an imported secret signs only with the HMAC_HEADERS preset");
  const hmacKeys = keys.filter((k) => k.kind === "whsec").map((k) => k.bytes);
  const ed25519Keys = keys.filter((k) => k.kind === "ed25519").map((k) => ed25519PrivateKey(k.bytes));
  return ({ id, timestamp, body }) => {
    const message = { msgId: id, timestamp, body };
    const v1 = hmacKeys.length > 0 ? signPayload({ ...message, keys: hmacKeys }) : "";
    const v1a = ed25519Keys.length > 0 ? signPayloadV1a({ ...message, keys: ed25519Keys }) : "";
    return { [names.id]: id, [names.timestamp]: String(timestamp), [names.signature]: v1 && v1a ? `${v1} ${v1a}` : v1 || v1a };
  };
}

function compileHmacHeaders(format: HmacHeadersFormat, key: SigningKey): Signer {
  if (key.kind === "ed25519") throw new RangeError("an ed25519 key signs only with the STANDARD_WEBHOOKS or SVIX preset");
  // The receiver keys its HMAC with the secret string it holds, whichever kind Herald generated.
  const hmacKey: KeyObject = createSecretKey(Buffer.from(secretText(key), "utf8"));
  const { signatureHeader, timestampHeader, idHeader, eventTypeHeader, userAgent } = format;
  const encoding = format.encoding === "HEX" ? "hex" : "base64";
  const prefix = format.prefix ?? "";
  const dotted = format.signedContent === "TIMESTAMP_DOT_BODY";
  return ({ id, timestamp, eventType, body }) => {
    if (!Number.isSafeInteger(timestamp)) throw new RangeError(`timestamp must be integer unix seconds, got ${timestamp}`);
    const hmac = createHmac("sha256", hmacKey);
    if (dotted) hmac.update(`${timestamp}.`, "utf8");
    const headers: SignedHeaders = { [signatureHeader]: prefix + hmac.update(body).digest(encoding) };
    if (timestampHeader) headers[timestampHeader] = String(timestamp);
    if (idHeader) headers[idHeader] = id;
    if (eventTypeHeader) headers[eventTypeHeader] = eventType;
    if (userAgent) headers["user-agent"] = userAgent;
    return headers;
  };
}

export interface FormatIssue {
  /** The input field at fault, e.g. `signatureHeader`; empty for the whole input. */
  path: string;
  message: string;
}

export const MAX_HEADER_NAME_LENGTH = 64;
export const MAX_PREFIX_LENGTH = 32;
export const MAX_USER_AGENT_LENGTH = 256;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const PRESETS: readonly string[] = ["STANDARD_WEBHOOKS", "SVIX", "HMAC_HEADERS"];
const HEADER_FIELDS = ["signatureHeader", "timestampHeader", "idHeader", "eventTypeHeader"] as const;
const HMAC_ONLY_FIELDS = [...HEADER_FIELDS, "signedContent", "encoding", "prefix", "userAgent"] as const;

export type ParsedWireFormat = { ok: true; format: WireFormat } | { ok: false; issues: FormatIssue[] };

/** The input checked and normalised (header names lowercased, absent fields null), or every problem with it. */
export function parseWireFormat(input: WireFormatInput): ParsedWireFormat {
  if (!PRESETS.includes(input.preset)) return fail([{ path: "preset", message: `must be one of ${PRESETS.join(", ")}` }]);
  if (input.preset !== "HMAC_HEADERS") {
    const stray = HMAC_ONLY_FIELDS.filter((f) => input[f] != null);
    if (stray.length > 0) return fail(stray.map((path) => ({ path, message: "applies only to the HMAC_HEADERS preset" })));
    return { ok: true, format: { preset: input.preset as "STANDARD_WEBHOOKS" | "SVIX" } };
  }
  const issues = [...headerNameIssues(input), ...hmacChoiceIssues(input), ...textIssues(input)];
  if (issues.length > 0) return fail(issues);
  return { ok: true, format: normaliseHmacHeaders(input) };
}

/** Every problem with a wire format input; empty when it is fine. */
export function validateWireFormat(input: WireFormatInput): FormatIssue[] {
  const parsed = parseWireFormat(input);
  return parsed.ok ? [] : parsed.issues;
}

function fail(issues: FormatIssue[]): ParsedWireFormat {
  return { ok: false, issues };
}

function headerNameIssues(input: WireFormatInput): FormatIssue[] {
  const issues: FormatIssue[] = [];
  if (input.signatureHeader == null) issues.push({ path: "signatureHeader", message: "is required with the HMAC_HEADERS preset" });
  const seen = new Map<string, string>();
  for (const path of HEADER_FIELDS) {
    const name = input[path];
    if (name == null) continue;
    if (name.length > MAX_HEADER_NAME_LENGTH) {
      issues.push({ path, message: `must be at most ${MAX_HEADER_NAME_LENGTH} characters` });
      continue;
    }
    // The custom-header rules: a valid token, and not a header Herald sets or the connection needs.
    for (const message of validateCustomHeaders({ [name]: "" })) issues.push({ path, message });
    const lower = name.toLowerCase();
    const other = seen.get(lower);
    if (other) issues.push({ path, message: `names the same header as ${other} (header names are case-insensitive)` });
    seen.set(lower, path);
  }
  return issues;
}

function hmacChoiceIssues(input: WireFormatInput): FormatIssue[] {
  const issues: FormatIssue[] = [];
  if (input.signedContent !== "BODY" && input.signedContent !== "TIMESTAMP_DOT_BODY") {
    issues.push({ path: "signedContent", message: "must be BODY or TIMESTAMP_DOT_BODY" });
  } else if (input.signedContent === "TIMESTAMP_DOT_BODY" && input.timestampHeader == null) {
    issues.push({ path: "timestampHeader", message: "is required when the signed content includes the timestamp" });
  }
  if (input.encoding !== "HEX" && input.encoding !== "BASE64") issues.push({ path: "encoding", message: "must be HEX or BASE64" });
  return issues;
}

function textIssues(input: WireFormatInput): FormatIssue[] {
  const issues: FormatIssue[] = [];
  for (const [path, max] of [
    ["prefix", MAX_PREFIX_LENGTH],
    ["userAgent", MAX_USER_AGENT_LENGTH],
  ] as const) {
    const value = input[path];
    if (value == null) continue;
    if (!PRINTABLE_ASCII.test(value)) issues.push({ path, message: "must be printable ASCII" });
    if (value.length > max) issues.push({ path, message: `must be at most ${max} characters` });
    if (path === "userAgent" && value.trim() === "") issues.push({ path, message: "must not be blank" });
  }
  return issues;
}

function normaliseHmacHeaders(input: WireFormatInput): HmacHeadersFormat {
  const lower = (name: string | null | undefined) => (name == null ? null : name.toLowerCase());
  return {
    preset: "HMAC_HEADERS",
    signatureHeader: input.signatureHeader!.toLowerCase(),
    timestampHeader: lower(input.timestampHeader),
    idHeader: lower(input.idHeader),
    eventTypeHeader: lower(input.eventTypeHeader),
    signedContent: input.signedContent as SignedContent,
    encoding: input.encoding as SignatureEncoding,
    prefix: input.prefix || null,
    userAgent: input.userAgent ?? null,
  };
}

export const MIN_IMPORTED_SECRET_LENGTH = 16;
export const MAX_IMPORTED_SECRET_LENGTH = 256;

/** Problems with a secret imported as it is (HMAC_HEADERS only); empty when it is fine. Messages never echo it. */
export function validateImportedSecret(secret: string): string[] {
  const problems: string[] = [];
  if (secret.length < MIN_IMPORTED_SECRET_LENGTH || secret.length > MAX_IMPORTED_SECRET_LENGTH) {
    problems.push(`secret must be ${MIN_IMPORTED_SECRET_LENGTH} to ${MAX_IMPORTED_SECRET_LENGTH} characters, got ${secret.length}`);
  }
  if (!PRINTABLE_ASCII.test(secret)) problems.push("secret must be printable ASCII characters");
  // Receivers read it from config files and env vars, where edge blanks are often trimmed and the HMAC key would change.
  else if (secret.trim() !== secret) problems.push("secret must not start or end with a space");
  return problems;
}

/** Whether an endpoint's secrets can sign with `format`: imported secrets only with HMAC_HEADERS, ed25519 keys never with it. */
export function acceptsSecretKind(format: WireFormat, kind: SigningKey["kind"]): boolean {
  if (kind === "whsec") return true;
  return (kind === "raw") === (format.preset === "HMAC_HEADERS");
}

/** Whether `format` can carry `scheme`'s signatures: HMAC_HEADERS is HMAC by definition. */
export function acceptsSignatureScheme(format: WireFormat, scheme: SignatureScheme): boolean {
  return scheme === "HMAC_SHA256" || format.preset !== "HMAC_HEADERS";
}
