import { createContext, useContext } from "react";

/**
 * What the signed-in credential may do, as the viewer query tells it: a read-only portal
 * session changes nothing, so the console shows it no control that would (the API refuses
 * such a session's mutations anyway).
 */
export interface Access {
  readOnly: boolean;
}

export const AccessContext = createContext<Access>({ readOnly: false });

/** Whether the page may offer controls that change something. */
export function useCanChange(): boolean {
  return !useContext(AccessContext).readOnly;
}

/** A page opened from a portal link (`/console?organization=<id>#portal=…`): it may be inside a platform's frame. */
export function isPortalAddress(search: string): boolean {
  return new URLSearchParams(search).has("organization");
}
