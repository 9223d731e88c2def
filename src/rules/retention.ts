import { encodeTime } from "ulidx";
import type { IdPrefix } from "./ids.ts";

const DAY_MS = 86_400_000;

/** The bounds an organization's retention takes: a day at least (a mistake costs a day of data, not all of it), ten years at most. */
export const RETENTION_DAYS = { min: 1, max: 3650 } as const;

/** Why `days` is not a retention, or null when it is one. */
export function retentionDaysProblem(days: number): string | null {
  if (!Number.isInteger(days) || days < RETENTION_DAYS.min || days > RETENTION_DAYS.max) {
    return `must be a whole number of days from ${RETENTION_DAYS.min} to ${RETENTION_DAYS.max}`;
  }
  return null;
}

/** The moment before which rows kept for `days` are due. */
export function retentionCutoff(nowMs: number, days: number): Date {
  return new Date(nowMs - days * DAY_MS);
}

/**
 * The smallest id of `prefix` made at `at` or later: ids are prefixed ULIDs, whose first ten
 * characters encode their time in an alphabet that sorts like the time, so every id made
 * before `at` sorts below it and "older than" is a range on the id's index.
 */
export function idMadeAt(prefix: IdPrefix, at: Date): string {
  return `${prefix}_${encodeTime(Math.max(0, at.getTime()), 10)}`;
}

/** An organization's retention in days: its own setting, or the service's default. */
export function effectiveDays(own: number | null, serviceDefault: number): number {
  return own ?? serviceDefault;
}
