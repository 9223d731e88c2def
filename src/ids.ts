import { monotonicFactory } from "ulidx";

const ulid = monotonicFactory();

export type IdPrefix = "org" | "ep" | "evt" | "dlv" | "att" | "key" | "et" | "sec" | "rej" | "run";

/** Prefixed ULIDs: sortable by creation time, and the prefix tells what an id names. */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${ulid()}`;
}
