import { rmSync } from "node:fs";
import { request, type Server } from "node:http";
import { connect } from "node:net";
import path from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { Registry } from "prom-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_PRECOMPRESSED, FIXTURE_SCRIPT, FIXTURE_STYLE, writeConsoleFixture } from "../infra/console-fixture.ts";
import { createLogger } from "../log.ts";
import { consoleRoute, type FrameAncestors } from "./console-route.ts";
import { close, createHttpServer, listen } from "./http-server.ts";
import type { ReadinessDeps } from "./readiness-check.ts";
import { router } from "./router.ts";
import { CompressionCache } from "./static-files.ts";

// The console's route behind the public port's router, on a fixture build in a temp folder.
// Requests go through node:http, not fetch: fetch would resolve `..` and decompress bodies itself.

const ORG_FRAMED = "org_framed";
const ORG_BROKEN = "org_broken";
const frameAncestors: FrameAncestors = async (id) => {
  if (id === ORG_BROKEN) throw new Error("connection refused");
  return id === ORG_FRAMED ? ["https://platform.example", "https://*.platform.example"] : null;
};

let dir: string;
let server: Server | undefined;
beforeAll(() => {
  dir = writeConsoleFixture();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  if (server) await close(server);
  server = undefined;
});

async function serve(consoleDir = dir): Promise<number> {
  const log = createLogger("silent");
  const routes = {
    readiness: {} as ReadinessDeps,
    metrics: { registry: new Registry(), exposure: { on: "nowhere" } as const },
    graphql: undefined,
    console: consoleRoute({ dir: consoleDir, frameAncestors, compression: new CompressionCache(), log }),
  };
  server = createHttpServer({ config: { HTTP_REQUEST_TIMEOUT_MS: 5_000, HTTP_HEADERS_TIMEOUT_MS: 5_000 }, log }, router(routes));
  return listen(server, 0, "127.0.0.1");
}

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function raw(port: number, rawPath: string, opts: { method?: string; headers?: Record<string, string> } = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: rawPath, method: opts.method ?? "GET", headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the console's page", () => {
  it.each(["/console", "/console/", "/console/endpoints/ep_01J/deliveries"])("%s is index.html, never cached, not framable", async (url) => {
    const res = await raw(await serve(), url);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(res.body.toString()).toContain(FIXTURE_SCRIPT);
    expect(res.headers).toMatchObject({
      "cache-control": "no-store",
      "x-frame-options": "DENY",
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      "cross-origin-opener-policy": "same-origin",
    });
    expect(res.headers["content-security-policy"]).toContain("script-src 'self';");
    expect(res.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  });

  it.each([
    ["an organization's portal: framable by its origins", ORG_FRAMED, "frame-ancestors https://platform.example https://*.platform.example;", undefined],
    ["an unknown organization: not framable", "org_unknown", "frame-ancestors 'none';", "DENY"],
    ["the lookup fails: not framable, page still served", ORG_BROKEN, "frame-ancestors 'none';", "DENY"],
  ])("%s", async (_name, organization, directive, xFrameOptions) => {
    const res = await raw(await serve(), `/console?organization=${organization}`);
    expect(res.status).toBe(200);
    expect(res.headers["content-security-policy"]).toContain(directive);
    expect(res.headers["x-frame-options"]).toBe(xFrameOptions);
  });

  it("answers HEAD with the headers and no body", async () => {
    const res = await raw(await serve(), "/console", { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(Number(res.headers["content-length"])).toBeGreaterThan(0);
    expect(res.body.length).toBe(0);
  });

  it("answers 503 with the command to run when the console is not built", async () => {
    const res = await raw(await serve(path.join(dir, "missing")), "/console/endpoints");
    expect(res.status).toBe(503);
    expect(res.body.toString()).toContain("npm run build:console");
  });

  it("refuses other methods with 405", async () => {
    const res = await raw(await serve(), "/console", { method: "POST" });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe("GET, HEAD");
  });
});

describe("the console's files", () => {
  it("serves a hashed asset with its type, cached for good", async () => {
    const res = await raw(await serve(), FIXTURE_STYLE);
    expect(res.status).toBe(200);
    expect(res.headers).toMatchObject({
      "content-type": "text/css; charset=utf-8",
      "cache-control": "public, max-age=31536000, immutable",
      "x-content-type-options": "nosniff",
      vary: "Accept-Encoding",
    });
    expect(res.body.toString()).toContain("#root");
  });

  it("serves a file outside assets/ revalidated", async () => {
    const res = await raw(await serve(), "/console/favicon.svg");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("image/svg+xml");
    expect(res.headers["cache-control"]).toBe("no-cache");
  });

  it.each([
    ["br", brotliDecompressSync],
    ["gzip", gunzipSync],
  ] as const)("compresses a text asset with %s on the fly", async (encoding, decompress) => {
    const port = await serve();
    const identity = await raw(port, FIXTURE_SCRIPT);
    for (let i = 0; i < 2; i++) {
      const res = await raw(port, FIXTURE_SCRIPT, { headers: { "accept-encoding": encoding } });
      expect(res.headers["content-encoding"]).toBe(encoding);
      expect(Number(res.headers["content-length"])).toBe(res.body.length);
      expect(res.body.length).toBeLessThan(identity.body.length);
      expect(decompress(res.body).equals(identity.body)).toBe(true);
    }
  });

  it.each([
    ["gzip, deflate, br", "br", brotliDecompressSync, "from the .br file"],
    ["gzip", "gzip", gunzipSync, "from the .gz file"],
  ] as const)("prefers the precompressed sibling (accept-encoding %s)", async (accept, encoding, decompress, text) => {
    const res = await raw(await serve(), FIXTURE_PRECOMPRESSED, { headers: { "accept-encoding": accept } });
    expect(res.headers["content-encoding"]).toBe(encoding);
    expect(decompress(res.body).toString()).toContain(text);
  });

  it("sends the file as is to a client that accepts no encoding", async () => {
    const res = await raw(await serve(), FIXTURE_PRECOMPRESSED);
    expect(res.headers["content-encoding"]).toBeUndefined();
    expect(res.body.toString()).toBe("/* identity */\n");
  });

  it.each(["/console/assets/missing-123.js", "/console/assets", "/console/assets/", "/console/robots.txt"])("answers 404 for %s", async (url) => {
    expect((await raw(await serve(), url)).status).toBe(404);
  });

  it.each([
    "/console/assets/../../package.json",
    "/console/assets/../index.html",
    "/console/assets/%2e%2e/%2e%2e/package.json",
    "/console/assets/%2E%2E%2F%2E%2E%2Fpackage.json",
    "/console/..%2f..%2fpackage.json",
    "/console/assets/..%5c..%5cpackage.json",
    "/console/assets/index-f1xture.js%00.png",
    "/console/assets/.hidden",
  ])("refuses %s", async (url) => {
    const res = await raw(await serve(), url);
    expect(res.status).toBe(400);
    expect(res.body.length).toBe(0);
  });

  it("never reads outside the folder: a raw NUL is refused before routing", async () => {
    const port = await serve();
    const res = await new Promise<string>((resolve) => {
      const socket = connect(port, "127.0.0.1", () => socket.end("GET /console/assets/a\0.js HTTP/1.1\r\nHost: x\r\n\r\n"));
      let out = "";
      socket.on("data", (d: Buffer) => (out += d));
      socket.on("close", () => resolve(out));
    });
    expect(res).toMatch(/^HTTP\/1\.1 400/);
  });
});

describe("router", () => {
  it.each(["/consoles", "/consolex/assets/a.js"])("does not hand %s to the console", async (url) => {
    const res = await raw(await serve(), url);
    expect(res.status).toBe(404);
    expect(res.headers["content-security-policy"]).toBeUndefined();
  });
});
