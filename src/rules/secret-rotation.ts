/**
 * Most secrets that sign at once: the current one plus two in their grace period. Each adds
 * a signature to every attempt, and receivers refuse a `webhook-signature` header past a few
 * KB (431), so unbounded rotations would break every delivery to the endpoint.
 */
export const MAX_VALID_SECRETS = 3;

export interface LiveSecret {
  id: string;
  /** Null for the current secret, which has no end until it is rotated out. */
  expiresAt: Date | null;
}

export interface CutSecret {
  id: string;
  /** When its grace period would have ended had this rotation left room for it. */
  graceWasUntil: Date;
}

/**
 * Which of the secrets still signing before a rotation lose their grace at once, so that with
 * the new one at most `max` sign. Every survivor signs until `graceEnd` at the latest; those
 * that would sign longest stay (on a tie the newest: ids are time-ordered), the rest are cut.
 */
export function secretsToCut(live: LiveSecret[], now: Date, graceEnd: Date, max = MAX_VALID_SECRETS): CutSecret[] {
  const inGrace = live
    .map((s) => ({ id: s.id, graceWasUntil: s.expiresAt && s.expiresAt < graceEnd ? s.expiresAt : graceEnd }))
    .filter((s) => s.graceWasUntil > now);
  inGrace.sort((a, b) => b.graceWasUntil.getTime() - a.graceWasUntil.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  return inGrace.slice(Math.max(0, max - 1));
}
