/** At most this many origins may frame an organization's console. */
export const MAX_FRAME_ANCESTORS = 20;

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1"]);
/** A host name or an address; the URL parser lets `*` through, which CSP would read as a wildcard. */
const HOST = /^([a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/;

/**
 * An origin allowed to frame the console, as it goes into `Content-Security-Policy:
 * frame-ancestors`: scheme://host[:port] and nothing else (a path, a wildcard, a space or
 * a `;` would change the policy), https except for a page on this machine.
 */
export function parseFrameAncestor(value: string): { origin: string } | { problem: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { problem: "is not an origin (scheme://host[:port])" };
  }
  if (url.origin === "null" || url.origin !== value.replace(/\/$/, "") || !HOST.test(url.hostname))
    return { problem: "is not an origin (scheme://host[:port])" };
  if (url.protocol === "https:") return { origin: url.origin };
  if (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname)) return { origin: url.origin };
  return { problem: "must be https:// (http:// only for localhost or 127.0.0.1)" };
}

/** The list as stored (origins normalized, duplicates dropped), or the problems by index. */
export function parseFrameAncestors(values: string[]): { origins: string[] } | { problems: { index: number | null; problem: string }[] } {
  if (values.length > MAX_FRAME_ANCESTORS) return { problems: [{ index: null, problem: `must list at most ${MAX_FRAME_ANCESTORS} origins` }] };
  const parsed = values.map(parseFrameAncestor);
  const problems = parsed.flatMap((p, index) => ("problem" in p ? [{ index, problem: p.problem }] : []));
  if (problems.length > 0) return { problems };
  return { origins: [...new Set(parsed.map((p) => (p as { origin: string }).origin))] };
}
