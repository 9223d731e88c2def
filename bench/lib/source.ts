import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/**
 * A fingerprint of the Herald source the workers run (every file under src/), so a result can
 * be tied to the code it measured, and a run during which src/ changed is flagged: each
 * scenario starts fresh worker processes, so such a run mixes versions.
 */
export function sourceFingerprint(root: string): { sha256: string; files: number; newest: string } {
  const hash = createHash("sha256");
  let files = 0;
  let newest = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile()) {
        hash.update(path.relative(root, p)).update("\0").update(readFileSync(p)).update("\0");
        newest = Math.max(newest, statSync(p).mtimeMs);
        files++;
      }
    }
  };
  walk(path.join(root, "src"));
  return { sha256: hash.digest("hex").slice(0, 16), files, newest: new Date(newest).toISOString() };
}
