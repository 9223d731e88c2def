import type { Server } from "node:http";
import { Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../log.ts";
import { type GraphiQLAssets, graphiqlAssets, graphiqlAssetsRoute, graphiqlPage, renderGraphiQLPage } from "./graphiql.ts";
import { close, createHttpServer, listen } from "./http-server.ts";
import type { ReadinessDeps } from "./readiness-check.ts";
import { router } from "./router.ts";
import { CompressionCache } from "./static-files.ts";

const fakeAsset = (url: string) => ({ url, contentType: "text/javascript", bytes: Buffer.alloc(0) });
const fakeAssets: GraphiQLAssets = {
  css: fakeAsset("/graphiql/graphiql.1.css"),
  js: fakeAsset("/graphiql/graphiql.1.js"),
  start: fakeAsset("/graphiql/start.1.js"),
  favicon: fakeAsset("/graphiql/favicon.1.ico"),
  workers: {
    editorWorkerService: fakeAsset("/graphiql/editor.worker.1.js"),
    json: fakeAsset("/graphiql/json.worker.1.js"),
    graphql: fakeAsset("/graphiql/graphql.worker.1.js"),
  },
};

/** Every <script> element's opening tag. */
const scriptTags = (html: string) => html.match(/<script\b[^>]*>/g) ?? [];

describe("graphiqlPage", () => {
  it("runs no inline script: every script is a file, the options a JSON element", () => {
    const html = graphiqlPage(fakeAssets, { subscriptionsProtocol: "WS" });
    expect(scriptTags(html)).toEqual([
      '<script type="application/json" id="graphiql-boot">',
      '<script defer src="/graphiql/start.1.js">',
      '<script defer src="/graphiql/graphiql.1.js">',
    ]);
    expect(html).not.toMatch(/https?:\/\//);
    const boot = JSON.parse(html.match(/id="graphiql-boot">(.*)<\/script>/)?.[1] ?? "");
    expect(boot).toEqual({
      options: { subscriptionsProtocol: "WS" },
      workers: { editorWorkerService: "/graphiql/editor.worker.1.js", json: "/graphiql/json.worker.1.js", graphql: "/graphiql/graphql.worker.1.js" },
    });
  });

  it("escapes options that would end the element or the title", () => {
    const html = graphiqlPage(fakeAssets, { title: "</title><script>alert(1)</script>", defaultQuery: "</script><script>alert(2)</script>" });
    expect(scriptTags(html)).toHaveLength(3);
    expect(html).toContain("<title>&#60;/title&#62;&#60;script&#62;alert(1)&#60;/script&#62;</title>");
    const boot = JSON.parse(html.match(/id="graphiql-boot">(.*)<\/script>/)?.[1] ?? "");
    expect(boot.options.defaultQuery).toBe("</script><script>alert(2)</script>");
  });
});

describe("graphiqlAssetsRoute", () => {
  let server: Server | undefined;
  afterEach(async () => {
    if (server) await close(server);
    server = undefined;
  });

  async function serve(): Promise<string> {
    const log = createLogger("silent");
    const routes = {
      readiness: {} as ReadinessDeps,
      metrics: { registry: new Registry(), exposure: { on: "nowhere" } as const },
      graphql: undefined,
      graphiqlAssets: graphiqlAssetsRoute(new CompressionCache()),
    };
    server = createHttpServer({ config: { HTTP_REQUEST_TIMEOUT_MS: 5_000, HTTP_HEADERS_TIMEOUT_MS: 5_000 }, log }, router(routes));
    return `http://127.0.0.1:${await listen(server, 0, "127.0.0.1")}`;
  }

  it("serves every file the page names from the package, cached for good", async () => {
    const base = await serve();
    const assets = await graphiqlAssets();
    const html = await renderGraphiQLPage({});
    const named = [assets.css, assets.js, assets.start, assets.favicon, ...Object.values(assets.workers)];
    for (const asset of named) {
      const res = await fetch(`${base}${asset.url}`);
      expect(res.status, asset.url).toBe(200);
      expect(res.headers.get("content-type")).toBe(asset.contentType);
      expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(Buffer.from(await res.arrayBuffer()).equals(asset.bytes)).toBe(true);
      expect(html).toContain(asset.url);
    }
    expect(assets.favicon.bytes.subarray(0, 4).equals(Buffer.from([0, 0, 1, 0]))).toBe(true);
  });

  it.each(["/graphiql/graphiql.js", "/graphiql/../package.json", "/graphiql/"])("answers 404 for %s", async (url) => {
    expect((await fetch(`${await serve()}${url}`)).status).toBe(404);
  });
});
