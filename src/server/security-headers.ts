/**
 * The headers of every page Herald serves to a browser (the console and GraphiQL). Both hold an
 * API key or a portal token, so only Herald's own scripts may run there: no inline script, no
 * third-party host, no plugin, no <base> rewrite. Styles may be inline because Mantine and
 * GraphiQL's editor inject <style> elements at run time.
 */

// An origin a page may be framed by: scheme and host (a leading `*.` allowed), optional port;
// anything else (paths, quotes, semicolons, spaces) could widen or break the policy, so it is dropped.
const FRAME_ANCESTOR = /^https?:\/\/(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/i;

/** The origins that may frame a page, as frame-ancestors lists them; none is `'none'`. */
export function frameAncestorsSource(origins: readonly string[]): string {
  const allowed = [...new Set(origins.filter((o) => FRAME_ANCESTOR.test(o)))];
  return allowed.length === 0 ? "'none'" : allowed.join(" ");
}

/**
 * connect-src 'self' also matches ws: and wss: on the page's own host and port (CSP Level 3,
 * seen in Chromium by test/browser/graphiql.test.ts), which graphql-ws needs.
 * GraphiQL's stylesheet embeds its fonts as data: URLs.
 */
export function contentSecurityPolicy(frameAncestors: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    `frame-ancestors ${frameAncestorsSource(frameAncestors)}`,
    "base-uri 'none'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
}

/** The headers of an HTML page: its CSP, and X-Frame-Options for browsers without frame-ancestors when nobody may frame it. */
export function pageSecurityHeaders(frameAncestors: readonly string[]): Record<string, string> {
  const csp = contentSecurityPolicy(frameAncestors);
  return {
    "content-security-policy": csp,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    ...(csp.includes("frame-ancestors 'none'") && { "x-frame-options": "DENY" }),
  };
}

/** The headers of a file a page loads: its declared type is the only one a browser may use. */
export const ASSET_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};
