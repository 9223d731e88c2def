import { describe, it, expect } from "vitest";
import { errors } from "undici";
import { asksToStop, classifyError, classifyResponse, errorChain, honoursRetryAfter, type AttemptErrorKind } from "./classify.ts";
import { BlockedAddressError, DnsError } from "./url-policy.ts";

function nodeError(code: string, message = code, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { code, ...extra });
}

describe("classifyResponse", () => {
  const cases: Array<[number, "success" | "retry" | "permanent"]> = [
    [200, "success"],
    [201, "success"],
    [204, "success"],
    [299, "success"],
    [100, "retry"],
    [301, "retry"],
    [302, "retry"],
    [304, "retry"],
    [307, "retry"],
    [400, "permanent"],
    [401, "permanent"],
    [403, "permanent"],
    [404, "permanent"],
    [410, "permanent"],
    [413, "permanent"],
    [408, "retry"],
    [429, "retry"],
    [499, "permanent"],
    [500, "retry"],
    [502, "retry"],
    [503, "retry"],
    [504, "retry"],
    [599, "retry"],
  ];
  it.each(cases)("%i → %s", (status, expected) => {
    expect(classifyResponse(status)).toBe(expected);
  });
});

describe("asksToStop", () => {
  it.each([
    [410, true],
    [404, false],
    [400, false],
    [500, false],
    [200, false],
  ])("%i → %s", (status, stop) => {
    expect(asksToStop(status)).toBe(stop);
  });
});

describe("honoursRetryAfter", () => {
  it.each([
    [429, true],
    [503, true],
    [500, false],
    [502, false],
    [408, false],
    [200, false],
  ])("%i → %s", (status, expected) => {
    expect(honoursRetryAfter(status)).toBe(expected);
  });
});

describe("classifyError", () => {
  const cases: Array<[string, unknown, AttemptErrorKind]> = [
    ["undici HeadersTimeoutError", new errors.HeadersTimeoutError(), "TIMEOUT"],
    ["undici BodyTimeoutError", new errors.BodyTimeoutError(), "TIMEOUT"],
    ["undici ConnectTimeoutError", new errors.ConnectTimeoutError(), "TIMEOUT"],
    ["undici RequestAbortedError", new errors.RequestAbortedError(), "TIMEOUT"],
    ["AbortSignal.timeout reason", new DOMException("The operation was aborted due to timeout", "TimeoutError"), "TIMEOUT"],
    ["DOM AbortError", new DOMException("This operation was aborted", "AbortError"), "TIMEOUT"],
    ["ETIMEDOUT", nodeError("ETIMEDOUT", "connect ETIMEDOUT 93.184.216.34:443"), "TIMEOUT"],
    ["ENOTFOUND", nodeError("ENOTFOUND", "getaddrinfo ENOTFOUND nowhere.test"), "DNS"],
    ["EAI_AGAIN", nodeError("EAI_AGAIN", "getaddrinfo EAI_AGAIN flaky.test"), "DNS"],
    ["DnsError", new DnsError("nowhere.test", "ENOTFOUND"), "DNS"],
    ["ERR_TLS_CERT_ALTNAME_INVALID", nodeError("ERR_TLS_CERT_ALTNAME_INVALID"), "TLS"],
    ["CERT_HAS_EXPIRED", nodeError("CERT_HAS_EXPIRED", "certificate has expired"), "TLS"],
    ["DEPTH_ZERO_SELF_SIGNED_CERT", nodeError("DEPTH_ZERO_SELF_SIGNED_CERT"), "TLS"],
    ["UNABLE_TO_VERIFY_LEAF_SIGNATURE", nodeError("UNABLE_TO_VERIFY_LEAF_SIGNATURE"), "TLS"],
    ["SELF_SIGNED_CERT_IN_CHAIN", nodeError("SELF_SIGNED_CERT_IN_CHAIN"), "TLS"],
    ["an ssl alert", nodeError("ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION", "tlsv1 alert protocol version", { library: "SSL routines" }), "TLS"],
    ["ERR_SSL_WRONG_VERSION_NUMBER", nodeError("ERR_SSL_WRONG_VERSION_NUMBER"), "TLS"],
    ["an OpenSSL error without a known code", nodeError("ERR_OSSL_SOMETHING", "x", { library: "SSL routines" }), "TLS"],
    ["BlockedAddressError", new BlockedAddressError("evil.test", "127.0.0.1", "a loopback address"), "BLOCKED_ADDRESS"],
    ["ECONNREFUSED", nodeError("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:1"), "CONNECTION"],
    ["ECONNRESET", nodeError("ECONNRESET", "read ECONNRESET"), "CONNECTION"],
    ["EPIPE", nodeError("EPIPE", "write EPIPE"), "CONNECTION"],
    ["EHOSTUNREACH", nodeError("EHOSTUNREACH"), "CONNECTION"],
    ["undici SocketError", new errors.SocketError("other side closed"), "CONNECTION"],
    ["undici HTTPParserError", new errors.HTTPParserError("Response does not match the HTTP/1.1 protocol"), "RESPONSE_ERROR"],
    ["an llhttp error code", nodeError("HPE_INVALID_CONSTANT", "Expected HTTP/"), "RESPONSE_ERROR"],
    ["undici ResponseContentLengthMismatchError", new errors.ResponseContentLengthMismatchError(), "RESPONSE_ERROR"],
    ["undici HeadersOverflowError", new errors.HeadersOverflowError(), "RESPONSE_ERROR"],
    ["an unknown error", new Error("something odd"), "CONNECTION"],
    ["a thrown string", "boom", "CONNECTION"],
    ["undefined", undefined, "CONNECTION"],
    [
      "a BlockedAddressError deep in a cause chain",
      new TypeError("fetch failed", {
        cause: new Error("connect failed", { cause: new BlockedAddressError("evil.test", "10.0.0.1", "a private address") }),
      }),
      "BLOCKED_ADDRESS",
    ],
    ["a DNS error wrapped by fetch", new TypeError("fetch failed", { cause: nodeError("ENOTFOUND") }), "DNS"],
    ["a certificate error behind a socket error", Object.assign(new errors.SocketError("closed"), { cause: nodeError("CERT_HAS_EXPIRED") }), "TLS"],
    [
      "Happy Eyeballs aggregate of refusals",
      Object.assign(new AggregateError([nodeError("ECONNREFUSED"), nodeError("ECONNREFUSED")], ""), { code: "ECONNREFUSED" }),
      "CONNECTION",
    ],
    ["aggregate holding a timeout", new AggregateError([nodeError("ENETUNREACH"), nodeError("ETIMEDOUT")], "all attempts failed"), "TIMEOUT"],
  ];
  it.each(cases)("%s → %s", (_label, err, expected) => {
    expect(classifyError(err)).toBe(expected);
  });

  it("survives a cause cycle", () => {
    const a = new Error("a") as Error & { cause?: unknown };
    const b = nodeError("ECONNRESET", "b", { cause: a });
    a.cause = b;
    expect(classifyError(a)).toBe("CONNECTION");
    expect(errorChain(a)).toEqual([a, b]);
  });
});
