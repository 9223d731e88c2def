/** Postgres text cannot hold NUL, and what Herald stores may come from anyone (a receiver's answer, a producer's subject). */
export function withoutNul<T extends string | null>(s: T): T {
  return (s === null ? null : s.replaceAll("\u0000", "\ufffd")) as T;
}
