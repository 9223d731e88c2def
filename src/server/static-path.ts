/** Where the console is served, and how a request's path maps to a file of its build. */
export const CONSOLE_PATH = "/console";

/**
 * What a /console request asks for: the app's page (any client route), a hashed build file under
 * assets/, another file of the build (a dot in its last segment, e.g. favicon.svg), or a path
 * that is refused outright (dot segments, NUL, backslashes, bad escapes).
 */
export type ConsoleTarget =
  | { kind: "page"; organizationId: string | undefined }
  | { kind: "file"; file: string; immutable: boolean }
  | { kind: "refused" }
  | { kind: "elsewhere" };

/** The organization ids the console's page asks frame-ancestors for; anything else is never looked up. */
const ORGANIZATION_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function consoleTarget(url: string): ConsoleTarget {
  const [rawPath = "", query = ""] = splitOnce(url, "?");
  if (rawPath !== CONSOLE_PATH && !rawPath.startsWith(`${CONSOLE_PATH}/`)) return { kind: "elsewhere" };
  const segments = decodedSegments(rawPath.slice(CONSOLE_PATH.length + 1));
  if (!segments) return { kind: "refused" };
  const last = segments.at(-1) ?? "";
  if (segments[0] === "assets" || last.includes(".")) {
    return { kind: "file", file: segments.join("/"), immutable: segments[0] === "assets" };
  }
  return { kind: "page", organizationId: organizationIdOf(query) };
}

/** The path's segments decoded, or undefined when one could step out of the folder or name a hidden file. */
function decodedSegments(path: string): string[] | undefined {
  const raw = path.split("/");
  // "/console/" and "/console/endpoints/" are pages; an empty segment elsewhere is not.
  if (raw.at(-1) === "") raw.pop();
  const out: string[] = [];
  for (const segment of raw) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return undefined;
    }
    if (decoded === "" || decoded.startsWith(".") || /[\\/\0]/.test(decoded)) return undefined;
    out.push(decoded);
  }
  return out;
}

function organizationIdOf(query: string): string | undefined {
  const id = new URLSearchParams(query).get("organization") ?? undefined;
  return id !== undefined && ORGANIZATION_ID.test(id) ? id : undefined;
}

function splitOnce(s: string, separator: string): [string, string] {
  const i = s.indexOf(separator);
  return i < 0 ? [s, ""] : [s.slice(0, i), s.slice(i + 1)];
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  mjs: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  json: "application/json; charset=utf-8",
  map: "application/json; charset=utf-8",
  txt: "text/plain; charset=utf-8",
  svg: "image/svg+xml",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
  ico: "image/x-icon",
  woff: "font/woff",
  woff2: "font/woff2",
  ttf: "font/ttf",
  wasm: "application/wasm",
};

export function contentTypeOf(file: string): string {
  const ext = file.slice(file.lastIndexOf(".") + 1).toLowerCase();
  return CONTENT_TYPES[ext] ?? "application/octet-stream";
}

/** Formats that are already compressed (images, fonts) gain nothing from gzip. */
export function isCompressible(contentType: string): boolean {
  return /^(text\/|application\/(json|wasm)|image\/svg\+xml)/.test(contentType);
}

export type Encoding = "br" | "gzip";

/** The best of `offered` (in Herald's order of preference) that Accept-Encoding allows, or undefined for identity. */
export function pickEncoding(acceptEncoding: string | undefined, offered: readonly Encoding[]): Encoding | undefined {
  const q = new Map<string, number>();
  for (const part of (acceptEncoding ?? "").split(",")) {
    const [name = "", ...params] = part
      .toLowerCase()
      .split(";")
      .map((p) => p.trim());
    const qParam = params.find((p) => p.startsWith("q="));
    const value = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (name) q.set(name, Number.isFinite(value) ? value : 0);
  }
  return offered.find((e) => (q.get(e) ?? q.get("*") ?? 0) > 0);
}
