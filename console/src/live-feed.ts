// The live panel's list: newest first, each attempt once, at most `limit` kept.

export const LIVE_LIMIT = 100;

type Attempt = { id: string };

export function addAttempt<T extends Attempt>(list: readonly T[], attempt: T, limit = LIVE_LIMIT): T[] {
  if (list.some((a) => a.id === attempt.id)) return list as T[];
  return [attempt, ...list].slice(0, limit);
}

/** Attempts recorded before the list's (`older`, newest first) go after it, each once. */
export function appendOlder<T extends Attempt>(list: readonly T[], older: readonly T[], limit = LIVE_LIMIT): T[] {
  const seen = new Set(list.map((a) => a.id));
  return [...list, ...older.filter((a) => !seen.has(a.id))].slice(0, limit);
}

/** By id, newest first: attempt ids grow with the time they were recorded (`deliveryAttempts(after:)` relies on it). */
export function newestFirst<T extends Attempt>(attempts: readonly T[]): T[] {
  return [...attempts].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}
