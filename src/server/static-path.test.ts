import { describe, expect, it } from "vitest";
import { consoleTarget, contentTypeOf, isCompressible, pickEncoding } from "./static-path.ts";

describe("consoleTarget", () => {
  it.each([
    ["/console", { kind: "page", organizationId: undefined }],
    ["/console/", { kind: "page", organizationId: undefined }],
    ["/console/endpoints/ep_01J/deliveries", { kind: "page", organizationId: undefined }],
    ["/console/endpoints/", { kind: "page", organizationId: undefined }],
    ["/console?organization=org_01JABC", { kind: "page", organizationId: "org_01JABC" }],
    ["/console/?organization=org_1&x=2", { kind: "page", organizationId: "org_1" }],
    ["/console?organization=a%20b", { kind: "page", organizationId: undefined }],
    [`/console?organization=${"a".repeat(65)}`, { kind: "page", organizationId: undefined }],
    ["/console/assets/index-Bx1.js", { kind: "file", file: "assets/index-Bx1.js", immutable: true }],
    ["/console/assets/index-Bx1.js?v=1", { kind: "file", file: "assets/index-Bx1.js", immutable: true }],
    ["/console/assets/fonts/a%20b.woff2", { kind: "file", file: "assets/fonts/a b.woff2", immutable: true }],
    ["/console/favicon.svg", { kind: "file", file: "favicon.svg", immutable: false }],
    ["/console/assets", { kind: "file", file: "assets", immutable: true }],
    ["/console/assets/../../package.json", { kind: "refused" }],
    ["/console/assets/%2e%2e/%2e%2e/package.json", { kind: "refused" }],
    ["/console/assets/%2E%2E%2Fpackage.json", { kind: "refused" }],
    ["/console/..%2fpackage.json", { kind: "refused" }],
    ["/console/assets/..%5c..%5cpackage.json", { kind: "refused" }],
    ["/console/assets/a.js%00.png", { kind: "refused" }],
    ["/console/assets/a\0.js", { kind: "refused" }],
    ["/console/assets/.env", { kind: "refused" }],
    ["/console/./index.html", { kind: "refused" }],
    ["/console//etc/passwd", { kind: "refused" }],
    ["/console/assets/%E0%A4%A.js", { kind: "refused" }],
    ["/consoles", { kind: "elsewhere" }],
    ["/graphql", { kind: "elsewhere" }],
  ])("%s", (url, expected) => {
    expect(consoleTarget(url)).toEqual(expected);
  });
});

describe("contentTypeOf and isCompressible", () => {
  it.each([
    ["assets/index-1.js", "text/javascript; charset=utf-8", true],
    ["assets/index-1.CSS", "text/css; charset=utf-8", true],
    ["index.html", "text/html; charset=utf-8", true],
    ["assets/index-1.js.map", "application/json; charset=utf-8", true],
    ["logo.svg", "image/svg+xml", true],
    ["assets/inter.woff2", "font/woff2", false],
    ["assets/shot.png", "image/png", false],
    ["assets/blob.bin", "application/octet-stream", false],
    ["README", "application/octet-stream", false],
  ])("%s", (file, type, compressible) => {
    expect(contentTypeOf(file)).toBe(type);
    expect(isCompressible(type)).toBe(compressible);
  });
});

describe("pickEncoding", () => {
  it.each([
    ["br preferred when both are accepted", "gzip, deflate, br", "br"],
    ["gzip when br is not accepted", "gzip, deflate", "gzip"],
    ["identity when nothing fits", "deflate", undefined],
    ["identity without the header", undefined, undefined],
    ["q=0 refuses an encoding", "br;q=0, gzip", "gzip"],
    ["spaces and case", " GZIP ; q=0.5 ", "gzip"],
    ["the wildcard", "*", "br"],
    ["the wildcard does not override an explicit q=0", "br;q=0, *", "gzip"],
    ["a malformed q counts as 0", "br;q=x, gzip", "gzip"],
  ])("%s", (_name, header, expected) => {
    expect(pickEncoding(header, ["br", "gzip"])).toBe(expected);
  });
});
