import { readFile, stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import { ASSET_SECURITY_HEADERS } from "./security-headers.ts";
import { type Encoding, isCompressible, pickEncoding } from "./static-path.ts";

const compressors: Record<Encoding, (body: Buffer) => Promise<Buffer>> = {
  // Quality 5 compresses a multi-megabyte bundle in well under a second, close to gzip -9's size.
  br: (body) => promisify(brotliCompress)(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }),
  gzip: (body) => promisify(gzip)(body),
};

/**
 * Compressed copies of the files served, made once per file version: the same few bundle files
 * are asked for by every browser. The set of keys is the build's files, so it stays small.
 */
export class CompressionCache {
  private readonly entries = new Map<string, { version: string; bytes: Promise<Buffer> }>();

  get(key: string, version: string, encoding: Encoding, body: () => Promise<Buffer>): Promise<Buffer> {
    const cacheKey = `${encoding}:${key}`;
    const cached = this.entries.get(cacheKey);
    if (cached?.version === version) return cached.bytes;
    const bytes = body().then(compressors[encoding]);
    this.entries.set(cacheKey, { version, bytes });
    bytes.catch(() => this.entries.delete(cacheKey));
    return bytes;
  }
}

export interface StaticFile {
  /** Identifies the file in the compression cache. */
  key: string;
  /** Changes whenever the file does (size and mtime, or a content hash). */
  version: string;
  contentType: string;
  cacheControl: string;
  body(): Promise<Buffer>;
  /** Compressed copies shipped beside the file (name.br, name.gz), preferred to compressing here. */
  precompressed?(encoding: Encoding): Promise<Buffer | undefined>;
}

/** Answers GET or HEAD with the file, compressed as the client accepts when its type gains from it. */
export async function sendStaticFile(req: IncomingMessage, res: ServerResponse, file: StaticFile, cache: CompressionCache): Promise<void> {
  const compressible = isCompressible(file.contentType);
  const encoding = compressible ? pickEncoding(req.headers["accept-encoding"], ["br", "gzip"]) : undefined;
  const body = encoding ? ((await file.precompressed?.(encoding)) ?? (await cache.get(file.key, file.version, encoding, file.body))) : await file.body();
  res.writeHead(200, {
    ...ASSET_SECURITY_HEADERS,
    "content-type": file.contentType,
    "content-length": String(body.length),
    "cache-control": file.cacheControl,
    ...(compressible && { vary: "Accept-Encoding" }),
    ...(encoding && { "content-encoding": encoding }),
  });
  res.end(req.method === "HEAD" ? undefined : body);
}

/** A file of a folder on disk, or undefined when there is no such regular file. */
export async function fileOnDisk(fullPath: string, contentType: string, cacheControl: string): Promise<StaticFile | undefined> {
  const info = await stat(fullPath).catch(() => undefined);
  if (!info?.isFile()) return undefined;
  return {
    key: fullPath,
    version: `${info.size}:${info.mtimeMs}`,
    contentType,
    cacheControl,
    body: () => readFile(fullPath),
    precompressed: (encoding) => readFile(`${fullPath}.${encoding === "br" ? "br" : "gz"}`).catch(() => undefined),
  };
}

/** Refuses anything but GET and HEAD with 405; true when it did. */
export function refuseNonGet(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method === "GET" || req.method === "HEAD") return false;
  res.writeHead(405, { allow: "GET, HEAD", "content-length": "0" }).end();
  return true;
}
