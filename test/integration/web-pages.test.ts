import { rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_SCRIPT, writeConsoleFixture } from "../../src/infra/console-fixture.ts";
import { type ControlPlane, startControlPlane } from "../harness/control-plane.ts";
import { PRODUCTION_ENV } from "../harness/env.ts";

// Issue 20: the console and GraphiQL as a real api process serves them, with their security
// headers; production keeps GraphiQL off and says how to build a missing console.

const html = { accept: "text/html,application/xhtml+xml" };

describe("an api in development, the console built", () => {
  let cp: ControlPlane;
  let base: string;
  let consoleDir: string;

  beforeAll(async () => {
    consoleDir = writeConsoleFixture();
    cp = await startControlPlane({ CONSOLE_DIR: consoleDir });
    base = `http://127.0.0.1:${cp.herald.port}`;
  });
  afterAll(async () => {
    await cp?.stop();
    rmSync(consoleDir, { recursive: true, force: true });
  });

  it("serves the console's page for a client route, with strict headers, and its files", async () => {
    const page = await fetch(`${base}/console/endpoints`, { headers: html });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toMatch(/^default-src 'self'; script-src 'self';.*frame-ancestors 'none'/);
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    expect(page.headers.get("cache-control")).toBe("no-store");
    expect(await page.text()).toContain(FIXTURE_SCRIPT);

    const script = await fetch(`${base}${FIXTURE_SCRIPT}`, { headers: { "accept-encoding": "br" } });
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(script.headers.get("content-encoding")).toBe("br");
    expect(script.headers.get("cache-control")).toContain("immutable");
  });

  it("serves GraphiQL with the same policy and scripts that are files on Herald, none inline", async () => {
    const res = await fetch(`${base}/graphql`, { headers: html });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self';");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    const page = await res.text();
    expect(page).not.toMatch(/unpkg|https?:\/\//);
    const sources = [...page.matchAll(/<script defer src="([^"]+)">/g)].map((m) => m[1]);
    expect(sources).toHaveLength(2);
    for (const src of sources) {
      const asset = await fetch(`${base}${src}`);
      expect(asset.status, src).toBe(200);
      expect(asset.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    }
  });

  it("keeps API responses free of page headers", async () => {
    const post = await fetch(`${base}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"query":"{ __typename }"}' });
    expect(post.status).toBe(200);
    expect(post.headers.get("content-security-policy")).toBeNull();
  });
});

describe("an api in production, the console not built", () => {
  let cp: ControlPlane;
  let base: string;

  beforeAll(async () => {
    cp = await startControlPlane({ ...PRODUCTION_ENV, CONSOLE_DIR: path.join(import.meta.dirname, "no-console-here") });
    base = `http://127.0.0.1:${cp.herald.port}`;
  });
  afterAll(async () => {
    await cp?.stop();
  });

  it("answers /console with 503 and the command that builds it", async () => {
    const res = await fetch(`${base}/console`, { headers: html });
    expect(res.status).toBe(503);
    expect(await res.text()).toContain("npm run build:console");
  });

  it("serves no GraphiQL and none of its files", async () => {
    const page = await fetch(`${base}/graphql`, { headers: html });
    expect(await page.text()).not.toContain("graphiql-boot");
    expect((await fetch(`${base}/graphiql/start.0.js`)).status).toBe(404);
  });
});
