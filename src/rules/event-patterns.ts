export const MAX_EVENT_TYPE_LENGTH = 128;

const SEGMENT = /^[A-Za-z0-9_-]+$/;
const WILDCARD = "*";

export function isPattern(s: string): boolean {
  return s.includes(WILDCARD);
}

function checkSegments(s: string, what: string, allowWildcard: boolean): string | null {
  if (s.length < 1 || s.length > MAX_EVENT_TYPE_LENGTH) {
    return `${what} must be 1 to ${MAX_EVENT_TYPE_LENGTH} characters`;
  }
  for (const segment of s.split(".")) {
    if (segment === "") return `${what} "${s}" has an empty segment (check for leading, trailing or doubled dots)`;
    if (allowWildcard && segment === WILDCARD) continue;
    if (!SEGMENT.test(segment)) {
      return allowWildcard
        ? `${what} "${s}": each dot-separated segment must be "*" or letters, digits, "_" and "-"`
        : `${what} "${s}": each dot-separated segment may contain only letters, digits, "_" and "-"`;
    }
  }
  return null;
}

/** A problem with an event type name, or null when it is valid. */
export function validateEventTypeName(s: string): string | null {
  return checkSegments(s, "event type", false);
}

/** A problem with a subscription pattern (or plain name), or null when it is valid. */
export function validatePattern(s: string): string | null {
  return checkSegments(s, "event type pattern", true);
}

/**
 * A `*` segment matches exactly one segment, except in last position, where it matches
 * one or more: `order.*` covers `order.created` and `order.item.added`, and `*` covers
 * every type. A pattern without `*` matches only the identical name.
 */
export function matchesEventType(pattern: string, type: string): boolean {
  if (!isPattern(pattern)) return pattern === type;
  const want = pattern.split(".");
  const have = type.split(".");
  for (let i = 0; i < want.length; i++) {
    const segment = want[i];
    if (segment === WILDCARD && i === want.length - 1) return have.length > i;
    if (i >= have.length || (segment !== WILDCARD && segment !== have[i])) return false;
  }
  return want.length === have.length;
}

export function matchesAny(patterns: readonly string[], type: string): boolean {
  return patterns.some((pattern) => matchesEventType(pattern, type));
}
