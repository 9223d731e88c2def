import type { LookupFunction } from "node:net";
import { Agent, type Dispatcher } from "undici";
import { classifyError, classifyResponse, errorChain, honoursRetryAfter, type AttemptErrorKind } from "../rules/classify.ts";
import type { ReceivedHeaders } from "../rules/attempt-headers.ts";
import { parseRetryAfter } from "../rules/retry-policy.ts";
import { resolveAndCheck, validateEndpointUrl, type LookupAll } from "../rules/url-policy.ts";
import { systemLookup } from "../util/system-lookup.ts";

export const MAX_RESPONSE_BODY_BYTES = 4096;
const DEFAULT_MAX_CONNECTIONS_PER_ORIGIN = 32;
const MAX_CHECKED_URLS = 10_000;

export interface AttemptResult {
  /** True only for a 2xx status. */
  ok: boolean;
  status?: number;
  /** The first 4 KiB of the response, decoded as UTF-8. */
  body?: string;
  /** As undici parsed them (bounded when stored, see rules/attempt-headers.ts). */
  headers?: ReceivedHeaders;
  retryAfterMs?: number;
  error?: AttemptErrorKind;
  errorMessage?: string;
  durationMs: number;
}

export interface DeliveryClientOptions {
  /** An attempt's deadline, and the longest a request may ask for. */
  timeoutMs: number;
  allowInsecure: boolean;
  maxConnectionsPerOrigin?: number;
  /** Replaces the system resolver (tests, custom DNS). */
  lookup?: LookupAll;
}

export interface DeliveryClient {
  /**
   * Never rejects: every failure is reported in the result. `timeoutMs` shortens this
   * attempt's deadline (an endpoint's own); it never lengthens it past the client's.
   */
  send(url: string, body: Buffer, headers: Record<string, string>, timeoutMs?: number | null): Promise<AttemptResult>;
  close(): Promise<void>;
}

/** An endpoint URL that passed the checks, split once into what dispatch() takes. */
type Target = { ok: true; origin: string; path: string } | { ok: false; message: string };

function cutAtDeadline(controller: Dispatcher.DispatchController): void {
  controller.abort(new Error("response body cut at the attempt deadline"));
}

function timeOut(controller: Dispatcher.DispatchController): void {
  controller.abort(Object.assign(new Error("no response by the attempt deadline"), { name: "TimeoutError" }));
}

/**
 * Receives one response through undici's handler callbacks, which cost less than half the CPU
 * of request()'s Readable body and promise per chunk. Keeps at most a little more than
 * `MAX_RESPONSE_BODY_BYTES` (one chunk), then aborts the rest so a huge or endless response
 * costs neither memory nor time; a body still arriving at `deadline` (performance.now() time)
 * is cut there. Once the status is known it decides the outcome: an abort, reset or timeout
 * during the body only shortens what is kept.
 */
class ResponseCollector implements Dispatcher.DispatchHandler {
  status = 0;
  headers: ReceivedHeaders | undefined;
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private timer: NodeJS.Timeout | undefined;
  private settled = false;
  private done!: (err?: Error) => void;
  /** Resolves once, with the error that ended the exchange before a status arrived, if any. */
  readonly finished = new Promise<Error | undefined>((resolve) => {
    this.done = resolve;
  });

  /** `watchHeaders`: the wait for the status is cut at `deadline` too (see onRequestStart). */
  constructor(
    private readonly deadline: number,
    private readonly watchHeaders = false,
  ) {}

  // undici takes a handler for the callback API this class implements only if it has this method.
  onRequestStart(controller: Dispatcher.DispatchController): void {
    // An endpoint's own, shorter deadline: undici's headers timer ticks every half second, which
    // would overshoot a one-second deadline by half. The agent's own stays the backstop.
    if (this.watchHeaders) this.timer = setTimeout(timeOut, Math.max(0, this.deadline - performance.now()), controller);
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: ReceivedHeaders): void {
    // Informational responses (100 Continue, 103 Early Hints) come before the one that counts.
    if (statusCode < 200) return;
    clearTimeout(this.timer);
    this.status = statusCode;
    this.headers = headers;
    this.timer = setTimeout(cutAtDeadline, Math.max(0, this.deadline - performance.now()), controller);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.size >= MAX_RESPONSE_BODY_BYTES) return;
    this.chunks.push(chunk);
    this.size += chunk.length;
    // Aborting closes the connection. Deferred past the current socket read, a response that
    // ends within it completes first (the abort is then a no-op) and the connection is reused.
    if (this.size >= MAX_RESPONSE_BODY_BYTES) queueMicrotask(() => controller.abort(new Error("response body cut at the size limit")));
  }

  onResponseEnd(): void {
    this.settle();
  }

  onResponseError(_controller: Dispatcher.DispatchController, err: Error): void {
    this.settle(this.status === 0 ? err : undefined);
  }

  body(): string {
    return Buffer.concat(this.chunks).subarray(0, MAX_RESPONSE_BODY_BYTES).toString("utf8");
  }

  private settle(err?: Error): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    this.done(err);
  }
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

/**
 * Runs inside net/tls.connect for every new socket, so a hostname that was public when the
 * endpoint was created but now resolves to an internal address is refused there.
 */
function connectLookup(allowInsecure: boolean, lookup: LookupAll | undefined): LookupFunction {
  return (hostname, options, callback) => {
    resolveAndCheck(hostname, { allowInsecure, lookup: lookup ?? systemLookup }).then(
      (addresses) => {
        const [first] = addresses;
        if (options.all || first === undefined) callback(null, addresses);
        else callback(null, first.address, first.family);
      },
      (err: Error) => callback(err, []),
    );
  };
}

/**
 * A URL's verdict never changes for a client, and endpoints are few next to attempts: each
 * URL is parsed and checked once, not once per attempt.
 */
function urlChecker(allowInsecure: boolean): (url: string) => Target {
  const checked = new Map<string, Target>();
  return (url) => {
    let target = checked.get(url);
    if (!target) {
      if (checked.size >= MAX_CHECKED_URLS) checked.clear();
      const verdict = validateEndpointUrl(url, { allowInsecure });
      target = verdict.ok ? { ok: true, origin: verdict.url.origin, path: verdict.url.pathname + verdict.url.search } : verdict;
      checked.set(url, target);
    }
    return target;
  };
}

export function createDeliveryClient(opts: DeliveryClientOptions): DeliveryClient {
  const { timeoutMs, allowInsecure, lookup } = opts;

  // The deadline of an attempt is enforced by undici's own timers (connect, then headers),
  // and for the body by ResponseCollector: an AbortSignal per request cost about 3 % of a busy
  // worker's CPU.
  const agent = new Agent({
    connections: opts.maxConnectionsPerOrigin ?? DEFAULT_MAX_CONNECTIONS_PER_ORIGIN,
    connectTimeout: timeoutMs,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    connect: { lookup: connectLookup(allowInsecure, lookup) },
  });

  const check = urlChecker(allowInsecure);

  async function send(url: string, body: Buffer, headers: Record<string, string>, requestTimeoutMs?: number | null): Promise<AttemptResult> {
    const started = performance.now();
    const deadlineMs = requestTimeoutMs ? Math.min(requestTimeoutMs, timeoutMs) : timeoutMs;
    const elapsed = (): number => Math.round(performance.now() - started);

    // IP-literal hosts never reach the connect-time lookup, so the URL rules are applied here.
    const target = check(url);
    if (!target.ok) return { ok: false, error: "BLOCKED_ADDRESS", errorMessage: target.message, durationMs: elapsed() };

    // A bare dispatch never follows redirects, so a 3xx comes back as the outcome.
    // The connect timeout stays the agent's (the service's); a shorter deadline bounds the wait for the response.
    const own = deadlineMs < timeoutMs;
    const response = new ResponseCollector(started + deadlineMs, own);
    const limits = own ? { headersTimeout: deadlineMs, bodyTimeout: deadlineMs } : {};
    agent.dispatch({ origin: target.origin, path: target.path, method: "POST", headers, body, ...limits }, response);
    const err = await response.finished;
    if (err) {
      const error = classifyError(err);
      return { ok: false, error, errorMessage: describeError(err, error, deadlineMs), durationMs: elapsed() };
    }
    const { status, headers: received } = response;
    const retryAfter = received?.["retry-after"];
    const retryAfterMs = honoursRetryAfter(status) ? parseRetryAfter(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, Date.now()) : undefined;
    return {
      ok: classifyResponse(status) === "success",
      status,
      body: response.body(),
      headers: received,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      durationMs: elapsed(),
    };
  }

  return {
    send,
    close: () => agent.close(),
  };
}
