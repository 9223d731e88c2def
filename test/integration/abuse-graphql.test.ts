import { request as httpRequest } from "node:http";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ViewerDocument } from "../generated/graphql.ts";
import { createTestOrg, startControlPlane, type ControlPlane, type TestOrg } from "../harness/control-plane.ts";
import { PRODUCTION_ENV } from "../harness/env.ts";

// SPEC §7: body, depth and complexity limits on GraphQL. Each abusive request is refused
// quickly with a clear error, and the server answers a normal query at once afterwards.
let cp: ControlPlane;
let org: TestOrg;
let url: string;

beforeAll(async () => {
  cp = await startControlPlane(PRODUCTION_ENV);
  org = await createTestOrg(cp);
  url = `http://127.0.0.1:${cp.herald.port}/graphql`;
});

afterAll(async () => {
  await cp?.stop();
});

interface Answer {
  status: number;
  ms: number;
  text: string;
}

async function post(body: string, headers: Record<string, string> = {}): Promise<Answer> {
  const started = performance.now();
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${org.token}`, ...headers },
    body,
  });
  return { status: res.status, text: await res.text(), ms: performance.now() - started };
}

/** The server still answers a normal query promptly. */
async function responsive(): Promise<number> {
  const started = performance.now();
  expect((await org.client.request(ViewerDocument)).viewer.organization.id).toBe(org.id);
  return performance.now() - started;
}

const report: string[] = [];

/** Refused: an HTTP error, or (GraphQL over HTTP with application/json) errors and no data. */
function refused(name: string, answer: Answer, message: RegExp) {
  report.push(`${name}: HTTP ${answer.status} in ${Math.round(answer.ms)} ms`);
  if (answer.status < 400) {
    const results = [JSON.parse(answer.text) as { data?: unknown; errors?: unknown[] }].flat();
    for (const r of results) {
      expect(r.data ?? null, answer.text.slice(0, 300)).toBeNull();
      expect(r.errors?.length).toBeGreaterThan(0);
    }
  }
  expect(answer.text).toMatch(message);
  expect(answer.text).not.toMatch(/ at .*\.(ts|js):\d+/);
  expect(answer.ms).toBeLessThan(2_000);
}

describe("abusive GraphQL requests", () => {
  it("refuses a deeply nested query", async () => {
    // Endpoint -> deliveries -> edges -> node -> endpoint -> …: a real cycle of the schema.
    const levels = 40;
    const query = `{ endpoints(first: 1) { edges { node { ${"deliveries(first: 1) { edges { node { endpoint { ".repeat(levels)}id${" } } } }".repeat(levels)} } } } }`;
    refused(`query nested ${levels * 4 + 3} deep`, await post(JSON.stringify({ query })), /depth|cost/i);
    await responsive();
  });

  it("refuses a query with 10,000 aliases", async () => {
    const query = `{ ${Array.from({ length: 10_000 }, (_, i) => `a${i}: viewer { organization { id } }`).join(" ")} }`;
    refused("10,000 aliases", await post(JSON.stringify({ query })), /alias|token/i);
    await responsive();
  });

  it("refuses 30 aliases just over the limit, by name", async () => {
    const query = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: viewer { organization { id } }`).join(" ")} }`;
    refused("31 aliases", await post(JSON.stringify({ query })), /aliases/i);
  });

  it("refuses a 10 MB body before reading it, declared or chunked", async () => {
    const big = JSON.stringify({ query: "{ viewer { organization { id } } }", variables: { pad: "x".repeat(10 * 1024 * 1024) } });
    refused("10 MB body", await post(big), /larger than 1048576 bytes/);
    // Chunked: no content-length, so the server must count and cut it off.
    const started = performance.now();
    const outcome = await new Promise<string>((resolve) => {
      const req = httpRequest(
        url,
        { method: "POST", headers: { "content-type": "application/json", "transfer-encoding": "chunked", authorization: `Bearer ${org.token}` } },
        (res) => {
          res.resume();
          res.on("end", () => resolve(`HTTP ${res.statusCode}`));
        },
      );
      req.on("error", (err) => resolve(`cut off (${(err as NodeJS.ErrnoException).code ?? err.message})`));
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < 10 * 1024 * 1024) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once("drain", pump);
        }
        req.end();
      };
      pump();
    });
    report.push(`10 MB chunked body: ${outcome} in ${Math.round(performance.now() - started)} ms`);
    expect(outcome).not.toBe("HTTP 200");
    await responsive();
  });

  it("refuses invalid JSON and a body that is not an operation", async () => {
    refused("invalid JSON", await post('{"query": "{ viewer { id } "'), /JSON|parse/i);
    refused("JSON array of numbers", await post("[1,2,3]"), /operation|query|batch|object/i);
    refused("query is a number", await post(JSON.stringify({ query: 42 })), /query/i);
    refused("query is not GraphQL", await post(JSON.stringify({ query: "{{{{" })), /Syntax Error/);
    await responsive();
  });

  it("refuses batched abuse: 1,000 operations in one request", async () => {
    const batch = JSON.stringify(Array.from({ length: 1_000 }, () => ({ query: "{ viewer { organization { id } } }" })));
    refused("batch of 1,000", await post(batch), /batch/i);
    // A batch within the limit still carries each operation's own limits.
    const heavy = JSON.stringify(
      Array.from({ length: 10 }, () => ({ query: `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: viewer { organization { id } }`).join(" ")} }` })),
    );
    const answer = await post(heavy);
    report.push(`batch of 10 over-aliased queries: HTTP ${answer.status} in ${Math.round(answer.ms)} ms`);
    const results = JSON.parse(answer.text) as { data?: unknown; errors?: { message: string }[] }[];
    expect(results).toHaveLength(10);
    for (const r of results) {
      expect(r.data ?? null).toBeNull();
      expect(r.errors?.[0]?.message).toMatch(/aliases/i);
    }
    await responsive();
  });

  it("refuses the same abuse over graphql-ws and keeps serving HTTP", async () => {
    const ws = new WebSocket(url.replace(/^http/, "ws"), "graphql-transport-ws");
    const messages: { id?: string; type: string; payload?: unknown }[] = [];
    const closed = new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)));
    ws.on("message", (m) => messages.push(JSON.parse(String(m))));
    await new Promise((r) => ws.once("open", r));
    ws.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${org.token}` } }));
    await new Promise((r) => setTimeout(r, 200));
    expect(messages[0]?.type).toBe("connection_ack");
    ws.send(
      JSON.stringify({
        id: "1",
        type: "subscribe",
        payload: { query: `{ ${Array.from({ length: 10_000 }, (_, i) => `a${i}: viewer { organization { id } }`).join(" ")} }` },
      }),
    );
    await new Promise((r) => setTimeout(r, 500));
    const error = messages.find((m) => m.id === "1");
    expect(error?.type).toBe("error");
    expect(JSON.stringify(error?.payload)).toMatch(/alias|token/i);
    // Only that operation failed: the connection and its other subscriptions live on.
    expect(ws.readyState).toBe(WebSocket.OPEN);
    // A frame over MAX_REQUEST_BYTES closes the socket (1009: message too big).
    ws.send(JSON.stringify({ id: "3", type: "subscribe", payload: { query: "x".repeat(2 * 1024 * 1024) } }));
    const code = await closed;
    report.push(`graphql-ws: 10,000 aliases -> ${error?.type}; 2 MB frame -> close ${code}`);
    expect(code).toBe(1009);
    const ms = await responsive();
    report.push(`viewer after all abuse: ${Math.round(ms)} ms`);
    console.log(`[abuse] graphql: ${report.join("; ")}`);
  });
});
