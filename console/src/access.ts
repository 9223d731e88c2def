import { createContext, useContext } from "react";

// What the signed-in credential may do, for the controls that change something.

export interface Access {
  /** A read-only portal session: Herald refuses its mutations, so the console shows none of their controls. */
  readOnly: boolean;
}

export const AccessContext = createContext<Access>({ readOnly: false });

/** False in a read-only portal: mutating controls are then left out, not merely disabled. */
export function useCanMutate(): boolean {
  return !useContext(AccessContext).readOnly;
}
