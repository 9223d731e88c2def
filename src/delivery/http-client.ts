import type { LookupFunction } from "node:net";
import type { Readable } from "node:stream";
import { Agent, request } from "undici";
import { classifyError, classifyResponse, errorChain, honoursRetryAfter, type AttemptErrorKind } from "./outcome.ts";
import { parseRetryAfter } from "./retry-policy.ts";
import { resolveAndCheck, validateEndpointUrl, type LookupAll, type UrlCheck } from "./url-policy.ts";

export const MAX_RESPONSE_BODY_BYTES = 4096;
const DEFAULT_MAX_CONNECTIONS_PER_ORIGIN = 32;
const MAX_CHECKED_URLS = 10_000;

export interface AttemptResult {
  /** True only for a 2xx status. */
  ok: boolean;
  status?: number;
  /** The first 4 KiB of the response, decoded as UTF-8. */
  body?: string;
  retryAfterMs?: number;
  error?: AttemptErrorKind;
  errorMessage?: string;
  durationMs: number;
}

export interface DeliveryClientOptions {
  timeoutMs: number;
  allowInsecure: boolean;
  maxConnectionsPerOrigin?: number;
  /** Replaces the system resolver (tests, custom DNS). */
  lookup?: LookupAll;
}

export interface DeliveryClient {
  /** Never rejects: every failure is reported in the result. */
  send(url: string, body: Buffer, headers: Record<string, string>): Promise<AttemptResult>;
  close(): Promise<void>;
}

/**
 * Reads at most a little more than `MAX_RESPONSE_BODY_BYTES` (one chunk), then drops the
 * rest so a huge or endless response costs neither memory nor time; a body still arriving
 * at `deadline` (performance.now() time) is cut there.
 */
async function readBodyPrefix(stream: Readable, deadline: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  const timer = setTimeout(() => stream.destroy(), Math.max(0, deadline - performance.now()));
  try {
    for await (const chunk of stream) {
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      chunks.push(bytes);
      size += bytes.length;
      if (size >= MAX_RESPONSE_BODY_BYTES) break;
    }
  } catch {
    // The receiver has already answered with a status, which decides the outcome;
    // a body cut short by a reset or the deadline only shortens what we keep.
  } finally {
    clearTimeout(timer);
    stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BODY_BYTES).toString("utf8");
}

function describeError(err: unknown, kind: AttemptErrorKind, timeoutMs: number): string {
  if (kind === "TIMEOUT") return `no complete response within ${timeoutMs} ms`;
  const messages = errorChain(err).map((e) => {
    const { message, code } = e as { message?: unknown; code?: unknown };
    if (typeof message === "string" && message !== "") return message;
    return typeof code === "string" ? code : "";
  });
  const distinct = [...new Set(messages.filter((m) => m !== ""))];
  return distinct.length > 0 ? distinct.join(": ") : String(err);
}

export function createDeliveryClient(opts: DeliveryClientOptions): DeliveryClient {
  const { timeoutMs, allowInsecure, lookup } = opts;

  // Runs inside net/tls.connect for every new socket, so a hostname that was public when
  // the endpoint was created but now resolves to an internal address is refused here.
  const connectLookup: LookupFunction = (hostname, options, callback) => {
    resolveAndCheck(hostname, { allowInsecure, lookup }).then(
      (addresses) => {
        const [first] = addresses;
        if (options.all || first === undefined) callback(null, addresses);
        else callback(null, first.address, first.family);
      },
      (err: Error) => callback(err, []),
    );
  };

  // The deadline of an attempt is enforced by undici's own timers (connect, then headers),
  // and for the body by readBodyPrefix: an AbortSignal per request cost about 3 % of a busy
  // worker's CPU.
  const agent = new Agent({
    connections: opts.maxConnectionsPerOrigin ?? DEFAULT_MAX_CONNECTIONS_PER_ORIGIN,
    connectTimeout: timeoutMs,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    connect: { lookup: connectLookup },
  });

  // A URL's verdict never changes for this client, and endpoints are few next to attempts:
  // each URL is parsed and checked once, not once per attempt.
  const checked = new Map<string, UrlCheck>();
  function check(url: string): UrlCheck {
    let verdict = checked.get(url);
    if (!verdict) {
      if (checked.size >= MAX_CHECKED_URLS) checked.clear();
      verdict = validateEndpointUrl(url, { allowInsecure });
      checked.set(url, verdict);
    }
    return verdict;
  }

  async function send(url: string, body: Buffer, headers: Record<string, string>): Promise<AttemptResult> {
    const started = performance.now();
    const elapsed = (): number => Math.round(performance.now() - started);

    // IP-literal hosts never reach the connect-time lookup, so the URL rules are applied here.
    const target = check(url);
    if (!target.ok) return { ok: false, error: "BLOCKED_ADDRESS", errorMessage: target.message, durationMs: elapsed() };

    try {
      // undici's request() never follows redirects, so a 3xx comes back as the outcome.
      const res = await request(target.url, {
        dispatcher: agent,
        method: "POST",
        headers,
        body,
      });
      const responseBody = await readBodyPrefix(res.body, started + timeoutMs);
      const retryAfter = res.headers["retry-after"];
      const retryAfterMs = honoursRetryAfter(res.statusCode)
        ? parseRetryAfter(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, Date.now())
        : undefined;
      return {
        ok: classifyResponse(res.statusCode) === "success",
        status: res.statusCode,
        body: responseBody,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        durationMs: elapsed(),
      };
    } catch (err) {
      const error = classifyError(err);
      return { ok: false, error, errorMessage: describeError(err, error, timeoutMs), durationMs: elapsed() };
    }
  }

  return {
    send,
    close: () => agent.close(),
  };
}
