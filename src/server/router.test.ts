import type { Server } from "node:http";
import { Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../log.ts";
import { graphqlRoute } from "./graphql-route.ts";
import { close, createHttpServer, listen, type Handler } from "./http-server.ts";
import type { MetricsExposure } from "./metrics.ts";
import type { ReadinessDeps } from "./readiness-check.ts";
import { router } from "./router.ts";
import type { Yoga } from "./yoga.ts";

// The public port's routing with hand-written fakes for the servers it probes and for yoga:
// which paths every role answers, and what reaches GraphQL.

const fail = () => Promise.reject(new Error("connection refused"));

function readiness(up: boolean): ReadinessDeps {
  const answer = up ? () => Promise.resolve() : fail;
  return {
    db: { pool: { query: answer } },
    nats: { nc: { isClosed: () => false, flush: answer }, jsm: { streams: { info: answer } } },
  } as unknown as ReadinessDeps;
}

const fakeYoga = { requestListener: async (_req, res) => void res.writeHead(200).end("yoga") } as Pick<Yoga, "requestListener"> as Yoga;
const yogaRoute = graphqlRoute(fakeYoga, { CORS_ORIGINS: ["https://console.example"], MAX_REQUEST_BYTES: 1024 });

let server: Server | undefined;
afterEach(async () => {
  if (server) await close(server);
  server = undefined;
});

async function serve(opts: { up?: boolean; exposure?: MetricsExposure; graphql?: Handler }): Promise<string> {
  const routes = {
    readiness: readiness(opts.up ?? true),
    metrics: { registry: new Registry(), exposure: opts.exposure ?? { on: "nowhere" } },
    graphql: opts.graphql,
  };
  const config = { HTTP_REQUEST_TIMEOUT_MS: 5_000, HTTP_HEADERS_TIMEOUT_MS: 5_000 };
  server = createHttpServer({ config, log: createLogger("silent") }, router(routes));
  return `http://127.0.0.1:${await listen(server, 0, "127.0.0.1")}`;
}

describe("router", () => {
  it.each([
    ["worker, /healthz", {}, "/healthz", 200, '{"status":"ok"}'],
    ["worker, /readyz with every server up", {}, "/readyz", 200, '"ready":true'],
    ["worker, /readyz with the servers down", { up: false }, "/readyz", 503, '"postgres":"connection refused"'],
    [
      "worker, /metrics served on the internal port only",
      { exposure: { on: "internal", port: 0, token: undefined } },
      "/metrics",
      404,
      "not served on this port",
    ],
    ["worker, /metrics public", { exposure: { on: "public", token: undefined } }, "/metrics", 200, ""],
    ["worker, /graphql", {}, "/graphql", 404, ""],
    ["worker, /console", {}, "/console", 404, ""],
    ["api, /graphql", { graphql: yogaRoute }, "/graphql", 200, "yoga"],
    ["api, /healthz never reaches GraphQL", { graphql: yogaRoute }, "/healthz", 200, '{"status":"ok"}'],
  ] as const)("%s", async (_name, opts, path, status, body) => {
    const res = await fetch(`${await serve(opts)}${path}`);
    expect(res.status).toBe(status);
    expect(await res.text()).toContain(body);
  });
});

describe("graphqlRoute", () => {
  it("refuses a declared body over MAX_REQUEST_BYTES with 413 before GraphQL sees it", async () => {
    const res = await fetch(`${await serve({ graphql: yogaRoute })}/graphql`, { method: "POST", body: "x".repeat(2048) });
    expect(res.status).toBe(413);
    expect((await res.json()).errors[0].extensions.code).toBe("BAD_USER_INPUT");
  });

  it("answers a preflight from an allowed origin itself, with 204 and its CORS headers", async () => {
    const res = await fetch(`${await serve({ graphql: yogaRoute })}/graphql`, { method: "OPTIONS", headers: { origin: "https://console.example" } });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("https://console.example");
  });

  it("gives an origin not on the list no CORS header", async () => {
    const res = await fetch(`${await serve({ graphql: yogaRoute })}/graphql`, { headers: { origin: "https://evil.example" } });
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    expect(res.headers.get("vary")).toBe("Origin");
  });
});
