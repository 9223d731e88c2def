import { BlockedAddressError, DnsError } from "./url-policy.ts";

export const ATTEMPT_ERROR_KINDS = ["TIMEOUT", "CONNECTION", "DNS", "TLS", "BLOCKED_ADDRESS", "RESPONSE_ERROR"] as const;
export type AttemptErrorKind = (typeof ATTEMPT_ERROR_KINDS)[number];

export type ResponseClass = "success" | "retry" | "permanent";

/** SPEC §6. Redirects are never followed, so a 3xx (like a stray 1xx) is treated as a transient failure. */
export function classifyResponse(status: number): ResponseClass {
  if (status >= 200 && status <= 299) return "success";
  if (status === 408 || status === 429) return "retry";
  if (status >= 400 && status <= 499) return "permanent";
  return "retry";
}

/**
 * The receiver asks never to be sent anything again (Stripe's rule for 410 Gone): the endpoint
 * is disabled at once rather than after failing for days, since retrying cannot change the answer.
 */
export function asksToStop(status: number): boolean {
  return status === 410;
}

export function honoursRetryAfter(status: number): boolean {
  return status === 429 || status === 503;
}

const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "EAI_NONAME", "EAI_NODATA", "EAI_ADDRFAMILY"]);
const TLS_CODE_PREFIXES = ["ERR_TLS_", "ERR_SSL_", "CERT_"];
const TLS_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "HOSTNAME_MISMATCH",
  "UND_ERR_PRX_TLS",
]);
const TIMEOUT_CODES = new Set(["UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "ETIMEDOUT", "ESOCKETTIMEDOUT"]);
// AbortError: our only abort source is the per-attempt deadline, so an abort means time ran out.
const TIMEOUT_NAMES = new Set(["TimeoutError", "AbortError"]);
const RESPONSE_CODES = new Set(["UND_ERR_RES_CONTENT_LENGTH_MISMATCH", "UND_ERR_RES_EXCEEDED_MAX_SIZE", "UND_ERR_HEADERS_OVERFLOW", "UND_ERR_RESPONSE"]);
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ENETUNREACH",
  "ENETDOWN",
  "EADDRNOTAVAIL",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_DESTROYED",
]);

// When a chain holds several recognisable errors, the most specific one names the failure
// (a socket error caused by a certificate problem is a TLS failure).
const PRIORITY: readonly AttemptErrorKind[] = ["BLOCKED_ADDRESS", "DNS", "TLS", "TIMEOUT", "RESPONSE_ERROR", "CONNECTION"];

function stringProp(value: object, key: string): string | undefined {
  const prop = (value as Record<string, unknown>)[key];
  return typeof prop === "string" ? prop : undefined;
}

function kindOf(err: object): AttemptErrorKind | undefined {
  if (err instanceof BlockedAddressError) return "BLOCKED_ADDRESS";
  if (err instanceof DnsError) return "DNS";
  const code = stringProp(err, "code") ?? "";
  const name = stringProp(err, "name") ?? "";
  if (DNS_CODES.has(code)) return "DNS";
  if (TLS_CODES.has(code) || TLS_CODE_PREFIXES.some((p) => code.startsWith(p))) return "TLS";
  if (stringProp(err, "library") === "SSL routines") return "TLS";
  if (TIMEOUT_CODES.has(code) || TIMEOUT_NAMES.has(name)) return "TIMEOUT";
  if (RESPONSE_CODES.has(code) || code.startsWith("HPE_") || name === "HTTPParserError") return "RESPONSE_ERROR";
  if (CONNECTION_CODES.has(code)) return "CONNECTION";
  return undefined;
}

/** The error itself, its `cause` chain and the members of aggregate errors (Happy Eyeballs failures). */
export function errorChain(err: unknown): object[] {
  const seen = new Set<object>();
  const queue: unknown[] = [err];
  while (queue.length > 0) {
    const current = queue.shift();
    if (typeof current !== "object" || current === null || seen.has(current)) continue;
    seen.add(current);
    queue.push((current as { cause?: unknown }).cause);
    const members = (current as { errors?: unknown }).errors;
    if (Array.isArray(members)) queue.push(...members);
  }
  return [...seen];
}

/** Unrecognised failures count as connection errors, so they are retried rather than dropped. */
export function classifyError(err: unknown): AttemptErrorKind {
  const kinds = new Set(errorChain(err).map(kindOf));
  return PRIORITY.find((kind) => kinds.has(kind)) ?? "CONNECTION";
}
