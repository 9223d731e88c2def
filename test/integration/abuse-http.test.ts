import { connect } from "node:net";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHerald, type RunningHerald } from "../../src/app/herald.ts";
import { createLogger } from "../../src/log.ts";
import { ViewerDocument } from "../generated/graphql.ts";
import { createTestOrg, startControlPlane, type ControlPlane, type TestOrg } from "../harness/control-plane.ts";
import { PRODUCTION_ENV, testConfig } from "../harness/env.ts";
import { median, probeHealth } from "../harness/health-probe.ts";
import { RawLive } from "../harness/raw-live.ts";

// Issue 15, row 11: introspection was open without credentials in production; CORS reflected
// any Origin with credentials; a slow request body held a connection for 321 s; and the
// graphql-ws init timeout was graphql-ws's 3 s default, 15 s having been passed as keepAlive.
const LISTED = "https://console.example";
const production = {
  ...PRODUCTION_ENV,
  CORS_ORIGINS: `${LISTED}, http://localhost:5173`,
  HTTP_REQUEST_TIMEOUT_MS: "3000",
  HTTP_HEADERS_TIMEOUT_MS: "2000",
};
const INTROSPECTION = "{ __schema { queryType { name } } }";

let cp: ControlPlane;
let org: TestOrg;
let base: string;
/** A graphql-ws connection that never sends connection_init, opened first: when and how it ended. */
let silent: { openAt4s: Promise<boolean>; closed: Promise<{ code: number; afterMs: number }> };

beforeAll(async () => {
  cp = await startControlPlane(production);
  org = await createTestOrg(cp);
  base = `http://127.0.0.1:${cp.herald.port}`;
  const opened = performance.now();
  const ws = new WebSocket(`${base.replace(/^http/, "ws")}/graphql`, "graphql-transport-ws");
  silent = {
    openAt4s: new Promise((resolve) => setTimeout(() => resolve(ws.readyState === WebSocket.OPEN), 4_000)),
    closed: new Promise((resolve) => ws.on("close", (code) => resolve({ code, afterMs: performance.now() - opened }))),
  };
});

afterAll(async () => {
  await cp?.stop();
});

async function post(query: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${org.token}`, ...headers },
    body: JSON.stringify({ query }),
  });
  return { res, body: (await res.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] } };
}

describe("introspection", () => {
  it("is refused in production with FORBIDDEN, over HTTP and graphql-ws, while __typename works", async () => {
    const { body } = await post(INTROSPECTION);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(body.errors?.[0]?.message).toMatch(/introspection has been disabled.*__schema/);
    expect((await post('{ __type(name: "Query") { name } }')).body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await post("{ __typename viewer { __typename } }")).body.data).toEqual({ __typename: "Query", viewer: { __typename: "Viewer" } });

    const live = await RawLive.connect(`${base}/graphql`, org.token);
    live.subscribe("i", INTROSPECTION);
    const op = live.operations.get("i")!;
    const deadline = Date.now() + 5_000;
    while (op.errors.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(op.errors[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(op.next).toEqual([]);
    await live.close();
  });

  it("is served in production when GRAPHQL_INTROSPECTION=true", async () => {
    let open: RunningHerald | undefined;
    try {
      open = await startHerald(testConfig(cp.servers, { ...production, HERALD_ROLE: "api", GRAPHQL_INTROSPECTION: "true" }), createLogger("silent"));
      const res = await fetch(`http://127.0.0.1:${open.port}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: INTROSPECTION }),
      });
      expect(await res.json()).toEqual({ data: { __schema: { queryType: { name: "Query" } } } });
    } finally {
      await open?.stop();
    }
  });
});

describe("CORS", () => {
  const preflight = (origin: string) =>
    fetch(`${base}/graphql`, {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type" },
    });

  it("answers a preflight from a listed origin, and not one from another", async () => {
    const listed = await preflight(LISTED);
    expect(listed.status).toBe(204);
    expect(listed.headers.get("access-control-allow-origin")).toBe(LISTED);
    expect(listed.headers.get("access-control-allow-headers")).toMatch(/authorization/);
    expect(listed.headers.get("access-control-allow-credentials")).toBeNull();

    const unlisted = await preflight("https://evil.example");
    expect(unlisted.headers.get("access-control-allow-origin")).toBeNull();
    expect(unlisted.headers.get("access-control-allow-credentials")).toBeNull();
    expect((await preflight("null")).headers.get("access-control-allow-origin")).toBeNull();
  });

  it("lets a listed origin read responses, and no other", async () => {
    const listed = await post("{ __typename }", { origin: LISTED });
    expect(listed.res.headers.get("access-control-allow-origin")).toBe(LISTED);
    expect(listed.res.headers.get("vary")).toMatch(/Origin/);
    const unlisted = await post("{ viewer { organization { id } } }", { origin: "https://evil.example" });
    expect(unlisted.res.headers.get("access-control-allow-origin")).toBeNull();
    expect(unlisted.res.headers.get("access-control-allow-credentials")).toBeNull();
  });
});

/** A raw HTTP client sending `head`, then one byte of `trickle` every 200 ms: what it got, and when the server hung up. */
function slowClient(head: string, trickle: string): Promise<{ response: string; closedAfterMs: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = connect(Number(new URL(base).port), "127.0.0.1");
    let response = "";
    let sent = 0;
    const timer = setInterval(() => {
      if (!socket.destroyed && !socket.writableEnded) socket.write(trickle[sent++ % trickle.length]!);
    }, 200);
    socket.on("connect", () => socket.write(head));
    socket.on("data", (d) => (response += d));
    socket.on("error", () => {});
    socket.on("close", () => {
      clearInterval(timer);
      resolve({ response, closedAfterMs: performance.now() - started });
    });
  });
}

describe("slow clients", () => {
  it("cuts off a trickled body at HTTP_REQUEST_TIMEOUT_MS and trickled headers at HTTP_HEADERS_TIMEOUT_MS, staying responsive", async () => {
    const probes = probeHealth(base);
    const body = slowClient(`POST /graphql HTTP/1.1\r\nHost: herald\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n`, '{"query": "');
    const headers = slowClient("GET /healthz HTTP/1.1\r\nHost: herald\r\n", "X-Slow: yes\r\n");
    const crowd = Array.from({ length: 50 }, () => slowClient(`POST /graphql HTTP/1.1\r\nHost: herald\r\nContent-Length: 100000\r\n\r\n`, "x"));
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await org.client.request(ViewerDocument)).viewer.organization.id).toBe(org.id);
    const [bodyCut, headersCut, ...crowdCut] = await Promise.all([body, headers, ...crowd]);
    const latencies = await probes.stop();
    console.log(
      `[abuse] http: slow body cut after ${bodyCut.closedAfterMs.toFixed(0)} ms, slow headers after ${headersCut.closedAfterMs.toFixed(0)} ms, ` +
        `50 more slow bodies by ${Math.max(...crowdCut.map((c) => c.closedAfterMs)).toFixed(0)} ms; /healthz median ${median(latencies).toFixed(1)} ms over ${latencies.length} probes`,
    );
    expect(bodyCut.response).toMatch(/^HTTP\/1\.1 408/);
    expect(bodyCut.closedAfterMs).toBeGreaterThanOrEqual(2_900);
    expect(bodyCut.closedAfterMs).toBeLessThan(6_000);
    expect(headersCut.response).toMatch(/^HTTP\/1\.1 408/);
    expect(headersCut.closedAfterMs).toBeLessThan(5_000);
    for (const c of crowdCut) expect(c.closedAfterMs).toBeLessThan(6_000);
    expect(median(latencies)).toBeLessThan(100);
  });
});

describe("graphql-ws", () => {
  it("waits 15 s for connection_init, then closes with 4408", async () => {
    expect(await silent.openAt4s).toBe(true);
    const { code, afterMs } = await silent.closed;
    console.log(`[abuse] graphql-ws: a connection without connection_init closed ${code} after ${afterMs.toFixed(0)} ms`);
    expect(code).toBe(4408);
    expect(afterMs).toBeGreaterThanOrEqual(14_900);
    expect(afterMs).toBeLessThan(17_500);
  });
});
