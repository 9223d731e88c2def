// The live panel's list: newest first, each attempt once, at most `limit` kept.

export const LIVE_LIMIT = 100;

export function addAttempt<T extends { id: string }>(list: readonly T[], attempt: T, limit = LIVE_LIMIT): T[] {
  if (list.some((a) => a.id === attempt.id)) return list as T[];
  return [attempt, ...list].slice(0, limit);
}
