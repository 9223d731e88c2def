import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { brotliCompressSync, gzipSync } from "node:zlib";

// A stand-in for console/dist (what `npm run build:console` writes), so the static route and the
// browser tests do not depend on the real app being built. Same shape as Vite's output with
// base /console/: index.html naming hashed files under assets/.

export const FIXTURE_SCRIPT = "/console/assets/index-f1xture.js";
export const FIXTURE_STYLE = "/console/assets/index-f1xture.css";
/** Served from its .br/.gz siblings, whose contents differ from the file's so a test can tell which was sent. */
export const FIXTURE_PRECOMPRESSED = "/console/assets/vendor-f1xture.js";
export const FIXTURE_LOADED_TEXT = "console fixture loaded";

const INDEX_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Herald console fixture</title>
    <link rel="icon" href="/console/favicon.svg" />
    <link rel="stylesheet" href="${FIXTURE_STYLE}" />
    <script type="module" src="${FIXTURE_SCRIPT}"></script>
  </head>
  <body><div id="root"></div></body>
</html>
`;

// Long enough that compressing it is worth it.
const SCRIPT = `${"// padding so the file compresses\n".repeat(64)}
document.getElementById("root").textContent = ${JSON.stringify(FIXTURE_LOADED_TEXT)};
`;

/** Writes the fixture into a fresh temporary folder (or `dir`) and returns the folder. */
export function writeConsoleFixture(dir = mkdtempSync(path.join(tmpdir(), "herald-console-"))): string {
  mkdirSync(path.join(dir, "assets"), { recursive: true });
  const write = (file: string, content: string | Buffer) => writeFileSync(path.join(dir, file), content);
  write("index.html", INDEX_HTML);
  write("favicon.svg", '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>');
  write(FIXTURE_SCRIPT.slice("/console/".length), SCRIPT);
  write(FIXTURE_STYLE.slice("/console/".length), "#root { font: 16px sans-serif; }\n");
  const vendor = FIXTURE_PRECOMPRESSED.slice("/console/".length);
  write(vendor, "/* identity */\n");
  write(`${vendor}.br`, brotliCompressSync("/* from the .br file */\n"));
  write(`${vendor}.gz`, gzipSync("/* from the .gz file */\n"));
  return dir;
}
