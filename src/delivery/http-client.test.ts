import { createServer as createHttpServer, type IncomingMessage, type RequestListener, type Server } from "node:http";
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from "node:net";
import { afterEach, describe, it, expect } from "vitest";
import { createDeliveryClient, type AttemptResult, type DeliveryClient } from "./http-client.ts";
import type { LookupAll } from "../rules/url-policy.ts";

interface Received {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

interface TestServer {
  url: string;
  port: number;
  received: Received[];
  connections: () => number;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function listen(server: Server | TcpServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

async function startServer(handler: RequestListener): Promise<TestServer> {
  const received: Received[] = [];
  let connections = 0;
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks) });
      handler(req, res);
    });
  });
  server.on("connection", () => connections++);
  const port = await listen(server);
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: `http://127.0.0.1:${port}/hooks/in?x=1`, port, received, connections: () => connections };
}

function client(options: Partial<Parameters<typeof createDeliveryClient>[0]> = {}): DeliveryClient {
  const c = createDeliveryClient({ timeoutMs: 2_000, allowInsecure: true, ...options });
  cleanups.push(() => c.close());
  return c;
}

const body = Buffer.from('{"id":"evt_1","type":"order.created","data":{"total":"149.99","name":"Zoë"}}');
const headers = { "content-type": "application/json", "webhook-id": "evt_1", "x-custom": "yes" };

describe("createDeliveryClient: responses", () => {
  const cases: Array<[string, RequestListener, Partial<AttemptResult>]> = [
    ["200 with a body", (_req, res) => res.writeHead(200).end("thanks"), { ok: true, status: 200, body: "thanks" }],
    ["204 without a body", (_req, res) => res.writeHead(204).end(), { ok: true, status: 204, body: "" }],
    ["500", (_req, res) => res.writeHead(500).end("boom"), { ok: false, status: 500, body: "boom" }],
    ["410 (permanent)", (_req, res) => res.writeHead(410).end(), { ok: false, status: 410 }],
    ["429 with Retry-After seconds", (_req, res) => res.writeHead(429, { "retry-after": "7" }).end(), { ok: false, status: 429, retryAfterMs: 7_000 }],
    ["503 with Retry-After seconds", (_req, res) => res.writeHead(503, { "retry-after": "120" }).end(), { ok: false, status: 503, retryAfterMs: 120_000 }],
  ];
  it.each(cases)("%s", async (_label, handler, expected) => {
    const server = await startServer(handler);
    const result = await client().send(server.url, body, headers);
    expect(result).toMatchObject(expected);
    expect(result.error).toBeUndefined();
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("ignores Retry-After on statuses that do not honour it", async () => {
    const server = await startServer((_req, res) => res.writeHead(500, { "retry-after": "7" }).end());
    const result = await client().send(server.url, body, headers);
    expect(result.status).toBe(500);
    expect(result).not.toHaveProperty("retryAfterMs");
  });

  it("POSTs the exact body bytes and the given headers", async () => {
    const server = await startServer((_req, res) => res.writeHead(200).end());
    await client().send(server.url, body, headers);
    expect(server.received).toHaveLength(1);
    const [req] = server.received;
    expect(req).toMatchObject({ method: "POST", url: "/hooks/in?x=1" });
    expect(req!.body.equals(body)).toBe(true);
    expect(req!.headers).toMatchObject({ ...headers, "content-length": String(body.length) });
  });

  it("does not follow a redirect and returns the 3xx", async () => {
    const elsewhere = await startServer((_req, res) => res.writeHead(200).end());
    const server = await startServer((_req, res) => res.writeHead(302, { location: elsewhere.url }).end());
    const result = await client().send(server.url, body, headers);
    expect(result).toMatchObject({ ok: false, status: 302 });
    expect(elsewhere.received).toHaveLength(0);
  });

  it("keeps only the first 4096 bytes of a 1 MB response", async () => {
    const server = await startServer((_req, res) => res.writeHead(200).end("x".repeat(1024 * 1024)));
    const result = await client().send(server.url, body, headers);
    expect(result.ok).toBe(true);
    expect(Buffer.byteLength(result.body ?? "")).toBe(4096);
  });

  it("returns exactly the first 4096 bytes of a longer body, with its status", async () => {
    const full = Array.from({ length: 2_000 }, (_, i) => `${i};`).join("");
    const server = await startServer((_req, res) => {
      res.writeHead(422);
      for (let i = 0; i < full.length; i += 1_000) res.write(full.slice(i, i + 1_000));
      res.end();
    });
    const result = await client().send(server.url, body, headers);
    expect(result).toMatchObject({ ok: false, status: 422, body: full.slice(0, 4096) });
    expect(result.error).toBeUndefined();
  });

  it("keeps the connection when a body over 4096 bytes arrives whole", async () => {
    const server = await startServer((_req, res) => res.writeHead(200).end("z".repeat(6_000)));
    const c = client({ maxConnectionsPerOrigin: 1 });
    for (let i = 0; i < 3; i++) expect(await c.send(server.url, body, headers)).toMatchObject({ ok: true, status: 200 });
    expect(server.connections()).toBe(1);
  });

  it("skips an informational response and returns the final one", async () => {
    const server = await startServer((_req, res) => {
      res.writeEarlyHints({ link: "</style.css>; rel=preload; as=style" });
      res.writeHead(201).end("created");
    });
    const result = await client().send(server.url, body, headers);
    expect(result).toMatchObject({ ok: true, status: 201, body: "created" });
  });

  it("stops reading an endless response instead of waiting for its end", async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200);
      const timer = setInterval(() => res.write("y".repeat(1024)), 5);
      res.on("close", () => clearInterval(timer));
    });
    const result = await client({ timeoutMs: 5_000 }).send(server.url, body, headers);
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(result.body).toHaveLength(4096);
    expect(result.durationMs).toBeLessThan(2_000);
  });

  // undici's pool only sees a connection as free again a tick after the response ends, so
  // back-to-back sends may open a second socket when the cap allows it; both are then reused.
  const reuse: Array<[string, number | undefined, number]> = [
    ["one connection allowed", 1, 1],
    ["the default cap", undefined, 2],
  ];
  it.each(reuse)("reuses keep-alive connections for 20 sequential sends (%s)", async (_label, cap, maxSockets) => {
    const server = await startServer((_req, res) => res.writeHead(200).end("ok"));
    const c = client(cap === undefined ? {} : { maxConnectionsPerOrigin: cap });
    for (let i = 0; i < 20; i++) expect((await c.send(server.url, body, headers)).ok).toBe(true);
    expect(server.received).toHaveLength(20);
    expect(server.connections()).toBeGreaterThanOrEqual(1);
    expect(server.connections()).toBeLessThanOrEqual(maxSockets);
  });
});

describe("createDeliveryClient: failures", () => {
  it("reports TIMEOUT when the server never answers", async () => {
    const server = await startServer(() => undefined);
    const result = await client({ timeoutMs: 300 }).send(server.url, body, headers);
    expect(result).toMatchObject({ ok: false, error: "TIMEOUT", errorMessage: "no complete response within 300 ms" });
    expect(result.status).toBeUndefined();
    expect(result.durationMs).toBeGreaterThanOrEqual(250);
    expect(result.durationMs).toBeLessThan(1_500);
  });

  it("ends an attempt at the request's own shorter deadline, and never past the client's", async () => {
    const server = await startServer(() => undefined);
    const c = client({ timeoutMs: 2_000 });
    const short = await c.send(server.url, body, headers, 300);
    expect(short).toMatchObject({ ok: false, error: "TIMEOUT", errorMessage: "no complete response within 300 ms" });
    // Cut by its own timer, not undici's half-second ticks.
    expect(short.durationMs).toBeGreaterThanOrEqual(290);
    expect(short.durationMs).toBeLessThan(600);
    const capped = await client({ timeoutMs: 300 }).send(server.url, body, headers, 5_000);
    expect(capped).toMatchObject({ ok: false, error: "TIMEOUT", errorMessage: "no complete response within 300 ms" });
    expect(capped.durationMs).toBeLessThan(1_500);
  });

  it("cuts a body still dripping at a request's own deadline", async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200);
      const drip = setInterval(() => res.write("x"), 50);
      res.on("close", () => clearInterval(drip));
    });
    const result = await client({ timeoutMs: 5_000 }).send(server.url, body, headers, 400);
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(result.durationMs).toBeGreaterThanOrEqual(350);
    expect(result.durationMs).toBeLessThan(1_500);
  });

  it("cuts a body still dripping at the deadline, keeping the status and what arrived", async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200);
      // Each byte comes before the idle timeout, so only the attempt's deadline ends it.
      const drip = setInterval(() => res.write("x"), 50);
      res.on("close", () => clearInterval(drip));
    });
    const result = await client({ timeoutMs: 400 }).send(server.url, body, headers);
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(result.body).toMatch(/^x+$/);
    expect(result.durationMs).toBeGreaterThanOrEqual(350);
    expect(result.durationMs).toBeLessThan(1_500);
  });

  it("keeps the status and what arrived when the connection is reset during the body", async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(503, { "content-length": "1000", "retry-after": "30" });
      res.write("partial", () => setTimeout(() => res.socket?.resetAndDestroy(), 50));
    });
    const result = await client().send(server.url, body, headers);
    expect(result).toMatchObject({ ok: false, status: 503, body: "partial", retryAfterMs: 30_000 });
    expect(result.error).toBeUndefined();
  });

  it("reports CONNECTION for a refused connection", async () => {
    const probe = createTcpServer();
    const port = await listen(probe);
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const result = await client().send(`http://127.0.0.1:${port}/`, body, headers);
    expect(result).toMatchObject({ ok: false, error: "CONNECTION" });
    expect(result.errorMessage).toContain("ECONNREFUSED");
  });

  it("reports CONNECTION when the server drops the connection", async () => {
    const server = await startServer((req) => req.socket.destroy());
    const result = await client().send(server.url, body, headers);
    expect(result).toMatchObject({ ok: false, error: "CONNECTION" });
  });

  it("reports RESPONSE_ERROR for a response that is not HTTP", async () => {
    const tcp = createTcpServer((socket) => {
      socket.on("data", () => socket.end("SMTP ready\r\n\r\n"));
    });
    const port = await listen(tcp);
    cleanups.push(() => new Promise<void>((resolve) => tcp.close(() => resolve())));
    const result = await client().send(`http://127.0.0.1:${port}/`, body, headers);
    expect(result).toMatchObject({ ok: false, error: "RESPONSE_ERROR" });
  });

  it("reports TLS when an https URL reaches a plain-HTTP server", async () => {
    const server = await startServer((_req, res) => res.writeHead(200).end());
    const result = await client().send(`https://127.0.0.1:${server.port}/`, body, headers);
    expect(result).toMatchObject({ ok: false, error: "TLS" });
  });

  it("reports DNS when the host does not resolve", async () => {
    const lookup: LookupAll = () => Promise.reject(Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" }));
    const result = await client({ lookup }).send("http://nowhere.test/", body, headers);
    expect(result).toMatchObject({ ok: false, error: "DNS" });
    expect(result.errorMessage).toContain("could not resolve host nowhere.test: ENOTFOUND");
  });

  it("resolves hostnames through the configured lookup when connecting", async () => {
    const server = await startServer((_req, res) => res.writeHead(200).end());
    const asked: string[] = [];
    const lookup: LookupAll = async (host) => {
      asked.push(host);
      return [{ address: "127.0.0.1", family: 4 }];
    };
    const result = await client({ lookup }).send(`http://receiver.test:${server.port}/`, body, headers);
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(asked).toEqual(["receiver.test"]);
    expect(server.received[0]?.headers.host).toBe(`receiver.test:${server.port}`);
  });
});

describe("createDeliveryClient: SSRF checks when insecure endpoints are not allowed", () => {
  const evilLookup: LookupAll = async (host) => (host === "evil.test" ? [{ address: "127.0.0.1", family: 4 }] : [{ address: "169.254.169.254", family: 4 }]);

  const cases: Array<[string, string, string]> = [
    ["a hostname resolving to loopback at connect time", "https://evil.test/", "host evil.test resolves to 127.0.0.1, a loopback address"],
    ["a hostname resolving to the metadata service", "https://imds.test/latest", "resolves to 169.254.169.254, the cloud metadata address"],
    ["an IPv4 literal", "https://127.0.0.1:1/", "URL host 127.0.0.1 is a loopback address"],
    ["an obfuscated IPv4 literal", "https://2130706433/", "URL host 127.0.0.1 is a loopback address"],
    ["an IPv6 literal", "https://[::ffff:10.0.0.1]/", "a private address"],
    ["plain http", "http://example.com/", "URL must use https"],
    ["a localhost name", "https://localhost/", "is a loopback name"],
  ];
  it.each(cases)("refuses %s as BLOCKED_ADDRESS", async (_label, url, message) => {
    const result = await client({ allowInsecure: false, lookup: evilLookup }).send(url, body, headers);
    expect(result).toMatchObject({ ok: false, error: "BLOCKED_ADDRESS" });
    expect(result.errorMessage).toContain(message);
    expect(result.status).toBeUndefined();
  });

  it("checks IP literals before connecting", async () => {
    const server = await startServer((_req, res) => res.writeHead(200).end());
    const result = await client({ allowInsecure: false }).send(`https://127.0.0.1:${server.port}/`, body, headers);
    expect(result.error).toBe("BLOCKED_ADDRESS");
    expect(server.connections()).toBe(0);
  });
});
