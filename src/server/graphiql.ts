import { createHash } from "node:crypto";
import type { GraphiQLOptions } from "graphql-yoga";
import type { Handler } from "./http-server.ts";
import { type CompressionCache, refuseNonGet, sendStaticFile, type StaticFile } from "./static-files.ts";

/**
 * GraphiQL from the files of @graphql-yoga/render-graphiql, served by Herald. Yoga's default page
 * loads them from unpkg, and the package's own renderGraphiQL inlines them in one <script>; both
 * are refused by a policy that runs only same-origin script files. Here every script is a file
 * under /graphiql/, named by its content's hash so it can be cached for good.
 */
export const GRAPHIQL_ASSETS_PATH = "/graphiql/";

// Runs before the bundle (both deferred, so in order): Monaco reads MonacoEnvironment when it
// starts its workers, and the page's options come from a JSON element, not from inline script.
const START_SCRIPT = `(function () {
  var boot = JSON.parse(document.getElementById("graphiql-boot").textContent);
  self.MonacoEnvironment = {
    globalAPI: false,
    getWorkerUrl: function (_moduleId, label) {
      return boot.workers[label];
    },
  };
  document.addEventListener("DOMContentLoaded", function () {
    YogaGraphiQL.renderYogaGraphiQL(document.getElementById("root"), boot.options);
  });
})();
`;

interface Asset {
  url: string;
  contentType: string;
  bytes: Buffer;
}

export interface GraphiQLAssets {
  css: Asset;
  js: Asset;
  start: Asset;
  favicon: Asset;
  /** Monaco's workers by the label it asks for. */
  workers: Record<"editorWorkerService" | "json" | "graphql", Asset>;
}

let loading: Promise<GraphiQLAssets> | undefined;

/** Loaded on the first GraphiQL request only: the package holds 9 MB of strings a production API never needs. */
export function graphiqlAssets(): Promise<GraphiQLAssets> {
  loading ??= import("@graphql-yoga/render-graphiql/graphiql").then((pkg) => {
    const JS = "text/javascript; charset=utf-8";
    return {
      css: asset("graphiql", "css", "text/css; charset=utf-8", Buffer.from(pkg.css)),
      js: asset("graphiql", "js", JS, Buffer.from(pkg.js)),
      start: asset("start", "js", JS, Buffer.from(START_SCRIPT)),
      favicon: asset("favicon", "ico", "image/x-icon", Buffer.from(pkg.favicon.slice(pkg.favicon.indexOf(",") + 1), "base64")),
      workers: {
        editorWorkerService: asset("editor.worker", "js", JS, Buffer.from(pkg.editorWorkerService)),
        json: asset("json.worker", "js", JS, Buffer.from(pkg.jsonWorker)),
        graphql: asset("graphql.worker", "js", JS, Buffer.from(pkg.graphqlWorker)),
      },
    };
  });
  return loading;
}

function asset(name: string, ext: string, contentType: string, bytes: Buffer): Asset {
  const hash = createHash("sha256").update(bytes).digest("hex").slice(0, 16);
  return { url: `${GRAPHIQL_ASSETS_PATH}${name}.${hash}.${ext}`, contentType, bytes };
}

/** Yoga's renderGraphiQL: the page, which runs no inline script. */
export async function renderGraphiQLPage(options: GraphiQLOptions): Promise<string> {
  return graphiqlPage(await graphiqlAssets(), options);
}

export function graphiqlPage(assets: GraphiQLAssets, options: GraphiQLOptions): string {
  const workers = Object.fromEntries(Object.entries(assets.workers).map(([label, a]) => [label, a.url]));
  // `<` escaped, so no value in the options can close the element.
  const boot = JSON.stringify({ options, workers }).replaceAll("<", "\\u003c");
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${escapeHtml(options.title ?? "Herald GraphiQL")}</title>
    <link rel="icon" href="${assets.favicon.url}" />
    <link rel="stylesheet" href="${assets.css.url}" />
    <script type="application/json" id="graphiql-boot">${boot}</script>
    <script defer src="${assets.start.url}"></script>
    <script defer src="${assets.js.url}"></script>
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run GraphiQL.</noscript>
    <div id="root"></div>
  </body>
</html>
`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** GET/HEAD /graphiql/<name>.<hash>.<ext>: GraphiQL's files, 404 for any other name. */
export function graphiqlAssetsRoute(compression: CompressionCache): Handler {
  return async (req, res) => {
    if (refuseNonGet(req, res)) return;
    const assets = await graphiqlAssets();
    const path = (req.url ?? "/").split("?")[0];
    const found = [assets.css, assets.js, assets.start, assets.favicon, ...Object.values(assets.workers)].find((a) => a.url === path);
    if (!found) return void res.writeHead(404, { "content-length": "0" }).end();
    const file: StaticFile = {
      key: found.url,
      version: found.url,
      contentType: found.contentType,
      cacheControl: "public, max-age=31536000, immutable",
      body: () => Promise.resolve(found.bytes),
    };
    await sendStaticFile(req, res, file, compression);
  };
}
