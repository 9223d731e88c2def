// The console's credential: an API key pasted at sign-in, or the token of a portal link.
// Kept in sessionStorage, so it ends with the tab and is never written to disk by the console.

const CREDENTIAL_KEY = "herald.credential";
const PORTAL_KEY = "herald.portal";

export interface Session {
  credential: string;
  /** Signed in through a portal link (`#portal=<token>`) rather than with an API key. */
  portal: boolean;
  /** Signed in with Herald's ADMIN_TOKEN: the operator view only, no organization. */
  operator: boolean;
}

/**
 * Which credential a token pasted at sign-in is. An API key starts with `sk_`, a portal token
 * with `hps_` (as src/rules/api-tokens.ts and portal-tokens.ts mint them); anything else can only
 * be the ADMIN_TOKEN, which Herald compares whole and which has no organization.
 */
export function credentialKind(token: string): "apiKey" | "portal" | "operator" {
  if (token.startsWith("sk_")) return "apiKey";
  if (token.startsWith("hps_")) return "portal";
  return "operator";
}

/** The token of a portal link's fragment (`#portal=<token>`), or null for any other fragment. */
export function portalTokenOf(hash: string): string | null {
  const m = /^#portal=([^&]+)$/.exec(hash);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]!).trim() || null;
  } catch {
    return null;
  }
}

export function readSession(storage: Storage = sessionStorage): Session | null {
  const credential = storage.getItem(CREDENTIAL_KEY);
  if (!credential) return null;
  const portal = storage.getItem(PORTAL_KEY) === "1";
  return { credential, portal, operator: !portal && credentialKind(credential) === "operator" };
}

export function saveSession(session: Session, storage: Storage = sessionStorage): void {
  storage.setItem(CREDENTIAL_KEY, session.credential);
  if (session.portal) storage.setItem(PORTAL_KEY, "1");
  else storage.removeItem(PORTAL_KEY);
}

export function clearSession(storage: Storage = sessionStorage): void {
  storage.removeItem(CREDENTIAL_KEY);
  storage.removeItem(PORTAL_KEY);
}

/**
 * Signs in with a portal link's token when the page was opened with one, and takes the token
 * out of the address bar (and so out of history, bookmarks and copied links) at once.
 */
export function sessionFromPortalLink(): Session | null {
  const token = portalTokenOf(window.location.hash);
  if (!token) return null;
  window.history.replaceState(null, "", `${window.location.pathname}${window.location.search}#/endpoints`);
  const session = { credential: token, portal: true, operator: false };
  saveSession(session);
  return session;
}
