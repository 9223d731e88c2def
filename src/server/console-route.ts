import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Logger } from "../log.ts";
import type { Handler } from "./http-server.ts";
import { pageSecurityHeaders } from "./security-headers.ts";
import { type CompressionCache, fileOnDisk, refuseNonGet, sendStaticFile } from "./static-files.ts";
import { consoleTarget, contentTypeOf } from "./static-path.ts";

/** `npm run build:console`'s output, found from this file (src/server or dist/server), not from the working directory. */
export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL("../../console/dist", import.meta.url));

/** The origins an organization lets frame its portal, or null when there is no such organization. */
export type FrameAncestors = (organizationId: string) => Promise<string[] | null>;

export interface ConsoleDeps {
  /** The built console (index.html and assets/). */
  dir: string;
  frameAncestors: FrameAncestors;
  compression: CompressionCache;
  log: Logger;
}

const IMMUTABLE = "public, max-age=31536000, immutable";
// Files outside assets/ (favicon, robots.txt) keep their names from build to build.
const REVALIDATE = "no-cache";

/** GET/HEAD /console: the app's page for every client route, its build files, 404 for a missing one. */
export function consoleRoute(deps: ConsoleDeps): Handler {
  const dir = path.resolve(deps.dir);
  return async (req, res) => {
    if (refuseNonGet(req, res)) return;
    const target = consoleTarget(req.url ?? "/");
    switch (target.kind) {
      case "page":
        return sendPage(req, res, deps, await frameAncestorsOf(deps, target.organizationId));
      case "file": {
        const file = await fileOnDisk(path.join(dir, target.file), contentTypeOf(target.file), target.immutable ? IMMUTABLE : REVALIDATE);
        if (!file) return void res.writeHead(404, { "content-length": "0" }).end();
        return sendStaticFile(req, res, file, deps.compression);
      }
      default:
        res.writeHead(400, { "content-length": "0" }).end();
    }
  };
}

async function sendPage(req: IncomingMessage, res: ServerResponse, deps: ConsoleDeps, frameAncestors: string[]): Promise<void> {
  const html = await readFile(path.join(deps.dir, "index.html")).catch(() => undefined);
  if (!html) {
    res.writeHead(503, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" });
    return void res.end(req.method === "HEAD" ? undefined : "The console is not built: run `npm run build:console`.\n");
  }
  res.writeHead(200, {
    ...pageSecurityHeaders(frameAncestors),
    "content-type": "text/html; charset=utf-8",
    "content-length": String(html.length),
    // The page names the current build's hashed assets and must never outlive it.
    "cache-control": "no-store",
  });
  res.end(req.method === "HEAD" ? undefined : html);
}

/** Fails closed: when the lookup fails, the page is served but may not be framed. */
async function frameAncestorsOf(deps: ConsoleDeps, organizationId: string | undefined): Promise<string[]> {
  if (organizationId === undefined) return [];
  try {
    return (await deps.frameAncestors(organizationId)) ?? [];
  } catch (err) {
    deps.log.warn({ err, organizationId }, "frame-ancestors lookup failed; the console is served unframeable");
    return [];
  }
}
